//! The push parser (src/partial_json.rs): the edits it emits, applied by a reference applier,
//! give the documented partial value after every push, whatever the split; the verdict is as
//! strict as `JSON.parse`; the work is linear in the text.
// The reference applier below is test code outside `#[test]` functions: a malformed op panics.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use cerebras_wasm::json::JsonError;
use cerebras_wasm::partial_json::{Parsers, PartialJson, MAX_DEPTH};

// ---------------------------------------------------------------------------------------------
// A value model and the reference applier of the ops.

#[derive(Debug, Clone, PartialEq)]
enum V {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<V>),
    Obj(Vec<(String, V)>),
}

/// Reads the ops text (a JSON array of op codes, keys and scalars, `{}` and `[]`).
struct Reader<'a> {
    text: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> u8 {
        self.text[self.pos]
    }

    fn value(&mut self) -> V {
        match self.peek() {
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                if self.peek() == b']' {
                    self.pos += 1;
                    return V::Arr(items);
                }
                loop {
                    items.push(self.value());
                    let b = self.peek();
                    self.pos += 1;
                    match b {
                        b',' => {}
                        b']' => return V::Arr(items),
                        _ => panic!("bad ops at {}", self.pos),
                    }
                }
            }
            b'{' => {
                assert_eq!(self.text[self.pos + 1], b'}', "only empty objects in ops");
                self.pos += 2;
                V::Obj(Vec::new())
            }
            b'"' => V::Str(self.string()),
            b't' => self.word("true", V::Bool(true)),
            b'f' => self.word("false", V::Bool(false)),
            b'n' => self.word("null", V::Null),
            _ => {
                let start = self.pos;
                while matches!(self.text.get(self.pos), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
                    self.pos += 1;
                }
                assert!(self.pos > start, "bad ops at {start}");
                V::Num(String::from_utf8(self.text[start..self.pos].to_vec()).unwrap())
            }
        }
    }

    fn word(&mut self, word: &str, v: V) -> V {
        assert!(self.text[self.pos..].starts_with(word.as_bytes()));
        self.pos += word.len();
        v
    }

    fn hex(&mut self) -> u32 {
        let digits = std::str::from_utf8(&self.text[self.pos..self.pos + 4]).unwrap();
        self.pos += 4;
        u32::from_str_radix(digits, 16).unwrap()
    }

    /// A string argument; each must decode alone (a surrogate pair is never split).
    fn string(&mut self) -> String {
        self.pos += 1;
        let mut bytes = Vec::new();
        loop {
            let b = self.peek();
            self.pos += 1;
            match b {
                b'"' => return String::from_utf8(bytes).unwrap(),
                b'\\' => {
                    let e = self.peek();
                    self.pos += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let unit = self.hex();
                            if (0xD800..0xDC00).contains(&unit) {
                                assert_eq!(&self.text[self.pos..self.pos + 2], b"\\u", "a split surrogate pair");
                                self.pos += 2;
                                let low = self.hex();
                                char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)).unwrap()
                            } else {
                                char::from_u32(unit).expect("no lone surrogate in these tests")
                            }
                        }
                        _ => panic!("bad escape"),
                    };
                    let mut buf = [0u8; 4];
                    bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => bytes.push(b),
            }
        }
    }
}

/// The consumer's copy of the value, kept up to date by the ops alone.
#[derive(Default)]
struct Applier {
    root: Option<V>,
    /// How many containers are open (the top value included).
    depth: usize,
    /// The index of each open container below the top value in its parent, outermost first.
    path: Vec<usize>,
    /// Where the last scalar was set in the innermost open container (`None`: the top value).
    at: Option<usize>,
}

impl Applier {
    /// The innermost open container.
    fn top(&mut self) -> &mut V {
        let mut node = self.root.as_mut().expect("a container is open");
        for &i in &self.path {
            node = match node {
                V::Arr(items) => &mut items[i],
                V::Obj(members) => &mut members[i].1,
                _ => panic!("a scalar on the path"),
            };
        }
        node
    }

    fn apply(&mut self, ops: &str) {
        if ops.is_empty() {
            return;
        }
        let V::Arr(ops) = (Reader {
            text: ops.as_bytes(),
            pos: 0,
        })
        .value() else {
            panic!("ops are an array")
        };
        assert!(!ops.is_empty(), "no change is sent as the empty text");
        let mut ops = ops.into_iter();
        while let Some(op) = ops.next() {
            let V::Num(code) = op else { panic!("an op code, not {op:?}") };
            match code.as_str() {
                "0" => {
                    assert!(self.depth > 0, "a close with no container open");
                    self.depth -= 1;
                    if self.depth > 0 {
                        self.path.pop();
                    }
                    self.at = None;
                }
                "1" => {
                    if self.depth == 0 {
                        let value = ops.next().expect("a value");
                        let opens = matches!(value, V::Arr(_) | V::Obj(_));
                        self.root = Some(value);
                        self.at = None;
                        self.depth = usize::from(opens);
                        continue;
                    }
                    let (index, opens) = match self.top() {
                        V::Arr(items) => {
                            items.push(ops.next().expect("a value"));
                            (items.len() - 1, matches!(items.last(), Some(V::Arr(_) | V::Obj(_))))
                        }
                        V::Obj(members) => {
                            let Some(V::Str(key)) = ops.next() else { panic!("a key") };
                            let value = ops.next().expect("a value");
                            let opens = matches!(value, V::Arr(_) | V::Obj(_));
                            match members.iter().position(|(k, _)| *k == key) {
                                Some(i) => {
                                    members[i].1 = value;
                                    (i, opens)
                                }
                                None => {
                                    members.push((key, value));
                                    (members.len() - 1, opens)
                                }
                            }
                        }
                        other => panic!("a set into {other:?}"),
                    };
                    if opens {
                        self.path.push(index);
                        self.depth += 1;
                        self.at = None;
                    } else {
                        self.at = Some(index);
                    }
                }
                "2" => {
                    let Some(V::Str(text)) = ops.next() else {
                        panic!("append takes a string")
                    };
                    let target = match (self.depth, self.at) {
                        (0, _) => self.root.as_mut().expect("a string to append to"),
                        (_, Some(i)) => match self.top() {
                            V::Arr(items) => &mut items[i],
                            V::Obj(members) => &mut members[i].1,
                            _ => unreachable!(),
                        },
                        _ => panic!("append with no string set"),
                    };
                    match target {
                        V::Str(s) => s.push_str(&text),
                        other => panic!("append to {other:?}"),
                    }
                }
                other => panic!("unknown op {other}"),
            }
        }
    }
}

/// The value as compact JSON, members in order, for comparison with the expectations written
/// below; `undefined` before anything shows.
fn render(value: Option<&V>) -> String {
    fn string(s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    fn go(v: &V, out: &mut String) {
        match v {
            V::Null => out.push_str("null"),
            V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            V::Num(n) => out.push_str(n),
            V::Str(s) => string(s, out),
            V::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    go(item, out);
                }
                out.push(']');
            }
            V::Obj(members) => {
                out.push('{');
                for (i, (k, item)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    string(k, out);
                    out.push(':');
                    go(item, out);
                }
                out.push('}');
            }
        }
    }
    let Some(v) = value else { return "undefined".into() };
    let mut out = String::new();
    go(v, &mut out);
    out
}

/// Pushes `pieces` one by one: the rendered value after each, the verdict, the final value.
fn run(pieces: &[&str]) -> (Vec<String>, Result<(), JsonError>, String) {
    let mut parser = PartialJson::new();
    let mut applier = Applier::default();
    let mut seen = Vec::new();
    for piece in pieces {
        applier.apply(parser.push(piece));
        seen.push(render(applier.root.as_ref()));
    }
    let verdict = parser.finish().map(|ops| applier.apply(ops));
    (seen, verdict, render(applier.root.as_ref()))
}

/// `text` pushed a char at a time: the rendered value at each char boundary (the first:
/// nothing pushed), the verdict and the final value.
fn per_char(text: &str) -> (Vec<(usize, String)>, Result<(), JsonError>, String) {
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).skip(1).chain([text.len()]).collect();
    let mut pieces = Vec::new();
    let mut from = 0;
    for &cut in &cuts {
        pieces.push(&text[from..cut]);
        from = cut;
    }
    let (seen, verdict, last) = run(&pieces);
    let states = [(0, "undefined".to_string())]
        .into_iter()
        .chain(cuts.into_iter().zip(seen))
        .collect();
    (states, verdict, last)
}

/// The distinct values shown, in order, as `text` arrives a char at a time and finishes.
fn shown(text: &str) -> Vec<String> {
    let (states, _, last) = per_char(text);
    let mut out: Vec<String> = Vec::new();
    for s in states.into_iter().map(|(_, s)| s).chain([last]) {
        if out.last() != Some(&s) {
            out.push(s);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------

#[test]
fn the_ops_of_the_documented_example() {
    let mut parser = PartialJson::new();
    assert_eq!(parser.push(r#"{"a":[1,"xy"],"b":tr"#), r#"[1,{},1,"a",[],1,1,1,"xy",0]"#);
    assert_eq!(parser.push(r#"ue,"c":"\u00e9"#), r#"[1,"b",true,1,"c","\u00e9"]"#);
    assert_eq!(parser.push(r#"z"}"#), r#"[2,"z",0]"#);
    assert_eq!(parser.finish(), Ok(""));
    // Nothing new shows: the empty text, not an empty array.
    let mut parser = PartialJson::new();
    assert_eq!(parser.push("  [12"), "[1,[]]");
    assert_eq!(parser.push("3"), "");
    assert_eq!(parser.push("4 "), "[1,1234]");
    // A number that is the whole text shows at the end.
    let mut parser = PartialJson::new();
    assert_eq!(parser.push("-1.5e3"), "");
    assert_eq!(parser.finish(), Ok("[1,-1.5e3]"));
    // A string at the top grows by appends; an escape shows once whole.
    let mut parser = PartialJson::new();
    assert_eq!(parser.push("\"ab"), "[1,\"ab\"]");
    assert_eq!(parser.push("c\\"), "[2,\"c\"]");
    assert_eq!(parser.push("n"), "[2,\"\\n\"]");
    assert_eq!(parser.push("\""), "");
    assert_eq!(parser.finish(), Ok(""));
}

#[test]
fn a_prefix_shows_strings_as_they_grow_and_the_rest_once_complete() {
    let cases: &[(&str, &[&str])] = &[
        (
            r#"{"a":[1,"xy"],"b":true}"#,
            &[
                "undefined",
                "{}",
                r#"{"a":[]}"#,
                r#"{"a":[1]}"#,
                r#"{"a":[1,""]}"#,
                r#"{"a":[1,"x"]}"#,
                r#"{"a":[1,"xy"]}"#,
                r#"{"a":[1,"xy"],"b":true}"#,
            ],
        ),
        // A number shows when its token ends; a key only with its value.
        (
            r#"{"count": 123 , "n":null}"#,
            &["undefined", "{}", r#"{"count":123}"#, r#"{"count":123,"n":null}"#],
        ),
        (r#"[-0.5e+2,false]"#, &["undefined", "[]", "[-0.5e+2]", "[-0.5e+2,false]"]),
        (r#"123"#, &["undefined", "123"]),
        (r#"  null "#, &["undefined", "null"]),
        // Escapes show whole; a surrogate pair with both halves.
        (
            r#""a\n\ud83d\ude00b""#,
            &[
                "undefined",
                r#""""#,
                r#""a""#,
                r#""a\n""#,
                "\"a\\n\u{1F600}\"",
                "\"a\\n\u{1F600}b\"",
            ],
        ),
        // Nested containers, empty ones, a key with an escape, a duplicate key (the last wins,
        // in the first one's place).
        (
            r#"{"k\"":{},"l":[[],{"m":"v"}],"k\"":1}"#,
            &[
                "undefined",
                "{}",
                r#"{"k\"":{}}"#,
                r#"{"k\"":{},"l":[]}"#,
                r#"{"k\"":{},"l":[[]]}"#,
                r#"{"k\"":{},"l":[[],{}]}"#,
                r#"{"k\"":{},"l":[[],{"m":""}]}"#,
                r#"{"k\"":{},"l":[[],{"m":"v"}]}"#,
                r#"{"k\"":1,"l":[[],{"m":"v"}]}"#,
            ],
        ),
        // Non-ASCII text arrives a char at a time.
        ("[\"é€\"]", &["undefined", "[]", "[\"\"]", "[\"é\"]", "[\"é€\"]"]),
    ];
    for (text, want) in cases {
        assert_eq!(shown(text), *want, "{text}");
        let (_, verdict, _) = per_char(text);
        assert_eq!(verdict, Ok(()), "{text}");
    }
}

/// Documents with every kind of token, split at every point and at random points.
const DOCUMENTS: &[&str] = &[
    r#"{"a":[1,"xy"],"b":true}"#,
    r#" { "name" : "Ada \"L\" \\ \/ \b\f\n\r\t \u00e9\u20AC\ud83d\ude00" , "n" : [ 0 , -0 , 10.25 , 1e9 , 2E-3 , -4.5e+6 ] , "t" : [ true , false , null ] } "#,
    r#"[[[[]]],{},{"":{"":[""]}},"x\ud83d\ude00y",[0,{"z":-1}]]"#,
    r#"{"k\"":{},"l":[[],{"m":"v"}],"k\"":1}"#,
    r#""just a string with é and \u0041""#,
    "0",
    "-12.5e-3",
    " true",
    "{\"emoji\":\"😀😀\",\"cjk\":\"漢字\"}",
    // Invalid: a split changes nothing about where it fails.
    r#"{"a":[1,2}"#,
    r#"["x\ud83d\u"]"#,
    "[1] x",
];

#[test]
fn every_split_shows_the_value_of_the_text_so_far() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut random = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut runs = 0;
    for text in DOCUMENTS {
        let (states, verdict, last) = per_char(text);
        let state_at = |cut: usize| states.iter().find(|(at, _)| *at == cut).map(|(_, s)| s.clone()).unwrap();
        let whole = run(&[text]);
        assert_eq!((&whole.0[0], whole.1, &whole.2), (&state_at(text.len()), verdict, &last), "{text}");
        let cuts: Vec<usize> = states.iter().map(|(at, _)| *at).collect();
        for &cut in &cuts {
            let (seen, v, end) = run(&[&text[..cut], &text[cut..]]);
            assert_eq!(seen, [state_at(cut), state_at(text.len())], "{text} split at {cut}");
            assert_eq!((v, &end), (verdict, &last), "{text} split at {cut}");
            runs += 1;
        }
        for _ in 0..200 {
            let mut chosen: Vec<usize> = (0..random(8)).map(|_| cuts[random(cuts.len())]).collect();
            chosen.sort_unstable();
            chosen.push(text.len());
            let mut pieces = Vec::new();
            let mut from = 0;
            for &cut in &chosen {
                pieces.push(&text[from..cut]);
                from = cut;
            }
            let (seen, v, end) = run(&pieces);
            let want: Vec<String> = chosen.iter().map(|&c| state_at(c)).collect();
            assert_eq!(seen, want, "{text} split at {chosen:?}");
            assert_eq!((v, &end), (verdict, &last), "{text} split at {chosen:?}");
            runs += 1;
        }
    }
    assert!(runs > 2000);
}

#[test]
fn the_final_value_is_the_whole_text_parsed() {
    let cases = [
        (r#"{"a":[1,"xy"],"b":true}"#, r#"{"a":[1,"xy"],"b":true}"#),
        (" [ 1 , { \"x\" : [ ] } ] \n\t\r", r#"[1,{"x":[]}]"#),
        (r#""\u00e9\/""#, "\"é/\""),
        ("-0", "-0"),
        ("1E+2", "1E+2"),
        ("{\"a\":\"x\",\"a\":{\"b\":[null]}}", r#"{"a":{"b":[null]}}"#),
    ];
    for (text, want) in cases {
        let (_, verdict, last) = run(&[text]);
        assert_eq!((verdict, last.as_str()), (Ok(()), want), "{text}");
    }
}

#[test]
fn the_verdict_is_as_strict_as_json_parse_with_where_it_fails() {
    // (text, offset of the first byte no JSON text continues with, or the length if it ended early)
    let cases = [
        ("", 0),
        ("   ", 3),
        ("{", 1),
        ("{\"a\":}", 5),
        ("[1,]", 3),
        ("{\"a\" 1}", 5),
        ("tru", 3),
        ("trUe", 2),
        ("01", 1),
        ("-01", 2),
        ("[00]", 2),
        ("1.", 2),
        ("1.e3", 2),
        ("-", 1),
        ("1e", 2),
        ("+1", 0),
        (".5", 0),
        ("\"\\x\"", 2),
        ("\"\\u12g4\"", 5),
        ("\"a", 2),
        ("\"a\u{1}\"", 2),
        ("{} {}", 3),
        ("1 2", 2),
        ("[1}", 2),
        ("{\"a\":1]", 6),
        ("{'a':1}", 1),
        ("[1,2", 4),
        ("{\"a\":1,}", 7),
        ("NaN", 0),
        ("[1]x", 3),
        ("\u{feff}{}", 0),
    ];
    for (text, offset) in cases {
        let mut parser = PartialJson::new();
        parser.push(text);
        assert_eq!(parser.finish(), Err(JsonError { offset }), "{text:?}");
        assert!(!parser.is_viable());
        assert!(cerebras_wasm::json::validate(text).is_err(), "{text:?}");
    }
    // Lone surrogate escapes are JSON to JSON.parse (a UTF-16 string), so they are here: the
    // high one shows once what follows it is known not to be its pair.
    let mut parser = PartialJson::new();
    assert_eq!(parser.push(r#"["\ud800"#), r#"[1,[],1,""]"#);
    assert_eq!(parser.push(r#"\u0041\udc00"#), r#"[2,"\ud800\u0041\udc00"]"#);
    assert_eq!(parser.push(r#""]"#), "[0]");
    assert_eq!(parser.finish(), Ok(""));
}

#[test]
fn a_reply_that_can_never_be_json_fails_at_the_byte_that_shows_it() {
    let mut parser = PartialJson::new();
    let mut applier = Applier::default();
    applier.apply(parser.push("{\"a\":[1,2"));
    assert!(parser.is_viable() && !parser.is_complete());
    // `}` cannot close an array: the `2` before it never shows.
    applier.apply(parser.push("} and more"));
    assert!(!parser.is_viable());
    assert_eq!(parser.error(), Some(JsonError { offset: 9 }));
    assert_eq!(render(applier.root.as_ref()), r#"{"a":[1]}"#);
    // Later pushes read nothing.
    assert_eq!(parser.push("]}"), "");
    assert_eq!(parser.finish(), Err(JsonError { offset: 9 }));

    // After a whole value, only whitespace.
    let mut parser = PartialJson::new();
    parser.push("[true] ");
    assert!(parser.is_complete());
    parser.push(" ,");
    assert_eq!(parser.error(), Some(JsonError { offset: 8 }));
}

#[test]
fn nesting_is_read_without_recursion_up_to_the_documented_depth() {
    let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let (_, verdict, last) = run(&[&deep(MAX_DEPTH)]);
    assert_eq!(verdict, Ok(()));
    assert_eq!(last, deep(MAX_DEPTH));
    let mut parser = PartialJson::new();
    parser.push(&"[{\"a\":".repeat(MAX_DEPTH));
    // Two levels per 6 bytes: the `[` that opens the level past the limit.
    assert_eq!(
        parser.error(),
        Some(JsonError {
            offset: 6 * (MAX_DEPTH / 2)
        })
    );
    // Far deeper text, one byte at a time: an error, no stack growth.
    let mut parser = PartialJson::new();
    for _ in 0..1_000_000 {
        parser.push("[");
    }
    assert_eq!(parser.error(), Some(JsonError { offset: MAX_DEPTH }));
}

/// A growing object as a schema'd reply streams it: records with strings (escapes, non-ASCII),
/// numbers, literals and nesting, `records` of them.
fn reply(records: usize) -> String {
    let mut text = String::from("{\"items\":[");
    for i in 0..records {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "{{\"id\":{i},\"name\":\"item {i} \\\"quoted\\\" é \\u00e9\\ud83d\\ude00\",\"score\":{i}.5e-1,\"ok\":true,\"tags\":[\"a\",null,{{\"k\":[]}}]}}"
        ));
    }
    text.push_str("]}");
    text
}

/// Pushes `text` a char at a time (a byte, but for the `é`s): the ops' total length and the
/// time it took.
fn stream_bytewise(text: &str) -> (usize, std::time::Duration) {
    let started = std::time::Instant::now();
    let mut parser = PartialJson::new();
    let mut ops = 0;
    let mut from = 0;
    for (i, c) in text.char_indices() {
        ops += parser.push(&text[from..i + c.len_utf8()]).len();
        from = i + c.len_utf8();
    }
    ops += parser.finish().unwrap().len();
    (ops, started.elapsed())
}

#[test]
fn work_is_linear_in_the_reply_not_quadratic() {
    let small = reply(2_600); // ≈ 256 KB
    let large = reply(10_400); // ≈ 1 MB
    assert!(large.len() > 1_000_000);
    // The ops of a char-at-a-time stream: a few bytes of op per byte of text, the same ratio at
    // any size.
    let (small_ops, _) = stream_bytewise(&small);
    let (large_ops, _) = stream_bytewise(&large);
    let per_byte = |ops: usize, text: &str| ops as f64 / text.len() as f64;
    assert!(
        per_byte(large_ops, &large) < 8.0,
        "{large_ops} bytes of ops for {} of text",
        large.len()
    );
    assert!((per_byte(large_ops, &large) - per_byte(small_ops, &small)).abs() < 0.01);
    // The time: 4× the text, about 4× the time (O(n²) would be 16×). Best of three each, so that
    // a busy machine does not decide it.
    let best = |text: &str| (0..3).map(|_| stream_bytewise(text).1).min().unwrap();
    let (t_small, t_large) = (best(&small), best(&large));
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64();
    println!(
        "partial_json: {} B in 1-char pushes: {:?}, {} B: {:?} (×{ratio:.2}); {:.2} B of ops per byte",
        small.len(),
        t_small,
        large.len(),
        t_large,
        per_byte(large_ops, &large)
    );
    assert!(ratio < 8.0, "4× the text took {ratio:.1}× the time");
}

// ---------------------------------------------------------------------------------------------
// The table of parsers the structured wasm keeps by number (src/wasm_structured/partial.rs).

#[test]
fn parsers_by_number_answer_each_its_own_text() {
    let mut parsers = Parsers::new();
    let a = parsers.open();
    let b = parsers.open();
    assert_ne!(a, b);
    assert_eq!(parsers.push(a, r#"{"a":[1,"xy"],"b":tr"#), r#"[1,{},1,"a",[],1,1,1,"xy",0]"#);
    assert_eq!(parsers.push(b, "[tr"), "[1,[]]");
    assert_eq!(parsers.push(a, r#"ue}"#), r#"[1,"b",true,0]"#);
    assert_eq!(parsers.push(b, "ue]"), "[1,true,0]");
    assert_eq!(parsers.finish(a), "");
    assert_eq!(parsers.finish(b), "");
    assert_eq!(parsers.open_count(), 2);
    assert!(parsers.close(a) && parsers.close(b));
    assert_eq!(parsers.open_count(), 0);
    // A number whose text is the whole reply shows at the finish.
    let n = parsers.open();
    assert_eq!(parsers.push(n, "12"), "");
    assert_eq!(parsers.finish(n), "[1,12]");
    assert!(parsers.close(n));
}

#[test]
fn parsers_report_where_the_text_stops_being_json_and_refuse_numbers_not_open() {
    let mut parsers = Parsers::new();
    let id = parsers.open();
    assert_eq!(parsers.push(id, r#"{"a":1"#), "[1,{}]");
    assert_eq!(parsers.push(id, "x"), "!6");
    assert_eq!(parsers.push(id, "}"), "!6", "nothing is read after the failure");
    assert_eq!(parsers.finish(id), "!6");
    // Cut short: the verdict at the finish is the text's length.
    let cut = parsers.open();
    assert_eq!(parsers.push(cut, r#"{"a":"#), "[1,{}]");
    assert_eq!(parsers.finish(cut), "!5");
    // Deeper than MAX_DEPTH: refused at the bracket past it, at once.
    let deep = parsers.open();
    assert_eq!(parsers.push(deep, &"[".repeat(MAX_DEPTH)).len(), 1 + 5 * MAX_DEPTH);
    assert_eq!(parsers.push(deep, "[[["), format!("!{MAX_DEPTH}"));
    // Closed or never opened: `?`, and closing twice is refused.
    assert!(parsers.close(id));
    assert!(!parsers.close(id));
    assert_eq!(parsers.push(id, "1"), "?");
    assert_eq!(parsers.finish(id), "?");
    assert_eq!(parsers.push(9999, "1"), "?");
    assert_eq!(parsers.open_count(), 2);
    // A closed slot is reused, fresh.
    let again = parsers.open();
    assert_eq!(again, id);
    assert_eq!(parsers.push(again, "[]"), "[1,[],0]");
    assert_eq!(parsers.finish(again), "");
}

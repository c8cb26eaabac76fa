//! The JSON scanner (src/json.rs): validation as strict as `JSON.parse` at any depth, members
//! in order, string decoding, JavaScript truthiness and number reading.
use cerebras_wasm::json;

#[test]
fn validation_accepts_json_and_rejects_everything_else() {
    let good = [
        "{}",
        "[]",
        " {\"a\":[1,-2.5e3,true,false,null,\"x\\u00e9\\n\"]} ",
        "0",
        "\"\"",
        "{\"a\":{\"b\":{}}}",
    ];
    for text in good {
        assert!(json::validate(text).is_ok(), "{text}");
    }
    let bad = [
        "",
        "{",
        "{\"a\":}",
        "[1,]",
        "{\"a\" 1}",
        "tru",
        "01x",
        "\"\\x\"",
        "\"a",
        "{} {}",
        "{'a':1}",
        "\"\u{1}\"",
        "-",
        "1.",
        // Leading zeros pass naive scanners but JSON.parse refuses them.
        "01",
        "-01",
        "[00]",
        "{\"a\":012}",
    ];
    for text in bad {
        assert!(json::validate(text).is_err(), "{text}");
    }
}

#[test]
fn any_depth_json_parse_accepts_is_accepted_without_recursion() {
    // 512 levels used to be the limit; JSON.parse takes far more, and so must we.
    let depth = 100_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(json::validate(&deep).is_ok());
    let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    assert!(json::validate(&objects).is_ok());
    assert!(json::validate(&"[".repeat(depth)).is_err(), "unclosed");
    assert!(json::validate(&format!("{}]", "[".repeat(depth))).is_err(), "half closed");
    assert!(json::validate("0").is_ok() && json::validate("-0.5e01").is_ok() && json::validate("[0,10]").is_ok());
}

#[test]
fn members_are_listed_in_order_with_raw_values_and_decoded_keys() {
    let text = r#"{ "a" : 1, "b\u0021": {"x":[1]}, "c":"s" }"#;
    let members = json::object_members(text).unwrap().unwrap();
    let keys: Vec<&str> = members.iter().map(|m| &*m.key).collect();
    assert_eq!(keys, ["a", "b!", "c"]);
    assert_eq!(json::field(&members, "b!"), Some(r#"{"x":[1]}"#));
    assert_eq!(&text[members[2].span.0..members[2].span.1], r#""c":"s""#);
    assert_eq!(json::object_members("[1]").unwrap(), None);
}

#[test]
fn strings_decode_with_all_escapes_and_surrogate_pairs() {
    assert_eq!(
        json::as_string(r#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#).as_deref(),
        Some("a\"b\\c/d\n\té😀")
    );
    assert_eq!(json::as_string(r#""\ud83d""#).as_deref(), Some("\u{FFFD}"));
    assert_eq!(json::as_string("1"), None);
}

#[test]
fn truthiness_follows_javascript() {
    for falsy in ["null", "false", "0", "-0", "0.0", "\"\""] {
        assert!(!json::is_truthy(falsy), "{falsy}");
    }
    for truthy in ["true", "1", "{}", "[]", "\"x\"", "-1e-3"] {
        assert!(json::is_truthy(truthy), "{truthy}");
    }
}

#[test]
fn quoting_round_trips_through_the_scanner() {
    let text = "tab\t \"quote\" back\\slash \u{1} é";
    let quoted = json::quote(text);
    assert!(json::validate(&quoted).is_ok());
    assert_eq!(json::as_string(&quoted).as_deref(), Some(text));
}

#[test]
fn number_truthiness_is_the_value_s_as_in_javascript() {
    // Found by fuzzing: an error event `{"error":1e-400}` is no error for the official SDK.
    let long_tiny = format!("1{}e-800", "0".repeat(400)); // 1e-400: 0 in JavaScript
    for falsy in ["0", "-0", "0.0", "0e5", "0e700", "-0.000e99999", "1e-400", "-1e-400", "1e-99999999999", &long_tiny] {
        assert!(!json::is_truthy(falsy), "{falsy}");
    }
    let long = json::parse_number(&format!("1{}", "0".repeat(30))).unwrap();
    assert!((long / 1e30 - 1.0).abs() < 1e-12, "{long}");
    for truthy in ["1", "-1", "0.001", "1e400", "1e99999999999", "5e-324"] {
        assert!(json::is_truthy(truthy), "{truthy}");
    }
}

#[test]
fn short_decimals_parse_to_the_nearest_double_as_javascript_does() {
    for (text, expected) in [("11.38", 11.38), ("33011.38", 33011.38), ("0.1", 0.1), ("-2.5e3", -2500.0), ("1e22", 1e22), ("123456789012345.6", 123_456_789_012_345.6)] {
        assert_eq!(cerebras_wasm::json::parse_number(text), Some(expected), "{text}");
    }
}

#[test]
fn an_exponent_takes_one_sign_as_in_javascript() {
    for (text, expected) in [("1e+3", Some(1000.0)), ("1e-3", Some(0.001)), ("+.5", Some(0.5)), ("5.", Some(5.0)), ("1e++3", None), ("1e+-3", None), ("1e--3", None), ("1e-+3", None), ("1e", None), ("0x10", None), ("", None)] {
        assert_eq!(json::parse_number(text), expected, "{text:?}");
    }
}

#[cfg(feature = "schema")]
mod index {
    use cerebras_wasm::json::{self, Kind};

    /// A node's kind, raw text, parent, key and position.
    type Seen<'a> = (Kind, &'a str, Option<usize>, Option<&'a str>, usize);

    #[test]
    fn lists_every_value_in_document_order_with_its_place() {
        let text = r#" {"a": [1, {"b\/c": null}], "d": "x", "e": {}} "#;
        let nodes = json::index(text).unwrap();
        let seen: Vec<Seen<'_>> = nodes
            .iter()
            .map(|n| (n.kind, &text[n.start..n.end], n.parent, n.key.as_deref(), n.position))
            .collect();
        assert_eq!(
            seen,
            [
                (Kind::Object, r#"{"a": [1, {"b\/c": null}], "d": "x", "e": {}}"#, None, None, 0),
                (Kind::Array, r#"[1, {"b\/c": null}]"#, Some(0), Some("a"), 0),
                (Kind::Number, "1", Some(1), None, 0),
                (Kind::Object, r#"{"b\/c": null}"#, Some(1), None, 1),
                (Kind::Null, "null", Some(3), Some("b/c"), 0),
                (Kind::String, r#""x""#, Some(0), Some("d"), 1),
                (Kind::Object, "{}", Some(0), Some("e"), 2),
            ]
        );
        // `after` skips a value and everything in it.
        assert_eq!(nodes.iter().map(|n| n.after).collect::<Vec<_>>(), [7, 5, 3, 5, 5, 6, 7]);
    }

    #[test]
    fn accepts_and_refuses_what_validate_does() {
        for text in ["0", "[]", "{}", " \"\\u00e9\" ", "[true,false,null,-1.5e3]", "{\"a\":{\"a\":[[]]}}"] {
            assert!(json::validate(text).is_ok());
            assert!(json::index(text).is_ok(), "{text}");
        }
        for text in ["", "{", "[1,]", "{\"a\" 1}", "01", "{} {}", "\"\u{1}\"", "[", "{\"a\":1,}"] {
            assert_eq!(json::index(text).err(), json::validate(text).err(), "{text}");
        }
    }

    #[test]
    fn any_depth_without_recursion() {
        let depth = 500_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let nodes = json::index(&text).unwrap();
        assert_eq!(nodes.len(), depth);
        assert_eq!(nodes[depth - 1].parent, Some(depth - 2));
        assert!(json::index(&"[".repeat(depth)).is_err());
    }
}

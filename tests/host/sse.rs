//! SSE decoding (src/sse.rs): events are the same however the body is split into reads.
use cerebras_wasm::sse::SseDecoder;

/// (event, data) pairs, owned.
type Events = Vec<(Option<String>, String)>;

fn decode_in_pieces(pieces: &[&[u8]]) -> Events {
    let mut decoder = SseDecoder::default();
    let mut events = Events::new();
    let mut sink = |e: cerebras_wasm::sse::SseEvent<'_>| events.push((e.event.map(str::to_owned), String::from_utf8_lossy(e.data).into_owned()));
    for piece in pieces {
        decoder.push(piece, &mut sink);
    }
    decoder.finish(&mut sink);
    events
}

fn decode(body: &[u8]) -> Events {
    decode_in_pieces(&[body])
}

fn data(items: &[&str]) -> Events {
    items.iter().map(|d| (None, (*d).to_owned())).collect()
}

#[test]
fn events_do_not_depend_on_where_the_body_is_split() {
    let body = "data: {\"a\":1}\r\n\r\n: keep-alive\n\nevent: ping\ndata: x\n\ndata: line1\ndata: line2\r\rdata: \u{438}\u{437}\u{432}\u{435}\u{441}\u{442}\u{43d}\u{438}\n\ndata: [DONE]\n\n".as_bytes();
    let whole = decode(body);
    assert_eq!(whole.len(), 5, "{whole:?}");
    for a in 0..=body.len() {
        assert_eq!(decode_in_pieces(&[&body[..a], &body[a..]]), whole, "split at {a}");
        for b in a..=body.len() {
            assert_eq!(
                decode_in_pieces(&[&body[..a], &body[a..b], &body[b..]]),
                whole,
                "split at {a} and {b}"
            );
        }
    }
}

#[test]
fn every_line_ending_ends_a_line() {
    let expected = data(&["1", "2"]);
    assert_eq!(decode(b"data: 1\n\ndata: 2\n\n"), expected, "LF");
    assert_eq!(decode(b"data: 1\r\n\r\ndata: 2\r\n\r\n"), expected, "CRLF");
    assert_eq!(decode(b"data: 1\r\rdata: 2\r\r"), expected, "CR");
    assert_eq!(
        decode_in_pieces(&[b"data: 1\r", b"\n\r", b"\ndata: 2\r\n\r\n"]),
        expected,
        "CRLF split after CR"
    );
}

#[test]
fn comments_ids_and_retries_are_ignored() {
    assert_eq!(decode(b": hello\nid: 7\nretry: 100\ndata: x\n\n"), data(&["x"]));
}

#[test]
fn multi_line_data_is_joined_with_newlines_including_empty_lines() {
    assert_eq!(decode(b"data: a\ndata:\ndata: b\n\n"), data(&["a\n\nb"]));
}

#[test]
fn only_one_leading_space_is_removed_from_a_value() {
    assert_eq!(decode(b"data:  two\n\ndata:none\n\n"), data(&[" two", "none"]));
}

#[test]
fn an_event_name_is_kept_and_an_event_without_data_is_not_dispatched() {
    assert_eq!(
        decode(b"event: only-a-name\n\nevent: e\ndata: d\n\n"),
        vec![(Some("e".to_owned()), "d".to_owned())]
    );
}

#[test]
fn a_multibyte_character_split_across_reads_survives() {
    let text = "data: известни\n\n".as_bytes();
    for split in 0..text.len() {
        assert_eq!(
            decode_in_pieces(&[&text[..split], &text[split..]]),
            data(&["известни"]),
            "split at {split}"
        );
    }
}

#[test]
fn json_with_escaped_newlines_and_u2028_stays_one_event() {
    let body = "data: {\"text\":\"a\\n\\nb\u{2028}c\"}\n\n";
    assert_eq!(decode(body.as_bytes()), data(&["{\"text\":\"a\\n\\nb\u{2028}c\"}"]));
}

#[test]
fn an_unterminated_last_event_is_delivered_at_the_end() {
    assert_eq!(decode(b"data: 1\n\ndata: [DONE]"), data(&["1", "[DONE]"]));
}

#[test]
fn a_byte_order_mark_opening_the_stream_is_dropped_however_it_is_split() {
    // It used to stay in the first line, so the first event was lost.
    let body = b"\xEF\xBB\xBFdata: first\n\ndata: second\n\n";
    for split in 0..=body.len() {
        let (a, b) = body.split_at(split);
        assert_eq!(decode_in_pieces(&[a, b]), data(&["first", "second"]), "split at {split}");
    }
    let bytewise: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(decode_in_pieces(&bytewise), data(&["first", "second"]));
    // Only at the very start: later, the same bytes are content.
    assert_eq!(decode(b"data: a\xEF\xBB\xBFb\n\n").len(), 1);
    assert_eq!(decode(b"\xEF\xBBdata: x\n\n"), Events::new(), "half a BOM is not a BOM");
}

#[test]
fn an_empty_read_between_cr_and_lf_does_not_split_the_line_ending() {
    // Found by fuzzing: the empty read used to make the LF a second, empty line (an early dispatch).
    assert_eq!(decode_in_pieces(&[b"data: x\r", b"", b"\ndata: y\n\n"]), data(&["x\ny"]));
}

#[test]
fn a_line_ends_at_its_first_cr_or_lf_wherever_that_falls_in_a_word() {
    // Bytes one bit away from CR and LF, and multi-byte characters whose bytes end in 0x0A/0x0D
    // (U+010A, U+010D), stand beside every position of the line's end.
    let fillers = ["x", "\u{b}", "\u{c}", "\u{e}", "\u{9}", "\u{10a}", "\u{10d}", "\u{7f}"];
    for filler in fillers {
        for length in 0..40 {
            let line: String = filler.repeat(length);
            for ending in ["\n", "\r", "\r\n"] {
                let body = format!("data: {line}{ending}{ending}data: tail{ending}{ending}");
                assert_eq!(decode(body.as_bytes()), data(&[&line, "tail"]), "{filler:?} × {length}, {ending:?}");
            }
        }
    }
    // Several line ends in one word: the first counts.
    assert_eq!(decode(b"data:a\rdata:b\n\n"), data(&["a\nb"]));
    assert_eq!(decode(b"data:\ndata:\r\n\r\n"), data(&["\n"]));
}

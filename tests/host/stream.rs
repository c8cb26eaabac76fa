//! From SSE events to batches for JS (src/stream.rs): batching, `[DONE]`, error events and
//! bounded batches for huge reads.
use cerebras_wasm::error::ErrorKind;
use cerebras_wasm::stream::{chunk_error, SseBatcher, Next};

/// Feeds `reads` one by one and collects what the decoder reports.
fn run(reads: &[impl AsRef<[u8]>]) -> Vec<Next> {
    let mut decoder = SseBatcher::default();
    let mut out = Vec::new();
    let mut reads = reads.iter();
    loop {
        match decoder.next_step() {
            Next::NeedBytes => match reads.next() {
                Some(read) => decoder.read_buffer(read.as_ref().len()).copy_from_slice(read.as_ref()),
                None => decoder.finish(),
            },
            Next::End => {
                out.push(Next::End);
                return out;
            }
            other => out.push(other),
        }
    }
}

fn batch(text: &str) -> Next {
    Next::Batch(text.to_owned())
}

#[test]
fn each_read_becomes_one_batch_of_its_complete_events() {
    let out = run(&["data: {\"a\":1}\n\ndata: {\"a\":2}\n\ndata: {\"a\"", ":3}\n\ndata: [DONE]\n\n"]);
    assert_eq!(out, vec![batch("{\"a\":1}\r{\"a\":2}"), batch("{\"a\":3}"), Next::End]);
}

#[test]
fn nothing_after_done_is_delivered() {
    let out = run(&["data: {\"a\":1}\n\ndata: [DONE]\n\ndata: {\"a\":2}\n\n"]);
    assert_eq!(out, vec![batch("{\"a\":1}"), Next::End]);
}

#[test]
fn after_done_the_body_is_read_to_its_end_and_dropped() {
    // As the official SDK does: a request aborted before its body's end loses its connection.
    let mut decoder = SseBatcher::default();
    assert_eq!(decoder.next_step(), Next::NeedBytes);
    let read = b"data: {\"a\":1}\n\ndata: [DONE]\n\n";
    decoder.read_buffer(read.len()).copy_from_slice(read);
    assert_eq!(decoder.next_step(), batch("{\"a\":1}"));
    assert_eq!(decoder.next_step(), Next::NeedBytes, "the body's end is awaited");
    let read = b"data: {\"a\":2}\n\nevent: error\ndata: {\"message\":\"x\"}\n\n";
    decoder.read_buffer(read.len()).copy_from_slice(read);
    assert_eq!(decoder.next_step(), Next::NeedBytes, "what follows [DONE] is dropped, errors too");
    decoder.finish();
    assert_eq!(decoder.next_step(), Next::End);
    assert_eq!(decoder.next_step(), Next::End);
}

#[test]
fn a_body_that_ends_without_done_ends_the_stream() {
    assert_eq!(run(&["data: {\"a\":1}\n\n"]), vec![batch("{\"a\":1}"), Next::End]);
}

#[test]
fn an_error_payload_is_batched_and_becomes_the_typed_error_of_its_status() {
    let error_event = "{\"error\":{\"message\":\"Too many\",\"type\":\"rate\"},\"status_code\":429}";
    let out = run(&[&format!("data: {{\"a\":1}}\n\ndata: {error_event}\n\ndata: {{\"a\":2}}\n\n")]);
    // JS stops at the chunk whose `error` is truthy and raises what `chunk_error` makes of it.
    assert_eq!(out, vec![batch(&format!("{{\"a\":1}}\r{error_event}\r{{\"a\":2}}")), Next::End]);
    let error = chunk_error(error_event);
    assert_eq!(error.class().name(), "RateLimitError");
    assert_eq!(error.status, Some(429));
    assert_eq!(error.message, "429 Too many");
    assert_eq!(error.body.as_deref(), Some("{\"message\":\"Too many\",\"type\":\"rate\"}"));
    assert_eq!(chunk_error("{\"error\":{\"message\":\"x\"}}").class().name(), "APIError", "no status: the base class");
}

#[test]
fn an_error_in_a_named_events_data_fails_the_stream() {
    let out = run(&["data: {\"a\":1}\n\nevent: x\ndata: {\"error\":\"boom\",\"status_code\":500}\n\n"]);
    assert_eq!(out[0], batch("{\"a\":1}"));
    let Next::Fail(error) = &out[1] else { panic!("{out:?}") };
    assert_eq!(error.class().name(), "InternalServerError");
}

#[test]
fn a_falsy_error_field_is_an_ordinary_chunk() {
    assert_eq!(
        run(&["data: {\"error\":null,\"a\":1}\n\n"]),
        vec![batch("{\"error\":null,\"a\":1}"), Next::End]
    );
}

/// For a data payload JS decides whether `error` is truthy, on the chunk it parsed, and Rust takes
/// that as given; only a named event, whose data JS sees wrapped, is tested in Rust.
#[test]
fn a_chunks_error_member_is_taken_as_js_found_it_and_a_named_events_is_tested_here() {
    let error = chunk_error("{\"error\":0,\"status_code\":429}");
    assert_eq!((error.class().name(), error.message.as_str()), ("RateLimitError", "429 0"));
    assert_eq!(
        run(&["event: x\ndata: {\"error\":0,\"status_code\":429}\n\n"]),
        vec![batch("{\"event\":\"x\",\"data\":{\"error\":0,\"status_code\":429}}"), Next::End]
    );
}

#[test]
fn an_error_named_event_fails_even_without_an_error_field() {
    let out = run(&["event: error\ndata: {\"message\":\"boom\"}\n\n"]);
    let Next::Fail(error) = &out[0] else { panic!("{out:?}") };
    assert_eq!((error.kind, error.status, error.message.as_str()), (ErrorKind::Api, None, "boom"));
}

#[test]
fn other_named_events_are_wrapped_with_their_name() {
    assert_eq!(
        run(&["event: ping\ndata: {\"t\":1}\n\n"]),
        vec![batch("{\"event\":\"ping\",\"data\":{\"t\":1}}"), Next::End]
    );
}

#[test]
fn payloads_are_joined_by_cr_which_no_payload_contains_and_a_refused_one_gets_a_typed_error() {
    // A payload with commas of its own stays one payload (in a JSON array, malformed payloads
    // could split or merge into valid-looking chunks).
    let out = run(&["data: 0,1\n\ndata: {\"a\r\ndata: 2\n\n"]);
    assert_eq!(out, vec![batch("0,1\r{\"a\n2"), Next::End], "a data line's CR ends the line");
    let error = chunk_error("{\"a\":");
    assert_eq!(error.class().name(), "CerebrasError");
    assert_eq!(error.message, "Could not parse stream event as JSON (at byte 5): {\"a\":");
    assert!(chunk_error("{\"a\":01}").message.starts_with("Could not parse stream event as JSON"));
    // A named event's malformed data fails in the decoder, as it is wrapped.
    let out = run(&["event: x\ndata: {\"a\":\n\n"]);
    let Next::Fail(error) = &out[0] else { panic!("{out:?}") };
    assert_eq!(error.class().name(), "CerebrasError");
}

#[test]
fn a_refused_payload_is_quoted_up_to_its_200th_character() {
    for unit in ["a", "é", "€", "😀"] {
        let payload = format!("[{}", unit.repeat(250));
        let shown: String = payload.chars().take(200).collect();
        assert_eq!(chunk_error(&payload).message, format!("Could not parse stream event as JSON (at byte 1): {shown}"), "{unit}");
        let short = format!("[{}", unit.repeat(198));
        assert_eq!(chunk_error(&short).message, format!("Could not parse stream event as JSON (at byte 1): {short}"), "{unit}");
    }
}

#[test]
fn an_error_events_status_code_is_read_as_a_u16_as_written() {
    for (code, status) in [("429", Some(429)), ("0", Some(0)), ("-0", None), ("65536", None), ("4.29e2", None), ("\"429\"", None)] {
        let error = chunk_error(&format!("{{\"error\":{{\"message\":\"m\"}},\"status_code\":{code}}}"));
        assert_eq!(error.status, status, "{code}");
    }
}

#[test]
fn empty_data_events_carry_no_chunk() {
    assert_eq!(run(&["data:\n\ndata: {\"a\":1}\n\n"]), vec![batch("{\"a\":1}"), Next::End]);
}

#[test]
fn a_huge_read_is_cut_into_bounded_batches_without_losing_a_chunk() {
    let event = "data: {\"choices\":[{\"delta\":{\"content\":\"abcd\"}}]}\n\n";
    let body = event.repeat(20_000);
    let out = run(&[&body]);
    let batches: Vec<&String> = out
        .iter()
        .filter_map(|n| if let Next::Batch(b) = n { Some(b) } else { None })
        .collect();
    assert!(batches.len() > 1, "one read must not become one giant batch");
    assert!(batches.iter().all(|b| b.len() < 80 * 1024));
    let chunks: usize = batches.iter().map(|b| b.matches("\"abcd\"").count()).sum();
    assert_eq!(chunks, 20_000);
}

#[test]
fn a_large_event_split_over_many_reads_arrives_whole_and_exact() {
    // Over the size where the line and then the event are moved rather than copied.
    let content = "\u{e9}x".repeat(150_000);
    let event = format!("{{\"choices\":[{{\"delta\":{{\"content\":\"{content}\"}}}}]}}");
    let body = format!("data:  {event}  \n\ndata: {{\"after\":1}}\n\ndata: [DONE]\n\n");
    // Reads of 1,000 bytes, split inside the two-byte characters too.
    let reads: Vec<&[u8]> = body.as_bytes().chunks(1000).collect();
    let out = run(&reads);
    // The event that follows in the same step joins the batch the large event became.
    let whole = Next::Batch(format!("{event}\r{{\"after\":1}}"));
    assert!(out == [whole, Next::End], "{} reports", out.len());
}

#[test]
fn a_large_event_of_several_data_lines_or_invalid_utf8_is_still_exact() {
    let line = "z".repeat(70_000);
    let mut bytes = format!("data: {{\"a\":\"{line}\n").into_bytes();
    bytes.extend_from_slice(format!("data: {line}\"}}\n\n").as_bytes());
    let reads: Vec<&[u8]> = bytes.chunks(4096).collect();
    assert_eq!(run(&reads), [Next::Batch(format!("{{\"a\":\"{line}\n{line}\"}}")), Next::End]);

    // A long line with a byte that is not UTF-8 is decoded lossily, as a short one is.
    let mut bytes = b"data: ".to_vec();
    bytes.extend(std::iter::repeat_n(b'q', 70_000));
    bytes.push(0xff);
    bytes.extend_from_slice(b"\n\n");
    let reads: Vec<&[u8]> = bytes.chunks(4096).collect();
    assert_eq!(run(&reads), [Next::Batch(format!("{}\u{fffd}", "q".repeat(70_000))), Next::End]);
}

#[test]
fn a_batch_is_decoded_as_utf8_once_lossily_and_a_character_split_across_reads_is_whole() {
    // Each byte that is not UTF-8 becomes U+FFFD in its own payload, an unfinished sequence at a
    // payload's end one U+FFFD; the payloads around it, and a named event's, are untouched.
    let body = b"data: {\"a\":\"\xff\"}\n\ndata: {\"b\":\"\xe2\x82\"}\n\nevent: ping\ndata: {\"c\":\"\xc3\"}\n\ndata: {\"d\":\"\xc3\xa9\"}\n\n";
    let expected = "{\"a\":\"\u{fffd}\"}\r{\"b\":\"\u{fffd}\"}\r{\"event\":\"ping\",\"data\":{\"c\":\"\u{fffd}\"}}\r{\"d\":\"\u{e9}\"}";
    assert_eq!(run(&[body]), [batch(expected), Next::End]);
    // The two bytes of `é` in two reads: the first read's batch ends before that payload.
    let at = body.len() - 5;
    let out = run(&[&body[..at], &body[at..]]);
    let (before, last) = expected.rsplit_once('\r').unwrap_or_default();
    assert_eq!(out, [batch(before), batch(last), Next::End]);
}

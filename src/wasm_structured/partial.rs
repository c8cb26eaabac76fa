//! The partial-JSON parser ([`crate::partial_json`]) for the subpath's streams: each stream
//! opens one, pushes its reply's pieces (each push answered with the edits that grow the JS copy
//! of the value, js/src/structured/partial-object.ts), finishes it and closes it. Parsers are
//! kept here by number ([`Parsers`]): the JS side holds no Rust value, so a re-created instance
//! leaves no handle that could reach into the new one.

use crate::partial_json::Parsers;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static PARSERS: RefCell<Parsers> = RefCell::new(Parsers::new());
}

/// Opens a parser; its number names it until [`partial_close`].
#[wasm_bindgen(js_name = partialOpen)]
pub fn partial_open() -> u32 {
    PARSERS.with(|parsers| parsers.borrow_mut().open())
}

/// The next piece of parser `id`'s text: the edits, `!<offset>` once it is not JSON, `?` for a
/// parser not open.
#[wasm_bindgen(js_name = partialPush)]
pub fn partial_push(id: u32, piece: &str) -> String {
    test_trap(piece);
    PARSERS.with(|parsers| parsers.borrow_mut().push(id, piece).to_owned())
}

/// The text is complete: the last edits, or `!<offset>` where it is not one JSON value.
#[wasm_bindgen(js_name = partialFinish)]
pub fn partial_finish(id: u32) -> String {
    PARSERS.with(|parsers| parsers.borrow_mut().finish(id).to_owned())
}

/// Closes parser `id`; `false` if it was not open.
#[wasm_bindgen(js_name = partialClose)]
pub fn partial_close(id: u32) -> bool {
    PARSERS.with(|parsers| parsers.borrow_mut().close(id))
}

/// How many parsers are open: for the tests that show a stream leaks none.
#[wasm_bindgen(js_name = partialOpenCount)]
pub fn partial_open_count() -> u32 {
    PARSERS.with(|parsers| u32::try_from(parsers.borrow().open_count()).unwrap_or(u32::MAX))
}

/// Only in the test-only trap build: a piece that asks for it makes the instance trap, so the
/// tests can show that the streams of the trapped instance fail typed and the next one works.
#[cfg(feature = "test-trap")]
fn test_trap(piece: &str) {
    if piece.contains("__trap_partial__") {
        panic!("test trap in the partial parser");
    }
}

#[cfg(not(feature = "test-trap"))]
fn test_trap(_: &str) {}

//! Fuzz target: the search query path (parser, fuzzy terms, snippets) against a tiny in-memory index.
//! The check itself lives in `fuzz/checks/search_query.rs`, which `cargo test` also replays over the seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/search_query.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));

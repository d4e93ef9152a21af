//! Fuzz target: the bookmarks file parser and its recovery path, fed arbitrary file contents.
//! The check itself lives in `fuzz/checks/bookmarks.rs`, which `cargo test` also replays over the seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/bookmarks.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));

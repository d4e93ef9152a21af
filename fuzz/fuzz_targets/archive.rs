//! Fuzz target: the bounded tar reader a packed snapshot is unpacked with, fed arbitrary streams.
//! The check itself lives in `fuzz/checks/archive.rs`, which `cargo test` also replays over seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/archive.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));

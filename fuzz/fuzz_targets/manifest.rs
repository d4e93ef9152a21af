//! Fuzz target: the bundle loader's untrusted-text entry points — manifest and signature JSON, and
//! the path check every manifest entry must pass before it is joined to the bundle folder.
//! The check itself lives in `fuzz/checks/manifest.rs`, which `cargo test` also replays over the seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/manifest.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));

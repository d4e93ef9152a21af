//! Fuzz target: the page pipeline — frontmatter split and parse, then markdown → sanitized HTML.
//! The check itself lives in `fuzz/checks/render.rs`, which `cargo test` also replays over the seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/render.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::check(data));

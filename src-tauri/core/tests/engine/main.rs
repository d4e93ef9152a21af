//! The engine's integration tests, one binary (linked once) with a module per feature: bookmarks
//! (one process and many), building snapshots from our fixture and the upstream sources, and search
//! (rules, properties, relevance on the upstream pages). The upstream-text content check is its own
//! target, `upstream_text`.

#[path = "../archive_support/mod.rs"]
mod archive_support;
#[path = "../shared_input/mod.rs"]
mod shared_input;
#[path = "../search_support/upstream.rs"]
mod upstream;

mod advisories;
mod bookmarks;
mod bookmarks_limits;
mod bookmarks_processes;
mod build;
mod diff;
mod fidelity;
/// The fuzz checks over their seeds, so `cargo test` replays them without libFuzzer.
mod fuzz_replay;
mod hostile_contents;
mod library_archives;
mod library_debris;
mod search;
mod search_props;
mod search_relevance;
mod support;

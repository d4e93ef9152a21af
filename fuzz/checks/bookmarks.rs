//! Fuzz check: the bookmarks file parser and its recovery path, fed arbitrary file contents.
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/bookmarks.rs`) and the corpus replay that
//! `cargo test` runs (`src-tauri/core/tests/engine/fuzz_replay`).

use palette_docs_core::bookmarks::BookmarkStore;

/// Panics on a finding; returns normally for any input the code handles.
pub fn check(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if std::fs::write(dir.path().join("bookmarks.json"), data).is_err() {
        return;
    }
    // Opening may refuse (e.g. a newer format) but must never panic; listing after a recovery works.
    if let Ok(store) = BookmarkStore::open(dir.path()) {
        let _ = store.list();
        let _ = store.notice();
    }
}

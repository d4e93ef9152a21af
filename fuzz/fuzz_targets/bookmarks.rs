//! Fuzz target: the bookmarks file parser and its recovery path, fed arbitrary file contents.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palette_docs_core::bookmarks::BookmarkStore;

fuzz_target!(|data: &[u8]| {
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
});

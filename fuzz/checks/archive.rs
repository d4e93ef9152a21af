//! Fuzz check: the bounded tar reader a packed snapshot is unpacked with, fed arbitrary streams.
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/archive.rs`) and the corpus replay that
//! `cargo test` runs (`src-tauri/core/tests/engine/fuzz_replay`).

use palette_docs_core::bundle::archive::{ArchiveReader, Limits};

/// Small limits, so every bound is reached within a fuzz input's size.
const LIMITS: Limits = Limits {
    max_entries: 64,
    max_entry_bytes: 64 * 1024,
    max_total_bytes: 256 * 1024,
    max_extension_bytes: 4096,
    max_stream_bytes: 512 * 1024,
};

/// Panics on a finding; returns normally for any input the code handles. Refusals are fine; a
/// panic, a loop, reading past the limits or a control character in a shown name is not.
pub fn check(data: &[u8]) {
    let mut reader = ArchiveReader::new(data, LIMITS);
    let mut buf = [0u8; 4096];
    let mut bodies = 0u64;
    while let Ok(Some(entry)) = reader.next_entry() {
        assert!(entry.size <= LIMITS.max_entry_bytes);
        assert!(entry.shown_name().chars().all(|c| !c.is_control()));
        loop {
            match reader.read_body(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => bodies += n as u64,
            }
        }
        assert!(bodies <= LIMITS.max_total_bytes);
    }
    assert!(reader.consumed() <= LIMITS.max_stream_bytes);
}

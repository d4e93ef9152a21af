//! Fuzz check: the bundle loader's untrusted-text entry points — manifest and signature JSON, and
//! the path check every manifest entry must pass before it is joined to the bundle folder.
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/manifest.rs`) and the corpus replay that
//! `cargo test` runs (`src-tauri/core/tests/engine/fuzz_replay`).

use palette_docs_core::bundle::format::{self, Manifest, SignatureFile};

/// Panics on a finding; returns normally for any input the code handles.
pub fn check(data: &[u8]) {
    let _ = serde_json::from_slice::<Manifest>(data);
    let _ = serde_json::from_slice::<SignatureFile>(data);
    let _ = serde_json::from_slice::<format::NavFile>(data);
    let _ = serde_json::from_slice::<format::PageFile>(data);
    if let Ok(path) = std::str::from_utf8(data) {
        // Whatever the manifest says, a path that passes the check stays inside the bundle.
        if format::is_safe_relative_path(path) {
            assert!(!path.starts_with('/'));
            assert!(!path.split('/').any(|seg| seg == ".."));
            assert!(!path.contains('\\') && !path.contains('\0'));
        }
    }
}

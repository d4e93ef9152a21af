//! Setup shared by the integration tests: the feature fixture, the release key and the trust store
//! that trusts it, bundles built from a source folder, an `Api` over a library, and requests sent
//! to it.

// Each test file uses part of this module; the rest would otherwise warn as unused there.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use palette_docs_core::bookmarks::{BookmarkStore, StateStore};
use palette_docs_core::bundle::sign::SigningKey;
use palette_docs_core::bundle::{SignerKind, TrustStore};
use palette_docs_core::library::OpenSnapshot;
use palette_docs_server::api::{Api, AppState, Request, Response, UiDir};

// The release key, the trust store that trusts it and building a signed bundle: the engine tests'
// own helpers, so both crates' tests sign alike.
#[path = "../../../core/tests/engine/support.rs"]
mod engine_support;
pub use engine_support::{build_bundle, copy_dir, key, pack_foreign, packed, tampered_copy, trust};

/// The markdown source every bundle test builds from unless it writes its own.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/features")
}

/// A key that `trust()` does not know.
pub fn foreign_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

/// A trust store that trusts `key` as a release signer, and nothing else.
pub fn trust_for(key: &SigningKey) -> TrustStore {
    let mut t = TrustStore::empty();
    t.trust(key.verifying_key(), SignerKind::Release);
    t
}

/// The feature fixture built into `<into>/bundle`, signed by `key()`.
pub fn fixture_bundle(into: &Path) -> PathBuf {
    build_bundle(&fixture(), into, &key())
}

/// The feature fixture built into a fresh temp folder, which lives as long as the answered guard.
pub fn temp_fixture_bundle() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = fixture_bundle(tmp.path());
    (tmp, out)
}

/// An `Api` over `lib`, serving the UI from `ui`, with no bookmarks store.
pub fn api_over(lib: OpenSnapshot, ui: impl Into<PathBuf>) -> Api {
    Api::new(AppState::new(lib), Box::new(UiDir(ui.into())))
}

/// An API over the fixture whose bookmarks and reading-state stores are opened in `data`.
pub fn api_with_stores(tmp: &Path, data: &Path) -> Api {
    let ui = UiDir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui"));
    let state = AppState::new(OpenSnapshot::open(&fixture_bundle(tmp), &trust()).expect("open"))
        .with_bookmarks(BookmarkStore::open(data).map_err(|e| e.to_string()))
        .with_reading_state(StateStore::open(data).map_err(|e| e.to_string()));
    Api::new(state, Box::new(ui))
}

/// Sends one request to `api`; `path` may carry a `?query`.
pub fn request(api: &Api, method: &str, path: &str, body: &[u8]) -> Response {
    api.handle(&Request {
        method,
        body,
        ..Request::get(path)
    })
}

/// Sends one request and answers its status and its body as JSON (`Null` when it is not JSON).
pub fn send(api: &Api, method: &str, path: &str, body: &[u8]) -> (u16, serde_json::Value) {
    let r = request(api, method, path, body);
    let json = serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null);
    (r.status, json)
}

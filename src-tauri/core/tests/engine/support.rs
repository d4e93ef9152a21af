//! What several engine test modules share (and the server's tests, which include this file): the test
//! signing key, the trust store that knows it, building a docs tree into a signed snapshot, packing
//! it, and copies of snapshots to tamper with.

use std::path::{Path, PathBuf};

use palette_docs_core::bundle::sign::SigningKey;
use palette_docs_core::bundle::{self, pack, BuildOptions, SignerKind, TrustStore};

/// The key every test snapshot is signed with.
pub fn key() -> SigningKey {
    SigningKey::from_bytes(&[42; 32])
}

/// The trust store that trusts `key()` as a release signer.
pub fn trust() -> TrustStore {
    let mut t = TrustStore::empty();
    t.trust(key().verifying_key(), SignerKind::Release);
    t
}

/// Builds `src` into `<into>/bundle`, signed by `key` as a release, and answers that folder.
pub fn build_bundle(src: &Path, into: &Path, key: &SigningKey) -> PathBuf {
    let out = into.join("bundle");
    bundle::build(
        src,
        &out,
        &BuildOptions::default(),
        key,
        SignerKind::Release,
        None,
    )
    .expect("build");
    out
}

/// `fixture` built into a fresh temp folder and packed into `<tmp>/<file_name>`: answers (temp folder,
/// bundle folder, packed file, library folder path not created yet).
pub fn packed(fixture: &Path, file_name: &str) -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle_dir = build_bundle(fixture, tmp.path(), &key());
    let file = tmp.path().join(file_name);
    pack::pack(&bundle_dir, &file, &trust()).expect("pack");
    let library = tmp.path().join("library");
    (tmp, bundle_dir, file, library)
}

/// `fixture` signed with a key `trust()` does not know, packed into `out`.
pub fn pack_foreign(fixture: &Path, out: &Path) {
    let foreign_tmp = tempfile::tempdir().expect("tempdir");
    let foreign_key = SigningKey::from_bytes(&[7; 32]);
    let foreign = build_bundle(fixture, foreign_tmp.path(), &foreign_key);
    let mut foreign_trust = TrustStore::empty();
    foreign_trust.trust(foreign_key.verifying_key(), SignerKind::Release);
    pack::pack(&foreign, out, &foreign_trust).expect("pack foreign");
}

/// A copy of `bundle_dir` in `<into>/tampered` whose `nav.json` was changed after signing.
pub fn tampered_copy(bundle_dir: &Path, into: &Path) -> PathBuf {
    let tampered = into.join("tampered");
    copy_dir(bundle_dir, &tampered);
    std::fs::write(tampered.join("nav.json"), b"{\"items\":[]}").expect("tamper");
    tampered
}

/// Copies the folder `from` (recursively) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

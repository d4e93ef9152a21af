//! What several engine test modules share: the test signing key, the trust store that knows it, and
//! building a docs tree into a signed snapshot.

use std::path::{Path, PathBuf};

use palette_docs_core::bundle::sign::SigningKey;
use palette_docs_core::bundle::{self, BuildOptions, SignerKind, TrustStore};

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

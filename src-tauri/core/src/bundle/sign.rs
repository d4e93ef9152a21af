//! Ed25519 signing of bundle manifests, and the set of keys the app trusts.
//!
//! Release keys are compiled in (`PALETTE_DOCS_RELEASE_KEYS`, comma-separated hex public keys, at build
//! time). Local and CI builds sign with a development key generated on first use in the user's data
//! folder; the app trusts that local key and keys compiled in through `PALETTE_DOCS_DEV_KEYS` (what the
//! package build uses), and labels such snapshots "signed with a development key".

use std::path::{Path, PathBuf};

pub use ed25519_dalek::SigningKey;
use ed25519_dalek::{Signature, Signer as _, Verifier as _, VerifyingKey};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::format::SignatureFile;
use crate::{Error, Result};

pub const DEV_KEY_FILE: &str = "dev-signing-key";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignerKind {
    Release,
    Development,
}

#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub key: VerifyingKey,
    pub kind: SignerKind,
}

/// The public keys a bundle may be signed with.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    keys: Vec<TrustedKey>,
}

/// Who signed a verified bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signer {
    pub key_id: String,
    pub kind: SignerKind,
}

/// A short, stable name for a public key: the first 16 hex digits of its SHA-256.
pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(key.as_bytes())[..8])
}

fn parse_public_key(hex_key: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_key.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

impl TrustStore {
    /// No keys: every bundle is refused. Add keys with [`TrustStore::trust`].
    pub fn empty() -> TrustStore {
        TrustStore::default()
    }

    pub fn trust(&mut self, key: VerifyingKey, kind: SignerKind) {
        if !self.keys.iter().any(|k| k.key == key) {
            self.keys.push(TrustedKey { key, kind });
        }
    }

    /// The compiled-in keys plus this machine's development key (when one exists in `data_dir`).
    pub fn for_app(data_dir: Option<&Path>) -> TrustStore {
        let mut store = TrustStore::empty();
        let compiled = [
            (
                option_env!("PALETTE_DOCS_RELEASE_KEYS"),
                SignerKind::Release,
            ),
            (
                option_env!("PALETTE_DOCS_DEV_KEYS"),
                SignerKind::Development,
            ),
        ];
        for (list, kind) in compiled {
            for key in list
                .unwrap_or_default()
                .split(',')
                .filter_map(parse_public_key)
            {
                store.trust(key, kind);
            }
        }
        if let Some(dir) = data_dir {
            if let Ok(Some(key)) = read_signing_key(&dir.join(DEV_KEY_FILE)) {
                store.trust(key.verifying_key(), SignerKind::Development);
            }
        }
        store
    }

    /// Checks `sig` over `manifest_bytes` and that its key is trusted.
    pub fn verify(&self, manifest_bytes: &[u8], sig: &SignatureFile) -> Result<Signer> {
        if sig.algorithm != "ed25519" {
            return Err(Error::Untrusted(format!(
                "manifest.sig uses `{}`, but only ed25519 signatures are accepted",
                // Not covered by the signature: shortened and escaped like any outside text.
                crate::terminal::excerpt(&sig.algorithm, 40)
            )));
        }
        let key = parse_public_key(&sig.public_key).ok_or_else(|| {
            Error::Untrusted("manifest.sig holds no valid Ed25519 public key".into())
        })?;
        let trusted = self.keys.iter().find(|k| k.key == key).ok_or_else(|| {
            Error::Untrusted(format!(
                "the snapshot is signed with key {}, which this app does not trust. A snapshot built on this machine is signed with the development key kept in the data folder it was built with (PALETTE_DOCS_DATA_DIR, else the default data folder): run with that data folder, or install a snapshot signed by a trusted key",
                key_id(&key)
            ))
        })?;
        let sig_bytes: [u8; 64] = hex::decode(sig.signature.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| Error::Untrusted("manifest.sig holds no valid signature".into()))?;
        key.verify(manifest_bytes, &Signature::from_bytes(&sig_bytes))
            .map_err(|_| {
                Error::Untrusted("manifest.json does not match its signature: the manifest was changed after signing".into())
            })?;
        Ok(Signer {
            key_id: key_id(&key),
            kind: trusted.kind,
        })
    }
}

/// Signs manifest bytes.
pub fn sign(manifest_bytes: &[u8], key: &SigningKey) -> SignatureFile {
    let verifying = key.verifying_key();
    SignatureFile {
        algorithm: "ed25519".into(),
        key_id: key_id(&verifying),
        public_key: hex::encode(verifying.as_bytes()),
        signature: hex::encode(key.sign(manifest_bytes).to_bytes()),
    }
}

/// Reads a signing key file: 64 hex digits (the 32-byte secret seed).
pub fn read_signing_key(path: &Path) -> Result<Option<SigningKey>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    parse_signing_key(&text).map(Some).ok_or_else(|| {
        Error::Bundle(format!(
            "{} is not a signing key (64 hex digits expected)",
            path.display()
        ))
    })
}

/// Parses 64 hex digits into a signing key.
pub fn parse_signing_key(hex_seed: &str) -> Option<SigningKey> {
    let seed: [u8; 32] = hex::decode(hex_seed.trim()).ok()?.try_into().ok()?;
    Some(SigningKey::from_bytes(&seed))
}

/// This machine's development key, created (mode 0600) on first use.
pub fn dev_signing_key(data_dir: &Path) -> Result<(SigningKey, PathBuf)> {
    let path = data_dir.join(DEV_KEY_FILE);
    if let Some(key) = read_signing_key(&path)? {
        return Ok((key, path));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| Error::write(data_dir, e))?;
    let key = SigningKey::generate(&mut rand_core::OsRng);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    let mut file = options.open(&path).map_err(|e| Error::write(&path, e))?;
    file.write_all(hex::encode(key.to_bytes()).as_bytes())
        .map_err(|e| Error::write(&path, e))?;
    Ok((key, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unsigned_algorithm_field_reaches_messages_short_and_inert() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let mut sig = sign(b"manifest", &key);
        sig.algorithm = format!("\u{1b}[2J\u{1b}[HOK: signature valid{}", "x".repeat(10_000));
        let err = TrustStore::empty()
            .verify(b"manifest", &sig)
            .expect_err("accepted")
            .to_string();
        assert!(!err.contains('\u{1b}'), "{err:?}");
        assert!(err.len() < 300, "{} bytes", err.len());
    }

    #[test]
    fn signatures_verify_only_for_trusted_keys_and_exact_bytes() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let sig = sign(b"manifest", &key);
        let mut store = TrustStore::empty();
        assert!(
            store.verify(b"manifest", &sig).is_err(),
            "untrusted key accepted"
        );
        store.trust(key.verifying_key(), SignerKind::Development);
        let signer = store.verify(b"manifest", &sig).expect("trusted");
        assert_eq!(signer.kind, SignerKind::Development);
        assert_eq!(signer.key_id.len(), 16);
        let err = store.verify(b"manifesT", &sig).expect_err("tampered");
        assert!(err.to_string().contains("changed after signing"));
    }

    #[test]
    fn dev_key_is_created_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, path) = dev_signing_key(dir.path()).expect("create");
        let (b, _) = dev_signing_key(dir.path()).expect("reuse");
        assert_eq!(a.to_bytes(), b.to_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let store = TrustStore::for_app(Some(dir.path()));
        assert!(store.verify(b"x", &sign(b"x", &a)).is_ok());
    }

    #[test]
    fn several_keys_are_trusted_each_once_with_the_kind_first_given() {
        let release = SigningKey::from_bytes(&[1u8; 32]);
        let dev = SigningKey::from_bytes(&[2u8; 32]);
        let mut store = TrustStore::empty();
        store.trust(release.verifying_key(), SignerKind::Release);
        store.trust(dev.verifying_key(), SignerKind::Development);
        // Trusting a key again neither adds a second entry nor changes its kind.
        store.trust(release.verifying_key(), SignerKind::Development);
        assert_eq!(store.keys.len(), 2);
        let signed_by = |key: &SigningKey| store.verify(b"m", &sign(b"m", key)).expect("trusted");
        assert_eq!(signed_by(&release).kind, SignerKind::Release);
        assert_eq!(signed_by(&dev).kind, SignerKind::Development);
        assert_eq!(signed_by(&dev).key_id, key_id(&dev.verifying_key()));
    }

    #[test]
    fn a_key_file_that_cannot_be_read_is_an_error_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(read_signing_key(&dir.path().join("absent"))
            .expect("a missing key file is no error")
            .is_none());
        // A folder where the key file should be: reading it fails, which must not pass for "no key".
        let err = read_signing_key(dir.path()).expect_err("a folder is not a key file");
        assert!(
            err.to_string().contains(&dir.path().display().to_string()),
            "{err}"
        );
        std::fs::write(dir.path().join("garbage"), "not hex").expect("write");
        let err = read_signing_key(&dir.path().join("garbage")).expect_err("garbage");
        assert!(err.to_string().contains("64 hex digits"), "{err}");
    }
}

//! One side of a diff: a snapshot folder verified (signature, every file's hash) and reduced to
//! what the diff reads — its identity, its pages by route and its advisory records.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::advisories::ADVISORIES_FILE;
use crate::bundle::format::{self, SnapshotInfo};
use crate::bundle::{verify, TrustStore, Verified};
use crate::{Error, Result};

/// A page's verified JSON and its SHA-256 from the manifest.
#[derive(Debug)]
pub struct PageBytes {
    pub sha256: String,
    pub json: Vec<u8>,
}

/// A verified snapshot, ready to compare.
#[derive(Debug)]
pub struct DiffSource {
    pub info: SnapshotInfo,
    /// SHA-256 of the signed manifest: two sources with the same digest are the same snapshot.
    pub digest: String,
    /// Route (`/security/core-principles/`) → the page file.
    pub pages: HashMap<String, PageBytes>,
    /// The parsed `advisories.json`, when the snapshot carries one.
    pub advisories: Option<serde_json::Value>,
}

impl DiffSource {
    /// Verifies the snapshot folder `dir`; `label` names it in messages (the argument the user gave).
    pub fn open(dir: &Path, label: &str, trust: &TrustStore) -> Result<DiffSource> {
        let verified = verify(dir, trust).map_err(|e| {
            Error::Bundle(format!(
                "{label} cannot be compared because it did not pass verification: {e}"
            ))
        })?;
        DiffSource::from_verified(verified)
    }

    /// Takes the pages and advisories out of an already verified snapshot.
    pub fn from_verified(verified: Verified) -> Result<DiffSource> {
        let manifest_json = serde_json::to_vec(&verified.manifest)
            .map_err(|e| Error::Bundle(format!("the manifest cannot be encoded: {e}")))?;
        let digest = hex::encode(Sha256::digest(&manifest_json));
        let hashes: HashMap<&str, &str> = verified
            .manifest
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.sha256.as_str()))
            .collect();
        let mut pages = HashMap::new();
        let mut advisories = None;
        for (path, json) in verified.contents {
            if path == ADVISORIES_FILE {
                let value = serde_json::from_slice(&json).map_err(|e| {
                    Error::Bundle(format!(
                        "{ADVISORIES_FILE} is damaged ({e}); rebuild the snapshot"
                    ))
                })?;
                advisories = Some(value);
            } else if let Some(route) = route_of(&path) {
                let sha256 = hashes.get(path.as_str()).copied().unwrap_or("").to_string();
                pages.insert(route, PageBytes { sha256, json });
            }
        }
        Ok(DiffSource {
            info: verified.manifest.snapshot,
            digest,
            pages,
            advisories,
        })
    }
}

/// `pages/security/core-principles.json` → `/security/core-principles/`, `pages/index.json` → `/`.
fn route_of(path: &str) -> Option<String> {
    let rest = path
        .strip_prefix(format::PAGES_DIR)?
        .strip_prefix('/')?
        .strip_suffix(".json")?;
    Some(if rest == "index" {
        "/".to_string()
    } else {
        format!("/{rest}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_the_readers_routes() {
        for route in ["/", "/security/core-principles/", "/a/"] {
            assert_eq!(route_of(&format::page_path(route)).as_deref(), Some(route));
        }
        assert_eq!(route_of("nav.json"), None);
        assert_eq!(route_of("pagesx/a.json"), None);
    }
}

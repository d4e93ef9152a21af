//! Opening a compiled bundle: the signature, every file's hash, no extra or missing files — then the
//! pages, nav, tags and assets are held in memory (what was verified is what is served).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::format::{self, FileEntry, Manifest, NavFile, SignatureFile, SnapshotInfo, Tag};
use super::sign::{Signer, TrustStore};
use crate::{Error, Result};

/// Files bigger than this are not read into memory; a bundle that has one is refused.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A verified bundle.
#[derive(Debug)]
pub struct Bundle {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub signer: Signer,
    pub nav: NavFile,
    pub tags: Vec<Tag>,
    /// Route → the page's JSON, exactly as verified.
    pages: HashMap<String, Arc<[u8]>>,
    /// Asset path (under `assets/`) → bytes.
    assets: HashMap<String, Arc<[u8]>>,
    /// The search index files (under `search/`), handed to the searcher once.
    search_files: Vec<(String, Vec<u8>)>,
    /// `advisories.json`, when the snapshot carries advisory records.
    advisories: Option<Arc<[u8]>>,
    pub verify_time: Duration,
}

/// The result of checking a bundle without loading it for reading (`palette-docs verify`).
#[derive(Debug)]
pub struct Verified {
    pub manifest: Manifest,
    pub signer: Signer,
    pub files_checked: usize,
    /// Every verified file's bytes by bundle path.
    pub contents: HashMap<String, Vec<u8>>,
    pub elapsed: Duration,
}

fn read_limited(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.file_type().is_file() {
        return Err(Error::Bundle(format!(
            "{} is not a regular file (links are not allowed in a bundle)",
            path.display()
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::TooLarge(format!(
            "{} is too large for a bundle file",
            path.display()
        )));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Verifies the signature, the format version and every file against the manifest, then opens
/// every file the app will parse (nav, tags, pages, advisories, the search index), so a snapshot
/// that verifies also opens.
pub fn verify(dir: &Path, trust: &TrustStore) -> Result<Verified> {
    let verified = verify_files(dir, trust)?;
    super::check::contents_open(&verified.contents, dir)?;
    Ok(verified)
}

/// One file of a bundle, read after checking the manifest's signature and the file's own size and
/// hash: for a command that needs one file (`cve list` reads `advisories.json`), not the whole
/// snapshot. What it returns is exactly what was signed; the files it does not read are not checked.
/// `None`: the manifest does not list the file.
pub fn read_signed_file(dir: &Path, trust: &TrustStore, path: &str) -> Result<Option<Vec<u8>>> {
    let (manifest, _) = signed_manifest(dir, trust)?;
    match manifest.files.iter().find(|f| f.path == path) {
        Some(entry) if format::is_safe_relative_path(&entry.path) => {
            read_listed(dir, entry).map(Some)
        }
        _ => Ok(None),
    }
}

/// A file the manifest lists, read and checked against its size and hash there.
fn read_listed(dir: &Path, entry: &FileEntry) -> Result<Vec<u8>> {
    let bytes = read_limited(&dir.join(&entry.path)).map_err(|e| match e {
        // Not a regular file, or too large: that message already says what is wrong.
        Error::Bundle(_) | Error::TooLarge(_) => e,
        _ => Error::Bundle(format!(
            "{}: listed in the manifest but missing or unreadable",
            entry.path
        )),
    })?;
    if bytes.len() as u64 != entry.size || hex::encode(Sha256::digest(&bytes)) != entry.sha256 {
        return Err(Error::Untrusted(format!(
            "{}: content does not match the manifest (changed after signing)",
            entry.path
        )));
    }
    Ok(bytes)
}

/// The manifest, read once its signature by a trusted key and its format version are checked.
fn signed_manifest(dir: &Path, trust: &TrustStore) -> Result<(Manifest, Signer)> {
    if !dir.is_dir() {
        return Err(Error::NotFound(format!(
            "{} is not a bundle folder",
            dir.display()
        )));
    }
    let manifest_bytes = read_limited(&dir.join(format::MANIFEST)).map_err(|e| {
        Error::Bundle(format!(
            "{}: no readable manifest.json ({e}); this is not a complete bundle",
            dir.display()
        ))
    })?;
    let sig_bytes = read_limited(&dir.join(format::SIGNATURE)).map_err(|_| {
        Error::Untrusted(format!(
            "{}: manifest.sig is missing; the snapshot is unsigned and cannot be trusted",
            dir.display()
        ))
    })?;
    let sig: SignatureFile = serde_json::from_slice(&sig_bytes)
        .map_err(|e| Error::Bundle(format!("manifest.sig is damaged: {e}")))?;
    let signer = trust.verify(&manifest_bytes, &sig)?;
    // Only now, with the signature good, is the manifest's content worth reading.
    let version: serde_json::Value = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| Error::Bundle(format!("manifest.json is damaged: {e}")))?;
    let format_version = version
        .get("format_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    if format_version > u64::from(format::FORMAT_VERSION) {
        return Err(Error::Bundle(format!(
            "this snapshot uses bundle format {format_version}, newer than this app reads ({}); update Palette Docs Offline",
            format::FORMAT_VERSION
        )));
    }
    if format_version != u64::from(format::FORMAT_VERSION) {
        return Err(Error::Bundle(format!(
            "unsupported bundle format {format_version}; rebuild the snapshot"
        )));
    }
    let manifest: Manifest = serde_json::from_value(version)
        .map_err(|e| Error::Bundle(format!("manifest.json is damaged: {e}")))?;
    Ok((manifest, signer))
}

/// The signature, the format version and every file's hash; nothing parsed but the manifest.
fn verify_files(dir: &Path, trust: &TrustStore) -> Result<Verified> {
    let started = Instant::now();
    let (manifest, signer) = signed_manifest(dir, trust)?;
    let mut listed = BTreeSet::new();
    let mut contents = HashMap::with_capacity(manifest.files.len());
    for entry in &manifest.files {
        if !format::is_safe_relative_path(&entry.path)
            || entry.path == format::MANIFEST
            || entry.path == format::SIGNATURE
        {
            return Err(Error::Bundle(format!(
                "manifest lists `{}`, a path outside the bundle's files; the snapshot is refused",
                entry.path
            )));
        }
        if !listed.insert(entry.path.clone()) {
            return Err(Error::Bundle(format!(
                "manifest lists `{}` twice",
                entry.path
            )));
        }
        let bytes = read_listed(dir, entry)?;
        contents.insert(entry.path.clone(), bytes);
    }
    let mut present = Vec::new();
    super::build::collect_files(dir, dir, &mut present)?;
    for file in present {
        if file != format::MANIFEST && file != format::SIGNATURE && !listed.contains(&file) {
            return Err(Error::Untrusted(format!(
                "{file}: not listed in the manifest (added after signing)"
            )));
        }
    }
    Ok(Verified {
        files_checked: manifest.files.len(),
        manifest,
        signer,
        contents,
        elapsed: started.elapsed(),
    })
}

impl Bundle {
    /// Opens and verifies a bundle. Any failure is a sentence naming what failed.
    pub fn open(dir: &Path, trust: &TrustStore) -> Result<Bundle> {
        // The search index is opened by the caller, once; nav and tags are parsed below.
        let mut v = verify_files(dir, trust)?;
        super::check::pages_and_records_open(&v.contents, dir)?;
        let take_json = |contents: &mut HashMap<String, Vec<u8>>, name: &str| -> Result<Vec<u8>> {
            contents
                .remove(name)
                .ok_or_else(|| Error::Bundle(format!("the bundle has no {name}")))
        };
        let nav: NavFile = serde_json::from_slice(&take_json(&mut v.contents, format::NAV)?)
            .map_err(|e| Error::Bundle(format!("nav.json is damaged: {e}")))?;
        let tags: Vec<Tag> = serde_json::from_slice(&take_json(&mut v.contents, format::TAGS)?)
            .map_err(|e| Error::Bundle(format!("tags.json is damaged: {e}")))?;
        let mut pages = HashMap::new();
        let mut assets = HashMap::new();
        let mut search_files = Vec::new();
        let mut advisories = None;
        for (path, bytes) in v.contents {
            if let Some(rest) = path
                .strip_prefix("pages/")
                .and_then(|p| p.strip_suffix(".json"))
            {
                let route = if rest == "index" {
                    "/".to_string()
                } else {
                    format!("/{rest}/")
                };
                pages.insert(route, Arc::from(bytes));
            } else if let Some(rest) = path.strip_prefix("assets/") {
                assets.insert(rest.to_string(), Arc::from(bytes));
            } else if let Some(rest) = path.strip_prefix("search/") {
                search_files.push((rest.to_string(), bytes));
            } else if path == crate::advisories::SNAPSHOT_FILE {
                advisories = Some(Arc::from(bytes));
            }
        }
        if search_files.is_empty() {
            return Err(Error::Bundle(
                "the bundle has no search index; rebuild it with `palette-docs bundle build`"
                    .into(),
            ));
        }
        Ok(Bundle {
            dir: dir.to_path_buf(),
            manifest: v.manifest,
            signer: v.signer,
            nav,
            tags,
            pages,
            assets,
            search_files,
            advisories,
            verify_time: v.elapsed,
        })
    }

    pub fn snapshot(&self) -> &SnapshotInfo {
        &self.manifest.snapshot
    }

    /// A page's JSON by route (`/security/` or `security`).
    pub fn page_json(&self, route: &str) -> Option<Arc<[u8]>> {
        let trimmed = route.trim_matches('/');
        let key = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        self.pages.get(&key).cloned()
    }

    pub fn has_route(&self, route: &str) -> bool {
        self.page_json(route).is_some()
    }

    pub fn routes(&self) -> impl Iterator<Item = &str> {
        self.pages.keys().map(String::as_str)
    }

    pub fn asset(&self, path: &str) -> Option<Arc<[u8]>> {
        self.assets.get(path).cloned()
    }

    /// The verified search index files; empty after the first call.
    pub fn take_search_files(&mut self) -> Vec<(String, Vec<u8>)> {
        std::mem::take(&mut self.search_files)
    }

    /// The verified bytes of `advisories.json`, if the snapshot has one.
    pub fn advisories_json(&self) -> Option<Arc<[u8]>> {
        self.advisories.clone()
    }

    pub fn file_count(&self) -> usize {
        self.manifest.files.len()
    }
}

#[cfg(test)]
mod tests {
    use super::super::sign::{sign, SignerKind, SigningKey};
    use super::*;

    /// A folder holding `manifest` as manifest.json, signed by a key `trust` holds.
    fn signed(manifest: &serde_json::Value) -> (tempfile::TempDir, TrustStore) {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = SigningKey::from_bytes(&[9u8; 32]);
        let bytes = serde_json::to_vec(manifest).expect("json");
        std::fs::write(dir.path().join(format::MANIFEST), &bytes).expect("write");
        let sig = serde_json::to_vec(&sign(&bytes, &key)).expect("json");
        std::fs::write(dir.path().join(format::SIGNATURE), sig).expect("write");
        let mut trust = TrustStore::empty();
        trust.trust(key.verifying_key(), SignerKind::Development);
        (dir, trust)
    }

    fn manifest(format_version: u64, files: serde_json::Value) -> serde_json::Value {
        serde_json::json!({
            "format_version": format_version,
            "snapshot": {
                "name": "docs", "version": "1", "date": "2026-01-01", "edition": "test",
                "upstream_repo": "example/docs", "upstream_commit": "0", "site_url": "https://docs.example"
            },
            "files": files,
        })
    }

    #[test]
    fn an_opened_bundle_answers_its_pages_assets_and_records_exactly_as_signed() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/components");
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("bundle");
        let key = SigningKey::from_bytes(&[5u8; 32]);
        let options = super::super::BuildOptions::default();
        super::super::build(&src, &out, &options, &key, SignerKind::Release, None).expect("build");
        let mut trust = TrustStore::empty();
        trust.trust(key.verifying_key(), SignerKind::Release);
        let bundle = Bundle::open(&out, &trust).expect("opens");
        let on_disk = |path: &str| std::fs::read(out.join(path)).expect("a listed file");

        let mut page_routes = Vec::new();
        for file in &bundle.manifest.files {
            let Some(rest) = file
                .path
                .strip_prefix("pages/")
                .and_then(|p| p.strip_suffix(".json"))
            else {
                continue;
            };
            let route = format!("/{rest}/");
            assert_eq!(
                bundle.page_json(&route).as_deref(),
                Some(&on_disk(&file.path)[..])
            );
            assert!(bundle.has_route(&route), "{route}");
            page_routes.push(route);
        }
        assert!(page_routes.len() > 2, "{page_routes:?}");
        let mut routes: Vec<&str> = bundle.routes().collect();
        routes.sort_unstable();
        page_routes.sort_unstable();
        assert_eq!(routes, page_routes);
        assert!(!bundle.has_route("/not/a/page/"));
        assert_eq!(bundle.page_json("/not/a/page/"), None);

        let asset = bundle
            .manifest
            .files
            .iter()
            .find_map(|f| f.path.strip_prefix("assets/"))
            .expect("the fixture has an asset");
        assert_eq!(
            bundle.asset(asset).as_deref(),
            Some(&on_disk(&format!("assets/{asset}"))[..])
        );
        assert_eq!(bundle.asset("not-an-asset.png"), None);

        let records = on_disk(crate::advisories::SNAPSHOT_FILE);
        assert_eq!(bundle.advisories_json().as_deref(), Some(&records[..]));
        assert_eq!(bundle.file_count(), bundle.manifest.files.len());
        assert!(bundle.file_count() > page_routes.len());

        // One file read on its own is the same signed file; one the manifest does not list is none.
        let alone =
            read_signed_file(&out, &trust, crate::advisories::SNAPSHOT_FILE).expect("reads");
        assert_eq!(alone.as_deref(), Some(&records[..]));
        let asset_path = format!("assets/{asset}");
        let alone = read_signed_file(&out, &trust, &asset_path).expect("reads");
        assert_eq!(alone.as_deref(), Some(&on_disk(&asset_path)[..]));
        assert_eq!(
            read_signed_file(&out, &trust, "not-listed.json").expect("reads"),
            None
        );
    }

    #[test]
    fn a_listed_path_outside_the_bundle_is_never_read_on_its_own() {
        let outside = b"kept outside the bundle";
        let files = serde_json::json!([{
            "path": "../outside.json",
            "size": outside.len(),
            "sha256": hex::encode(Sha256::digest(outside)),
        }]);
        let (dir, trust) = signed(&manifest(u64::from(format::FORMAT_VERSION), files));
        let bundle = dir.path().join("bundle");
        std::fs::create_dir(&bundle).expect("mkdir");
        for name in [format::MANIFEST, format::SIGNATURE] {
            std::fs::rename(dir.path().join(name), bundle.join(name)).expect("move");
        }
        std::fs::write(dir.path().join("outside.json"), outside).expect("write");
        assert!(matches!(
            read_signed_file(&bundle, &trust, "../outside.json"),
            Ok(None)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_listed_link_is_refused_as_a_link_not_as_a_missing_file() {
        let target = b"{}";
        let files = serde_json::json!([{
            "path": "nav.json",
            "size": target.len(),
            "sha256": hex::encode(Sha256::digest(target)),
        }]);
        let (dir, trust) = signed(&manifest(u64::from(format::FORMAT_VERSION), files));
        std::fs::write(dir.path().join("real.json"), target).expect("write");
        std::os::unix::fs::symlink(dir.path().join("real.json"), dir.path().join("nav.json"))
            .expect("symlink");
        for err in [
            verify_files(dir.path(), &trust).expect_err("a link"),
            read_signed_file(dir.path(), &trust, "nav.json").expect_err("a link"),
        ] {
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
    }

    #[test]
    fn a_newer_format_asks_for_an_update_and_an_older_one_for_a_rebuild() {
        let newer = u64::from(format::FORMAT_VERSION) + 1;
        let (dir, trust) = signed(&manifest(newer, serde_json::json!([])));
        let err = verify_files(dir.path(), &trust).expect_err("newer format");
        assert!(
            err.to_string().contains("newer than this app reads"),
            "{err}"
        );

        let (dir, trust) = signed(&manifest(0, serde_json::json!([])));
        let err = verify_files(dir.path(), &trust).expect_err("older format");
        assert!(
            err.to_string().contains("unsupported bundle format 0"),
            "{err}"
        );
    }

    #[test]
    fn a_manifest_listing_the_manifest_or_its_signature_is_refused_as_such() {
        for listed in [format::MANIFEST, format::SIGNATURE] {
            let files = serde_json::json!([{ "path": listed, "sha256": "0", "size": 1 }]);
            let (dir, trust) = signed(&manifest(format::FORMAT_VERSION.into(), files));
            let err = verify_files(dir.path(), &trust).expect_err(listed);
            assert!(
                err.to_string()
                    .contains("a path outside the bundle's files"),
                "{listed}: {err}"
            );
        }
    }

    #[test]
    fn a_file_of_the_listed_size_but_other_content_is_refused() {
        let body = b"{\"a\":1}";
        let other = hex::encode(Sha256::digest(b"{\"a\":2}"));
        let files =
            serde_json::json!([{ "path": "nav.json", "sha256": other, "size": body.len() }]);
        let (dir, trust) = signed(&manifest(format::FORMAT_VERSION.into(), files));
        std::fs::write(dir.path().join("nav.json"), body).expect("write");
        let err = verify_files(dir.path(), &trust).expect_err("same size, other bytes");
        assert!(
            err.to_string().contains("nav.json: content does not match"),
            "{err}"
        );
    }

    #[test]
    fn files_up_to_the_limit_are_read_and_larger_ones_refused_unread() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Bigger than any off-by-a-factor limit, far below the real one.
        let two_mib = dir.path().join("two-mib");
        std::fs::write(&two_mib, vec![7u8; 2 << 20]).expect("write");
        assert_eq!(read_limited(&two_mib).expect("read").len(), 2 << 20);

        // Sparse: one byte past the limit costs no disk, and must be refused before reading.
        let huge = dir.path().join("huge");
        std::fs::File::create(&huge)
            .and_then(|f| f.set_len(MAX_FILE_BYTES + 1))
            .expect("sparse file");
        let err = read_limited(&huge).expect_err("too large");
        assert!(matches!(err, Error::TooLarge(_)), "{err}");
    }
}

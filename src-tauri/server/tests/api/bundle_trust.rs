//! Signed bundles: every kind of tampering is refused with a message naming what failed, and the
//! reader falls back to the packaged snapshot.

use std::path::{Path, PathBuf};

use crate::test_support::{api_over, foreign_key, key, temp_fixture_bundle, trust};
use palette_docs_core::bundle::sign;
use palette_docs_core::bundle::{self, SignerKind};
use palette_docs_core::library::OpenSnapshot;
use palette_docs_server::api::Request;

fn expect_refused(dir: &Path, needle: &str) {
    let err = bundle::verify(dir, &trust()).expect_err("tampered bundle accepted");
    assert!(
        err.to_string().contains(needle),
        "error {err} should name {needle}"
    );
    assert!(OpenSnapshot::open(dir, &trust()).is_err());
}

fn first_file(dir: &Path, prefix: &str) -> PathBuf {
    let mut files = Vec::new();
    for entry in walk(dir) {
        let rel = entry
            .strip_prefix(dir)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with(prefix) {
            files.push(entry);
        }
    }
    files.sort();
    files
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no file under {prefix}"))
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn flip_byte(path: &Path) {
    let mut bytes = std::fs::read(path).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn a_fresh_bundle_verifies_and_serves() {
    let (_tmp, dir) = temp_fixture_bundle();
    let v = bundle::verify(&dir, &trust()).expect("valid");
    assert_eq!(v.signer.kind, SignerKind::Release);
    assert!(v.files_checked > 5);
    let lib = OpenSnapshot::open(&dir, &trust()).expect("opens");
    assert!(lib.bundle.has_route("/guide/"));
    assert!(!lib.searcher.search("tip", 5).results.is_empty());
}

#[test]
fn one_changed_byte_anywhere_is_refused_naming_the_file() {
    for prefix in ["pages/", "search/", "assets/", "nav.json", "tags.json"] {
        let (_tmp, dir) = temp_fixture_bundle();
        let file = first_file(&dir, prefix);
        flip_byte(&file);
        let rel = file
            .strip_prefix(&dir)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        expect_refused(&dir, &rel);
    }
}

#[test]
fn added_removed_and_manifest_edits_are_refused() {
    let (_tmp, dir) = temp_fixture_bundle();
    std::fs::write(dir.join("pages/extra.json"), b"{}").expect("write");
    expect_refused(&dir, "pages/extra.json");

    let (_tmp, dir) = temp_fixture_bundle();
    let victim = first_file(&dir, "pages/");
    std::fs::remove_file(&victim).expect("rm");
    expect_refused(&dir, "missing");

    let (_tmp, dir) = temp_fixture_bundle();
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("read");
    std::fs::write(
        dir.join("manifest.json"),
        manifest.replace("Feature fixture", "Feature fixturE"),
    )
    .expect("write");
    expect_refused(&dir, "changed after signing");
}

#[test]
fn unsigned_and_foreign_key_bundles_are_refused() {
    let (_tmp, dir) = temp_fixture_bundle();
    std::fs::remove_file(dir.join("manifest.sig")).expect("rm");
    expect_refused(&dir, "unsigned");

    let (_tmp, dir) = temp_fixture_bundle();
    let manifest = std::fs::read(dir.join("manifest.json")).expect("read");
    let foreign = sign::sign(&manifest, &foreign_key());
    std::fs::write(
        dir.join("manifest.sig"),
        serde_json::to_vec(&foreign).expect("json"),
    )
    .expect("write");
    expect_refused(&dir, "does not trust");
}

#[test]
fn manifests_pointing_outside_or_from_the_future_are_refused() {
    for (edit, needle) in [
        (r#""path": "nav.json""#, r#""path": "../nav.json""#),
        (r#""format_version": 1"#, r#""format_version": 99"#),
    ] {
        let (_tmp, dir) = temp_fixture_bundle();
        let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("read");
        assert!(manifest.contains(edit), "{edit}");
        let edited = manifest.replace(edit, needle);
        std::fs::write(dir.join("manifest.json"), &edited).expect("write");
        // Re-signed with the trusted key: only the content check can catch it.
        let sig = sign::sign(edited.as_bytes(), &key());
        std::fs::write(
            dir.join("manifest.sig"),
            serde_json::to_vec(&sig).expect("json"),
        )
        .expect("write");
        let err = bundle::verify(&dir, &trust())
            .expect_err("refused")
            .to_string();
        let expected = if needle.contains("99") {
            "newer than this app"
        } else {
            "outside"
        };
        assert!(err.contains(expected), "{err}");
    }
}

#[test]
fn broken_bundles_never_panic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    assert!(bundle::verify(&empty, &trust()).is_err());
    let zero = tmp.path().join("zero");
    std::fs::write(&zero, b"").expect("write");
    assert!(bundle::verify(&zero, &trust()).is_err());
    let random = tmp.path().join("random");
    std::fs::create_dir(&random).expect("mkdir");
    std::fs::write(random.join("manifest.json"), [0xffu8, 0x00, 0x13, 0x37]).expect("write");
    std::fs::write(random.join("manifest.sig"), b"\x00garbage").expect("write");
    assert!(bundle::verify(&random, &trust()).is_err());

    let (_tmp, dir) = temp_fixture_bundle();
    let seg = first_file(&dir, "search/");
    let len = std::fs::metadata(&seg).expect("meta").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&seg)
        .expect("open")
        .set_len(len / 2)
        .expect("truncate");
    expect_refused(&dir, "search/");
}

#[test]
fn a_refused_snapshot_falls_back_to_the_default_with_a_notice() {
    let (_tmp, good) = temp_fixture_bundle();
    let (_tmp2, bad) = temp_fixture_bundle();
    flip_byte(&first_file(&bad, "pages/"));
    let lib = OpenSnapshot::open_or_default(Some(&bad), &good, &trust()).expect("fallback");
    let notice = lib.notice.clone().expect("notice");
    assert!(
        notice.contains("was refused") && notice.contains("pages/"),
        "{notice}"
    );
    let api = api_over(lib, "/nonexistent");
    let r = api.handle(&Request::get("/api/snapshot"));
    let body: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    assert!(body["notice"]
        .as_str()
        .is_some_and(|n| n.contains("refused")));
    assert_eq!(body["signer"], "release");
}

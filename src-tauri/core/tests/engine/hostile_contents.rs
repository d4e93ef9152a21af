//! Signed snapshots with hostile or damaged contents: a flipped byte in the search index, a damaged
//! page, pages that carry `<meta>`/`<base>`, links instead of files. Each is made here by changing a
//! built bundle and signing it again with the trusted key.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::support::{build_bundle, copy_dir, key, trust};
use palette_docs_core::bundle::{self, sign};
use palette_docs_core::library::OpenSnapshot;

/// The feature fixture built into a fresh temp folder, which lives as long as the answered guard.
fn temp_fixture_bundle() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features");
    let out = build_bundle(&fixture, tmp.path(), &key());
    (tmp, out)
}

/// Rewrites `rel` in `bundle` with `change`, updates the manifest and signs it again with `key()`:
/// the result is exactly what a trusted but careless (or hostile) signer could ship.
fn change_and_resign(bundle: &Path, rel: &str, change: impl FnOnce(&mut Vec<u8>)) {
    let path = bundle.join(rel);
    let mut bytes = std::fs::read(&path).expect("read");
    change(&mut bytes);
    std::fs::write(&path, &bytes).expect("write");
    let manifest_path = bundle.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).expect("manifest")).expect("json");
    for entry in manifest["files"].as_array_mut().expect("files") {
        if entry["path"] == rel {
            entry["sha256"] = hex::encode(Sha256::digest(&bytes)).into();
            entry["size"] = bytes.len().into();
        }
    }
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).expect("encode");
    std::fs::write(&manifest_path, &manifest_bytes).expect("write manifest");
    let sig = sign::sign(&manifest_bytes, &key());
    std::fs::write(
        bundle.join("manifest.sig"),
        serde_json::to_vec(&sig).expect("sig"),
    )
    .expect("write sig");
}

/// The biggest file of the search index (the one most likely to hold postings).
fn biggest_index_file(bundle: &Path) -> String {
    let mut files: Vec<(u64, String)> = std::fs::read_dir(bundle.join("search"))
        .expect("search dir")
        .flatten()
        .filter(|e| e.file_name() != "meta.json")
        .map(|e| {
            (
                e.metadata().expect("meta").len(),
                e.file_name().to_string_lossy().into_owned(),
            )
        })
        .collect();
    files.sort();
    format!("search/{}", files.last().expect("an index file").1)
}

/// A page file at the top of `pages/`, as a bundle path.
fn first_page(bundle: &Path) -> String {
    let page = std::fs::read_dir(bundle.join("pages"))
        .expect("pages")
        .flatten()
        .find(|e| e.path().is_file())
        .expect("a page")
        .file_name()
        .to_string_lossy()
        .into_owned();
    format!("pages/{page}")
}

#[test]
fn a_signed_snapshot_with_a_flipped_index_byte_fails_verify_naming_the_file() {
    let (_tmp, bundle) = temp_fixture_bundle();
    let rel = biggest_index_file(&bundle);
    change_and_resign(&bundle, &rel, |b| {
        let middle = b.len() / 2;
        b[middle] ^= 0x5a;
    });
    let name = rel.trim_start_matches("search/");
    let err = bundle::verify(&bundle, &trust()).expect_err("a damaged index verified");
    assert!(err.to_string().contains(name), "{err}");
    // Opening refuses it the same way, without a panic.
    let err = OpenSnapshot::open(&bundle, &trust()).expect_err("a damaged index opened");
    assert!(err.to_string().contains(name), "{err}");
}

#[test]
fn a_signed_snapshot_with_a_damaged_page_fails_verify_naming_the_page() {
    let (_tmp, bundle) = temp_fixture_bundle();
    let rel = first_page(&bundle);
    change_and_resign(&bundle, &rel, |b| b.truncate(b.len() / 2));
    let err = bundle::verify(&bundle, &trust()).expect_err("a damaged page verified");
    assert!(err.to_string().contains(&rel), "{err}");
}

#[test]
fn a_link_listed_in_the_manifest_is_named_as_a_link() {
    let (_tmp, bundle) = temp_fixture_bundle();
    let nav = bundle.join("nav.json");
    let moved = bundle.join("../nav-elsewhere.json");
    std::fs::rename(&nav, &moved).expect("move");
    std::os::unix::fs::symlink(&moved, &nav).expect("symlink");
    let err = bundle::verify(&bundle, &trust()).expect_err("a link verified");
    assert!(err.to_string().contains("links are not allowed"), "{err}");
}

#[test]
fn a_signed_page_holding_meta_refresh_or_base_is_refused() {
    for tag in [
        r#"<META http-equiv="refresh" content="0;url=/assets/x.svg">"#,
        r#"<base href="https://example.invalid/">"#,
    ] {
        let (_tmp, bundle) = temp_fixture_bundle();
        let rel = &first_page(&bundle);
        change_and_resign(&bundle, rel, |b| {
            let mut page: serde_json::Value = serde_json::from_slice(b).expect("page json");
            let html = format!("{tag}{}", page["html"].as_str().expect("html"));
            page["html"] = html.into();
            *b = serde_json::to_vec(&page).expect("encode");
        });
        let err = bundle::verify(&bundle, &trust()).expect_err("a page with meta/base verified");
        assert!(err.to_string().contains(rel), "{err}");
        // A folder opened as it is (`serve --bundle`, the packaged snapshot) is refused the same way.
        let err = OpenSnapshot::open(&bundle, &trust()).expect_err("a page with meta/base opened");
        assert!(err.to_string().contains(rel), "{err}");
    }
}

#[test]
fn an_svg_asset_ships_without_script_handlers_or_outside_references() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let source = tmp.path().join("source");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features"),
        &source,
    );
    std::fs::write(
        source.join("static/img/diagram.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="fetch('/api/bookmarks',{method:'POST'})"><script>alert(1)</script><a xlink:href="https://example.invalid/"><rect width="10" height="10" fill="red"/></a><image href="https://example.invalid/t.png"/></svg>"#,
    )
    .expect("write svg");
    let bundle = build_bundle(&source, tmp.path(), &key());
    let shipped = std::fs::read_to_string(bundle.join("assets/img/diagram.svg")).expect("asset");
    for bad in ["onload", "script", "alert", "example.invalid", "fetch"] {
        assert!(!shipped.contains(bad), "`{bad}` shipped: {shipped}");
    }
    assert!(
        shipped.contains("<rect width=\"10\" height=\"10\" fill=\"red\"/>"),
        "{shipped}"
    );
    bundle::verify(&bundle, &trust()).expect("the cleaned snapshot verifies");
}

#[test]
fn meta_and_base_in_markdown_never_survive_rendering() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let source = tmp.path().join("source");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features"),
        &source,
    );
    std::fs::write(
        source.join("docs/guide/redirect.md"),
        "---\ntitle: \"Redirect\"\n---\n\n# Redirect\n\n<meta http-equiv=\"refresh\" content=\"0;url=https://example.invalid/\">\n<BASE href=\"https://example.invalid/\">\n\nText after the tags.\n",
    )
    .expect("write page");
    let bundle = build_bundle(&source, tmp.path(), &key());
    let page: serde_json::Value = serde_json::from_slice(
        &std::fs::read(bundle.join("pages/guide/redirect.json")).expect("page"),
    )
    .expect("page json");
    let html = page["html"].as_str().expect("html").to_ascii_lowercase();
    assert!(html.contains("text after the tags"), "{html}");
    assert!(!html.contains("<meta") && !html.contains("<base"), "{html}");
    assert!(!html.contains("example.invalid"), "{html}");
}

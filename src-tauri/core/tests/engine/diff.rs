//! The snapshot diff end to end: fixture snapshots built in the test from small docs trees with
//! known edits, compared as folders, packed files and installed ids, with the cache and bad input.

use std::path::{Path, PathBuf};

use palette_docs_core::bundle::format::{self, FileEntry, Manifest};
use palette_docs_core::bundle::{pack, sign, BuildOptions, SignerKind};
use palette_docs_core::diff::words::WordOp;
use palette_docs_core::diff::{self, CacheUse, Places, SectionStatus, SnapshotDiff};
use palette_docs_core::library;
use sha2::{Digest, Sha256};

use crate::support::{key, trust};

const POLICIES_OLD: &str = "---\ntitle: Key policies\nsidebar_position: 3\n---\n\n\
Policies that apply to every cluster.\n\n\
## Rotation\n\nRotate the signing keys every 90 days and record who did it.\n\n\
## Scope\n\nThe policies cover management and workload clusters.\n\n\
## Audit\n\n| Check | Tool |\n|---|---|\n| Keys | `palette-audit --keys` |\n";

const LINKS_OLD: &str = "---\ntitle: Where to read next\nsidebar_position: 4\n---\n\n\
Start with the [introduction](intro.md).\n\n## Further\n\nThen read the [scope](policies.md#scope).\n";

const LINKS_NEW: &str = "---\ntitle: What to read next\nsidebar_position: 4\n---\n\n\
Start with the [introduction](intro.md).\n\n## Further\n\nThen read the [scope](policies.md#audit).\n";

const MOVED_BODY: &str = "---\ntitle: Network isolation\n---\n\n\
Workload clusters reach the management plane through one port only.\n\n## Ports\n\nPort 443 carries everything.\n";

/// One version of the fixture docs set: `(path under docs/, markdown)` pairs.
fn write_tree(root: &Path, name: &str, version: &str, pages: &[(&str, &str)]) -> PathBuf {
    let src = root.join(format!("src-{version}"));
    let toml = format!(
        "[snapshot]\nname = \"{name}\"\nversion = \"{version}\"\ndate = \"2026-12-0{}\"\n\
         edition = \"Test\"\ndocs_root = \"docs\"\nsite_url = \"https://docs.example.test\"\n",
        version.len()
    );
    std::fs::create_dir_all(src.join("docs")).expect("mkdir");
    std::fs::write(src.join("snapshot.toml"), toml).expect("toml");
    for (path, text) in pages {
        let file = src.join("docs").join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("page");
    }
    src
}

fn build(src: &Path, out: &Path) -> PathBuf {
    palette_docs_core::bundle::build(
        src,
        out,
        &BuildOptions::default(),
        &key(),
        SignerKind::Release,
        None,
    )
    .expect("build");
    out.to_path_buf()
}

fn intro(label: &str, position: u32) -> String {
    format!(
        "---\ntitle: Introduction\nsidebar_label: {label}\nsidebar_position: {position}\n---\n\n\
         Palette hardens every cluster it deploys.\n\n## Principles\n\nLeast privilege first.\n"
    )
}

fn old_pages() -> Vec<(&'static str, String)> {
    vec![
        ("security/intro.md", intro("Introduction", 1)),
        ("security/policies.md", POLICIES_OLD.to_string()),
        ("security/links.md", LINKS_OLD.to_string()),
        (
            "security/retired.md",
            "---\ntitle: Retired\n---\n\nThis page goes away.\n".to_string(),
        ),
        ("security/network.md", MOVED_BODY.to_string()),
    ]
}

fn new_pages() -> Vec<(&'static str, String)> {
    vec![
        // Navigation only: another sidebar label and place, the same content.
        ("security/intro.md", intro("Start here", 9)),
        (
            "security/policies.md",
            POLICIES_OLD.replace("every 90 days", "every 30 days"),
        ),
        ("security/links.md", LINKS_NEW.to_string()),
        ("security/networking/isolation.md", MOVED_BODY.to_string()),
        (
            "security/sbom.md",
            "---\ntitle: SBOM\n---\n\nEach release lists its components.\n".to_string(),
        ),
    ]
}

fn as_refs<'a>(pages: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pages.iter().map(|(p, t)| (*p, t.as_str())).collect()
}

/// Old and new snapshots of one docs set, built into `root`.
fn old_and_new(root: &Path) -> (PathBuf, PathBuf) {
    let old = build(
        &write_tree(root, "Fixture docs", "1.0", &as_refs(&old_pages())),
        &root.join("old"),
    );
    let new = build(
        &write_tree(root, "Fixture docs", "1.1", &as_refs(&new_pages())),
        &root.join("new"),
    );
    (old, new)
}

/// Adds `advisories.json` to a built snapshot and signs the manifest again, as a build that
/// carries advisory records would.
fn add_advisories(bundle: &Path, records: &serde_json::Value) {
    let bytes = serde_json::to_vec(records).expect("json");
    std::fs::write(bundle.join("advisories.json"), &bytes).expect("write");
    let manifest_path = bundle.join(format::MANIFEST);
    let mut manifest: Manifest =
        serde_json::from_slice(&std::fs::read(&manifest_path).expect("read")).expect("manifest");
    manifest.files.push(FileEntry {
        path: "advisories.json".into(),
        sha256: hex::encode(Sha256::digest(&bytes)),
        size: bytes.len() as u64,
    });
    manifest.files.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).expect("manifest");
    std::fs::write(&manifest_path, &manifest_bytes).expect("write");
    let sig = sign::sign(&manifest_bytes, &key());
    std::fs::write(
        bundle.join(format::SIGNATURE),
        serde_json::to_vec(&sig).expect("sig"),
    )
    .expect("write");
}

fn places<'a>(
    trust: &'a palette_docs_core::bundle::TrustStore,
    lib: Option<&'a Path>,
) -> Places<'a> {
    Places {
        library_dir: lib,
        default_dir: None,
        trust,
    }
}

fn diff_folders(old: &Path, new: &Path) -> palette_docs_core::Result<SnapshotDiff> {
    let trust = trust();
    diff::diff_named(
        old.to_str().expect("utf-8"),
        new.to_str().expect("utf-8"),
        &places(&trust, None),
    )
    .map(|o| o.diff)
}

#[test]
fn known_edits_are_found_and_nothing_else() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (old, new) = old_and_new(tmp.path());
    let d = diff_folders(&old, &new).expect("diff");

    assert_eq!(
        (d.from.version.as_str(), d.to.version.as_str()),
        ("1.0", "1.1")
    );
    assert_eq!(d.pages.added, ["/security/sbom/"]);
    assert_eq!(d.pages.removed, ["/security/retired/"]);
    assert_eq!(d.pages.moved.len(), 1);
    assert_eq!(d.pages.moved[0].from, "/security/network/");
    assert_eq!(d.pages.moved[0].to, "/security/networking/isolation/");
    let changed: Vec<&str> = d.pages.changed.iter().map(|c| c.route.as_str()).collect();
    // The introduction only moved in the sidebar: not a change.
    assert_eq!(changed, ["/security/links/", "/security/policies/"]);

    // A changed title and a changed link target.
    let links = &d.pages.changed[0];
    assert_eq!(links.fields, ["title"]);
    assert_eq!(links.title, "What to read next");
    assert_eq!(links.sections, ["further"]);
    assert_eq!(links.details[0].links_added, ["/security/policies/#audit"]);
    assert_eq!(
        links.details[0].links_removed,
        ["/security/policies/#scope"]
    );

    // One changed section inside an otherwise unchanged page, with the changed words.
    let policies = &d.pages.changed[1];
    assert!(policies.fields.is_empty());
    assert_eq!(policies.sections, ["rotation"]);
    let rotation = &policies.details[0];
    assert_eq!(rotation.status, SectionStatus::Changed);
    assert_eq!(rotation.heading, "Rotation");
    let edits: Vec<(WordOp, &str)> = rotation
        .words
        .iter()
        .filter(|w| w.op != WordOp::Equal)
        .map(|w| (w.op, w.text.as_str()))
        .collect();
    assert_eq!(edits, [(WordOp::Delete, "90"), (WordOp::Insert, "30")]);

    assert!(d.advisories.is_empty(), "no advisories.json on either side");

    // The JSON has the agreed shape.
    let json = serde_json::to_value(&d).expect("json");
    assert_eq!(json["from"]["version"], "1.0");
    assert_eq!(json["to"]["date"], "2026-12-03");
    assert_eq!(
        json["pages"]["moved"][0]["to"],
        "/security/networking/isolation/"
    );
    assert_eq!(json["pages"]["changed"][1]["sections"][0], "rotation");
    assert!(json["advisories"]["changed"].is_array());
}

#[test]
fn sections_added_and_removed_inside_a_page() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let page = |body: &str| vec![("guide/page.md", format!("---\ntitle: Page\n---\n\n{body}"))];
    let a = page("Intro.\n\n## Kept\n\nSame.\n\n## Dropped\n\nGone soon.\n");
    let b = page("Intro changed.\n\n## Kept\n\nSame.\n\n## Fresh\n\nNew words.\n");
    let old = build(
        &write_tree(tmp.path(), "S", "1", &as_refs(&a)),
        &tmp.path().join("o"),
    );
    let new = build(
        &write_tree(tmp.path(), "S", "2", &as_refs(&b)),
        &tmp.path().join("n"),
    );
    let d = diff_folders(&old, &new).expect("diff");
    let page = &d.pages.changed[0];
    assert_eq!(page.sections, ["", "fresh", "dropped"]);
    let status: Vec<SectionStatus> = page.details.iter().map(|s| s.status).collect();
    assert_eq!(
        status,
        [
            SectionStatus::Changed,
            SectionStatus::Added,
            SectionStatus::Removed
        ]
    );
    assert!(page.details[1].words.iter().all(|w| w.op == WordOp::Insert));
}

#[test]
fn identical_content_in_two_snapshots_gives_an_empty_diff() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pages = old_pages();
    let old = build(
        &write_tree(tmp.path(), "Fixture docs", "1.0", &as_refs(&pages)),
        &tmp.path().join("a"),
    );
    let new = build(
        &write_tree(tmp.path(), "Fixture docs", "1.0.1", &as_refs(&pages)),
        &tmp.path().join("b"),
    );
    let d = diff_folders(&old, &new).expect("diff");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(d.to.version, "1.0.1");
}

#[test]
fn advisories_added_removed_and_changed_status() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (old, new) = old_and_new(tmp.path());
    let record = |id: &str, status: &str| {
        // A whole record as the reader parses it: `verify` opens advisories.json too.
        serde_json::json!({"id": id, "score": 8.1, "status": status, "component": "etcd",
            "affected": [{"product": "Palette VerteX", "version": "4.6"}], "revisions": [],
            "route": format!("/security/{}/", id.to_lowercase())})
    };
    add_advisories(
        &old,
        &serde_json::json!([
            record("CVE-2026-1111", "Ongoing"),
            record("CVE-2026-2222", "Ongoing")
        ]),
    );
    add_advisories(
        &new,
        &serde_json::json!([
            record("CVE-2026-1111", "Fixed"),
            record("CVE-2026-3333", "Ongoing")
        ]),
    );
    let d = diff_folders(&old, &new).expect("diff");
    assert_eq!(d.advisories.added, ["CVE-2026-3333"]);
    assert_eq!(d.advisories.removed, ["CVE-2026-2222"]);
    assert_eq!(d.advisories.changed.len(), 1);
    assert_eq!(d.advisories.changed[0].id, "CVE-2026-1111");
    assert_eq!(d.advisories.changed[0].fields, ["status"]);
}

fn pack_to(bundle: &Path, file: &Path) -> PathBuf {
    pack::pack(bundle, file, &trust()).expect("pack");
    file.to_path_buf()
}

#[test]
fn packed_files_and_installed_ids_diff_alike_and_the_cache_follows_the_library() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (old, new) = old_and_new(tmp.path());
    let from_folders = diff_folders(&old, &new).expect("diff");
    let old_file = pack_to(&old, &tmp.path().join("old.pdsnap"));
    let new_file = pack_to(&new, &tmp.path().join("new.pdsnap"));
    let trust = trust();

    let from_files = diff::diff_named(
        old_file.to_str().expect("utf-8"),
        new_file.to_str().expect("utf-8"),
        &places(&trust, None),
    )
    .expect("diff of packed files");
    assert_eq!(from_files.diff, from_folders);
    assert_eq!(from_files.cache, CacheUse::NotKept);

    let lib = tmp.path().join("library");
    let old_id = library::install(&old_file, &lib, &trust)
        .expect("install")
        .id;
    let new_id = library::install(&new_file, &lib, &trust)
        .expect("install")
        .id;
    // Installing the newer one kept the older one.
    let ids: Vec<String> = library::list(&lib)
        .expect("list")
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, [old_id.clone(), new_id.clone()]);

    let first = diff::diff_named(&old_id, &new_id, &places(&trust, Some(&lib))).expect("diff");
    assert_eq!(first.cache, CacheUse::Stored);
    assert_eq!(first.diff, from_folders);
    let entry = lib
        .join(".diffs")
        .join(&new_id)
        .join(format!("{old_id}.json"));
    assert!(entry.is_file(), "cached next to the newer snapshot");
    let again = diff::diff_named(&old_id, &new_id, &places(&trust, Some(&lib))).expect("diff");
    assert_eq!(again.cache, CacheUse::Reused);
    assert_eq!(again.diff, from_folders);
    // The library still lists only the snapshots.
    assert_eq!(library::list(&lib).expect("list").len(), 2);

    library::remove(&lib, &old_id).expect("remove");
    assert!(
        !entry.exists(),
        "removing the older snapshot removes the cached diff"
    );
    assert!(library::find(&lib, &new_id).is_some());
}

#[test]
fn a_snapshot_compared_with_itself_is_refused_with_a_sentence() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (old, _) = old_and_new(tmp.path());
    let err = diff_folders(&old, &old).expect_err("refused");
    assert!(err.to_string().contains("same snapshot"), "{err}");

    let lib = tmp.path().join("library");
    let trust = trust();
    let id = library::install(&pack_to(&old, &tmp.path().join("o.pdsnap")), &lib, &trust)
        .expect("install")
        .id;
    let err = diff::diff_named(&id, &id, &places(&trust, Some(&lib))).expect_err("refused");
    assert!(err.to_string().contains("same snapshot"), "{err}");
    assert!(!lib.join(".diffs").exists(), "nothing cached");
}

#[test]
fn snapshots_of_another_documentation_set_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (old, _) = old_and_new(tmp.path());
    let other = build(
        &write_tree(tmp.path(), "Other docs", "2.0", &as_refs(&new_pages())),
        &tmp.path().join("other"),
    );
    let err = diff_folders(&old, &other).expect_err("refused");
    let text = err.to_string();
    assert!(text.contains("different documentation sets"), "{text}");
    assert!(text.contains("Other docs"), "{text}");
}

#[test]
fn tampered_and_missing_snapshots_are_refused_and_nothing_is_lost() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (old, new) = old_and_new(tmp.path());
    let trust = trust();
    let lib = tmp.path().join("library");
    let old_id = library::install(&pack_to(&old, &tmp.path().join("o.pdsnap")), &lib, &trust)
        .expect("install")
        .id;
    let new_id = library::install(&pack_to(&new, &tmp.path().join("n.pdsnap")), &lib, &trust)
        .expect("install")
        .id;
    let page = lib
        .join(&new_id)
        .join(format::page_path("/security/policies/"));
    let original = std::fs::read(&page).expect("read");
    let mut edited = original.clone();
    edited.extend_from_slice(b" ");
    std::fs::write(&page, &edited).expect("tamper");

    let err = diff::diff_named(&old_id, &new_id, &places(&trust, Some(&lib))).expect_err("refused");
    let text = err.to_string();
    assert!(text.contains("did not pass verification"), "{text}");
    assert!(text.contains("changed after signing"), "{text}");
    assert!(!lib.join(".diffs").exists(), "nothing cached");
    // Nothing lost: both snapshots are still installed, the tampered file is as it was left.
    assert_eq!(library::list(&lib).expect("list").len(), 2);
    assert_eq!(std::fs::read(&page).expect("read"), edited);

    let err = diff::diff_named(&old_id, "no-such-snapshot", &places(&trust, Some(&lib)))
        .expect_err("refused");
    assert!(err.to_string().contains("bundle list"), "{err}");

    let junk = tmp.path().join("junk.pdsnap");
    std::fs::write(&junk, b"not an archive").expect("write");
    let err = diff::diff_named(
        old.to_str().expect("utf-8"),
        junk.to_str().expect("utf-8"),
        &places(&trust, None),
    )
    .expect_err("refused");
    assert!(err.to_string().contains("not a snapshot archive"), "{err}");
}

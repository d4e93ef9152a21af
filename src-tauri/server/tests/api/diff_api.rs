//! `GET /api/diff`: nothing to compare before a second snapshot was read, then what changed since
//! the one read before; any two installed snapshots by id; ids only (never paths); refusals that
//! say why.

use std::path::Path;

use crate::test_support::{build_bundle, copy_dir, fixture, fixture_bundle, key, send, trust};
use palette_docs_core::bundle::pack;
use palette_docs_core::library::{self, Library, OpenSnapshot, Places};
use palette_docs_server::api::{Api, AppState, UiDir};

/// The fixture with a newer version and one sentence of the reference page changed, built, packed
/// and installed into `library`; answers its id.
fn install_edited(tmp: &Path, library_dir: &Path) -> String {
    let src = tmp.join("edited-source");
    copy_dir(&fixture(), &src);
    let edit = |file: &str, from: &str, to: &str| {
        let path = src.join(file);
        let text = std::fs::read_to_string(&path).expect("read fixture file");
        assert!(text.contains(from), "{file} holds `{from}`");
        std::fs::write(&path, text.replace(from, to)).expect("write fixture file");
    };
    edit(
        "snapshot.toml",
        "version = \"0.0.1\"",
        "version = \"0.0.2\"",
    );
    edit(
        "docs/guide/reference.md",
        "Footnote reference",
        "A reworded footnote reference",
    );
    let built = build_bundle(&src, &tmp.join("edited"), &key());
    let file = tmp.join("edited.pdsnap");
    pack::pack(&built, &file, &trust()).expect("pack");
    library::install(&file, library_dir, &trust())
        .expect("install")
        .id
}

fn library_api(tmp: &Path, default_dir: &Path, library_dir: &Path) -> Api {
    let places = Places {
        default_dir: default_dir.to_path_buf(),
        library_dir: library_dir.to_path_buf(),
        trust: trust(),
    };
    let library = Library::open_chosen(places).expect("open");
    Api::new(AppState::new(library), Box::new(UiDir(tmp.into())))
}

#[test]
fn diff_compares_with_the_snapshot_read_before_and_any_two_by_id() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let default_dir = fixture_bundle(tmp.path());
    let library_dir = tmp.path().join("library");
    let newer = install_edited(tmp.path(), &library_dir);
    let api = library_api(tmp.path(), &default_dir, &library_dir);

    // Nothing read before: no diff, and a reason the reader can show.
    let (status, v) = send(&api, "GET", "/api/diff", &[]);
    assert_eq!(status, 200, "{v}");
    assert!(v["diff"].is_null(), "{v}");
    assert!(
        v["reason"]
            .as_str()
            .unwrap_or("")
            .contains("no other snapshot"),
        "{v}"
    );

    // After switching to the newer one, the default compares with the packaged one read before.
    let body = format!("{{\"id\":\"{newer}\"}}");
    assert_eq!(
        send(&api, "POST", "/api/snapshots/active", body.as_bytes()).0,
        200
    );
    let (status, v) = send(&api, "GET", "/api/diff", &[]);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["from_id"], "default");
    assert_eq!(v["to_id"], newer.as_str());
    let changed = v["diff"]["pages"]["changed"]
        .as_array()
        .expect("changed pages");
    assert_eq!(changed.len(), 1, "{v}");
    assert_eq!(changed[0]["route"], "/guide/reference/");
    assert_eq!(v["diff"]["to"]["version"], "0.0.2");
    // Remembered across a restart of the app.
    let again = library_api(tmp.path(), &default_dir, &library_dir);
    assert_eq!(
        send(&again, "GET", "/api/diff", &[]).1["from_id"],
        "default"
    );

    // Any two by id, either way round.
    let (status, v) = send(
        &api,
        "GET",
        &format!("/api/diff?from={newer}&to=default"),
        &[],
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["diff"]["from"]["version"], "0.0.2");

    // Refusals: a snapshot with itself, an unknown id, anything that looks like a path.
    let (status, v) = send(&api, "GET", "/api/diff?from=default&to=default", &[]);
    assert_eq!(status, 400, "{v}");
    assert!(
        v["error"].as_str().unwrap_or("").contains("same snapshot"),
        "{v}"
    );
    for bad in ["missing", "..%2F..%2Fetc", "%2Ftmp"] {
        let (status, v) = send(&api, "GET", &format!("/api/diff?from={bad}"), &[]);
        assert_eq!(status, 404, "{bad}: {v}");
        assert!(
            v["error"]
                .as_str()
                .unwrap_or("")
                .contains("no installed snapshot"),
            "{v}"
        );
    }
    assert_eq!(send(&api, "POST", "/api/diff", &[]).0, 405);

    // Removing the snapshot read before leaves nothing to compare with.
    library::remove(&library_dir, &newer).expect("remove");
    let reopened = library_api(tmp.path(), &default_dir, &library_dir);
    assert!(send(&reopened, "GET", "/api/diff", &[]).1["diff"].is_null());
}

#[test]
fn a_reader_pinned_to_one_snapshot_has_nothing_to_compare() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = fixture_bundle(tmp.path());
    let lib = OpenSnapshot::open(&dir, &trust()).expect("open");
    let api = Api::new(
        AppState::new(Library::pinned(lib)),
        Box::new(UiDir(tmp.path().into())),
    );
    let (status, v) = send(&api, "GET", "/api/diff?from=default", &[]);
    assert_eq!(status, 200, "{v}");
    assert!(v["diff"].is_null());
    assert!(
        v["reason"].as_str().unwrap_or("").contains("one snapshot"),
        "{v}"
    );
}

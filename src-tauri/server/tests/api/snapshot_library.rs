//! The library of snapshots: pack → install → list → open → remove, and hostile archives (escaping
//! paths, links, oversized entries, tampered content, foreign signatures) refused with the library
//! folder left as it was.

use std::path::{Path, PathBuf};

use crate::archive_support::{listing, packed_plus};
use crate::http_support::{post_head, raw_http, serve_on_loopback};
use crate::test_support::{
    fixture, fixture_bundle, pack_foreign as pack_foreign_of, packed as packed_of, request, send,
    tampered_copy, trust,
};
use palette_docs_core::bundle::pack;
use palette_docs_core::library::{self, Library, OpenSnapshot, Places};
use palette_docs_server::api::{self, Api, AppState, Request, UiDir};

fn packed(file_name: &str) -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    packed_of(&fixture(), file_name)
}

fn pack_foreign(out: &Path) {
    pack_foreign_of(&fixture(), out)
}

#[test]
fn pack_install_list_open_remove_round_trip() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle_dir = fixture_bundle(tmp.path());
    let file = tmp.path().join("snap.tar.zst");
    let report = pack::pack(&bundle_dir, &file, &trust()).expect("pack");
    assert!(report.bytes_out > 0 && report.files > 2);

    let library = tmp.path().join("library");
    let installed = library::install(&file, &library, &trust()).expect("install");
    assert_eq!(listing(&library), vec![installed.id.clone()]);
    // Installing the same version again replaces it, leaving one copy and no temp folders.
    let again = library::install(&file, &library, &trust()).expect("reinstall");
    assert_eq!(again.id, installed.id);
    assert_eq!(listing(&library), vec![installed.id.clone()]);

    let list = library::list(&library).expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].snapshot, report.snapshot);
    OpenSnapshot::open(&installed.dir, &trust()).expect("installed snapshot opens");

    // Through the API: list, switch, refuse removing the active one, switch back, remove.
    let lib = OpenSnapshot::open(&bundle_dir, &trust()).expect("open default");
    let api = snapshots_api(lib, tmp.path(), &bundle_dir, &library);
    let r = api.handle(&Request::get("/api/snapshots"));
    assert_eq!(r.status, 200);
    let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    assert_eq!(v["active"], "default");
    assert_eq!(v["snapshots"][0]["id"], "default");
    assert_eq!(v["snapshots"][0]["default"], true);
    assert_eq!(v["snapshots"][1]["id"], installed.id.as_str());

    let post = |id: &str| choose(&api, id).0;
    let delete = |id: &str| request(&api, "DELETE", &format!("/api/snapshots/{id}"), &[]).status;
    assert_eq!(post(&installed.id), 200);
    assert_eq!(api.state().library.active_id(), installed.id);
    assert_eq!(post("nope"), 404);
    assert_eq!(post("../bundle"), 404);
    assert_eq!(api.state().library.active_id(), installed.id);
    assert_eq!(delete("default"), 400);
    assert_eq!(post("default"), 200);
    assert_eq!(delete(&installed.id), 204);
    assert_eq!(delete(&installed.id), 404);
    assert!(listing(&library).is_empty());
    assert!(library::remove(&library, "default").is_err());
    assert!(library::remove(&library, "missing").is_err());
}

/// An `Api` over `lib` that can list, install and switch snapshots in `library`.
fn snapshots_api(lib: OpenSnapshot, tmp: &Path, default_dir: &Path, library: &Path) -> Api {
    let library = Library::with_places(lib, places(default_dir, library));
    Api::new(AppState::new(library), Box::new(UiDir(tmp.into())))
}

fn places(default_dir: &Path, library: &Path) -> Places {
    Places {
        default_dir: default_dir.to_path_buf(),
        library_dir: library.to_path_buf(),
        trust: trust(),
    }
}

/// An `Api` that opens the snapshot chosen in `library`, as the app does at start.
fn library_api(tmp: &Path, default_dir: &Path, library: &Path) -> Api {
    let library = Library::open_chosen(places(default_dir, library)).expect("open");
    Api::new(AppState::new(library), Box::new(UiDir(tmp.into())))
}

fn choose(api: &Api, id: &str) -> (u16, serde_json::Value) {
    send(
        api,
        "POST",
        "/api/snapshots/active",
        format!("{{\"id\":\"{id}\"}}").as_bytes(),
    )
}

#[test]
fn open_snapshot_installs_through_the_api_with_the_same_checks() {
    let (tmp, bundle_dir, file, library) = packed("snap.pdsnap");
    let api = library_api(tmp.path(), &bundle_dir, &library);
    let install = |bytes: &[u8]| {
        send(
            &api,
            "POST",
            "/api/snapshots/install?name=usb%2Fsnap.pdsnap",
            bytes,
        )
    };
    let ids = || -> Vec<String> {
        let (_, v) = send(&api, "GET", "/api/snapshots", &[]);
        v["snapshots"]
            .as_array()
            .expect("list")
            .iter()
            .map(|s| s["id"].as_str().expect("id").to_string())
            .collect()
    };

    // Refusals, each naming what failed; the library is left as it was.
    let refused = |bytes: &[u8], status: u16, needles: &[&str]| {
        let before = listing(&library);
        let (got, v) = install(bytes);
        let message = v["error"].as_str().unwrap_or_default().to_string();
        assert_eq!(got, status, "{message}");
        for needle in needles {
            assert!(
                message.contains(needle),
                "`{message}` should mention `{needle}`"
            );
        }
        assert_eq!(listing(&library), before, "library changed");
        assert_eq!(ids(), vec!["default"]);
    };
    refused(b"", 400, &["snap.pdsnap is empty"]);
    refused(
        b"hello, not a pack",
        422,
        &["snap.pdsnap was refused", "not a snapshot archive"],
    );
    let evil = tmp.path().join("evil.pdsnap");
    packed_plus(
        &bundle_dir,
        &evil,
        (b"../evil", tar::EntryType::Regular, b"x", None),
    );
    refused(
        &std::fs::read(&evil).expect("read"),
        422,
        &["outside the snapshot folder"],
    );
    let tampered = tampered_copy(&bundle_dir, tmp.path());
    packed_plus(
        &tampered,
        &evil,
        (b"pages", tar::EntryType::Directory, b"", None),
    );
    refused(
        &std::fs::read(&evil).expect("read"),
        422,
        &[
            "snap.pdsnap was not installed",
            "nav.json",
            "changed after signing",
        ],
    );
    pack_foreign(&evil);
    refused(
        &std::fs::read(&evil).expect("read"),
        422,
        &["does not trust"],
    );
    // Too big for the app: refused before anything is unpacked, pointing at the CLI.
    assert_eq!(
        api::body_limit("/api/snapshots/install"),
        pack::MAX_PACK_BYTES
    );
    refused(
        &vec![0u8; pack::MAX_PACK_BYTES + 1],
        413,
        &["larger than 64 MiB", "bundle install"],
    );

    // The real pack installs, is listed, and can be switched to.
    let (status, v) = install(&std::fs::read(&file).expect("read"));
    assert_eq!(status, 201, "{v}");
    let id = v["id"].as_str().expect("id").to_string();
    assert_eq!(v["default"], false);
    assert_eq!(ids(), vec!["default".to_string(), id.clone()]);
    assert_eq!(choose(&api, &id).0, 200);
    assert_eq!(api.state().library.active_id(), id);

    // A reader pinned with --bundle installs nothing.
    let pinned = Api::new(
        AppState::new(OpenSnapshot::open(&bundle_dir, &trust()).expect("open")),
        Box::new(UiDir(tmp.path().into())),
    );
    assert_eq!(send(&pinned, "POST", "/api/snapshots/install", b"x").0, 404);
    assert_eq!(send(&api, "GET", "/api/snapshots/install", &[]).0, 405);
}

#[test]
fn the_chosen_snapshot_is_opened_again_at_the_next_start() {
    let (tmp, bundle_dir, file, library) = packed("snap.pdsnap");
    let installed = library::install(&file, &library, &trust()).expect("install");

    let first = library_api(tmp.path(), &bundle_dir, &library);
    assert_eq!(first.state().library.active_id(), "default");
    let (status, v) = choose(&first, &installed.id);
    assert_eq!(status, 200);
    assert_eq!(v["notice"], serde_json::Value::Null);
    drop(first);

    // A new reader on the same data dir opens the chosen snapshot, and says it is the active one.
    let lib = Library::open_chosen(places(&bundle_dir, &library)).expect("reopen");
    assert_eq!(lib.active_id(), installed.id);
    assert_eq!(lib.current().bundle.dir, installed.dir);
    assert_eq!(lib.current().notice, None);
    let second = library_api(tmp.path(), &bundle_dir, &library);
    assert_eq!(second.state().library.active_id(), installed.id);
    assert_eq!(second.snapshot().bundle.dir, installed.dir);
    let (_, v) = send(&second, "GET", "/api/snapshots", &[]);
    assert_eq!(v["active"], installed.id.as_str());

    // Choosing the packaged one is remembered too.
    assert_eq!(choose(&second, "default").0, 200);
    let third = library_api(tmp.path(), &bundle_dir, &library);
    assert_eq!(third.state().library.active_id(), "default");
    assert_eq!(third.snapshot().bundle.dir, bundle_dir);

    // Removing the snapshot being read switches to the packaged one, and that is remembered.
    assert_eq!(choose(&third, &installed.id).0, 200);
    let (status, v) = send(
        &third,
        "DELETE",
        &format!("/api/snapshots/{}", installed.id),
        &[],
    );
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["active"], "default");
    assert_eq!(third.state().library.active_id(), "default");
    assert_eq!(third.snapshot().bundle.dir, bundle_dir);
    assert!(listing(&library).is_empty(), "{:?}", listing(&library));
    assert_eq!(library::read_active(&library), "default");
}

#[test]
fn a_chosen_snapshot_that_is_gone_or_tampered_falls_back_to_the_packaged_one_with_a_notice() {
    let (tmp, bundle_dir, file, library) = packed("snap.pdsnap");
    let installed = library::install(&file, &library, &trust()).expect("install");

    // Tampered after it was chosen: refused at start, the notice names the file, the choice is reset.
    library::write_active(&library, &installed.id).expect("choose");
    std::fs::write(installed.dir.join("tags.json"), b"[]").expect("tamper");
    let api = library_api(tmp.path(), &bundle_dir, &library);
    assert_eq!(api.state().library.active_id(), "default");
    assert_eq!(api.snapshot().bundle.dir, bundle_dir);
    let (_, snap) = send(&api, "GET", "/api/snapshot", &[]);
    let notice = snap["notice"].as_str().expect("notice");
    assert!(
        notice.contains("tags.json") && notice.contains("packaged snapshot"),
        "{notice}"
    );
    assert_eq!(library::read_active(&library), "default");
    let again = Library::open_chosen(places(&bundle_dir, &library)).expect("reopen");
    assert_eq!(again.active_id(), "default");

    // Gone after it was chosen (removed by hand): the packaged one, with a notice naming it.
    library::write_active(&library, &installed.id).expect("choose");
    std::fs::remove_dir_all(&installed.dir).expect("remove");
    let lib = Library::open_chosen(places(&bundle_dir, &library)).expect("open");
    assert_eq!(lib.active_id(), "default");
    let notice = lib.current().notice.clone().expect("notice");
    assert!(
        notice.contains(&installed.id) && notice.contains("no longer installed"),
        "{notice}"
    );
    assert_eq!(library::read_active(&library), "default");

    // A choice file naming something that cannot be a snapshot is ignored.
    std::fs::write(library.join(library::ACTIVE_FILE), "../../etc\n").expect("write");
    assert_eq!(library::read_active(&library), "default");
}

#[test]
fn serve_accepts_a_snapshot_file_bigger_than_other_requests() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle_dir = fixture_bundle(tmp.path());
    let library = tmp.path().join("library");
    let api = std::sync::Arc::new(library_api(tmp.path(), &bundle_dir, &library));
    let server = serve_on_loopback(std::sync::Arc::clone(&api));
    let addr = server.addr.clone();
    let post =
        |path: &str, len: usize| raw_http(&addr, &post_head(&addr, path, len), &vec![b'x'; len]);
    let two_mib = 2 * 1024 * 1024;
    // Past the 1 MiB of other requests, the install route reads the whole file and judges its content.
    assert!(post("/api/snapshots/install", two_mib).starts_with("HTTP/1.1 422"));
    assert!(post("/api/bookmarks", two_mib).starts_with("HTTP/1.1 413"));
    assert!(post("/api/snapshots/install", pack::MAX_PACK_BYTES + 1).starts_with("HTTP/1.1 413"));
    assert!(listing(&library).is_empty());
    drop(server);
}

#[test]
fn switching_to_a_tampered_snapshot_keeps_the_current_one() {
    let (tmp, bundle_dir, file, library) = packed("snap.tar.zst");
    let installed = library::install(&file, &library, &trust()).expect("install");
    std::fs::write(installed.dir.join("nav.json"), b"{}").expect("tamper");
    let lib = OpenSnapshot::open(&bundle_dir, &trust()).expect("open default");
    let api = snapshots_api(lib, tmp.path(), &bundle_dir, &library);
    let body = format!("{{\"id\":\"{}\"}}", installed.id);
    let r = request(&api, "POST", "/api/snapshots/active", body.as_bytes());
    assert_eq!(r.status, 422);
    assert!(String::from_utf8_lossy(&r.body).contains("nav.json"));
    assert_eq!(api.state().library.active_id(), "default");
}

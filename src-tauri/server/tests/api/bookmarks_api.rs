//! The bookmarks and reading-state endpoints of the one router (`server::api`), as the UI calls them over
//! either transport: export/import files, the body limits (router and HTTP server), and `/api/state`.

use std::path::Path;
use std::sync::Arc;

use crate::http_support::{post_head, raw_http, serve_on_loopback};
use palette_docs_core::bookmarks::{BookmarkStore, StateStore, CURRENT_VERSION, MAX_BOOKMARKS};
use palette_docs_core::bundle::sign::SigningKey;
use palette_docs_core::bundle::{self, BuildOptions, SignerKind, TrustStore};
use palette_docs_core::library::OpenSnapshot;
use palette_docs_core::Error;
use palette_docs_server::api::{
    Api, AppState, Request, Response, UiDir, MAX_BODY, MAX_IMPORT_BODY,
};
use serde_json::{json, Value};

const ORIGIN: &str = "http://127.0.0.1:1";

/// A one-page snapshot, built once per test into `tmp`.
fn library(tmp: &Path) -> OpenSnapshot {
    let src = tmp.join("src/security");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(
        src.join("fips.md"),
        "---\ntitle: FIPS\n---\nintro\n\n## Modules\n\ntext\n",
    )
    .expect("write");
    let key = SigningKey::from_bytes(&[7; 32]);
    let out = tmp.join("bundle");
    bundle::build(
        &tmp.join("src"),
        &out,
        &BuildOptions::default(),
        &key,
        SignerKind::Release,
        None,
    )
    .expect("build");
    let mut trust = TrustStore::empty();
    trust.trust(key.verifying_key(), SignerKind::Release);
    OpenSnapshot::open(&out, &trust).expect("open")
}

/// An API whose bookmarks and state live in `data`.
fn api(tmp: &Path, data: &Path) -> Api {
    let ui = UiDir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui"));
    let state = AppState::new(library(tmp))
        .with_bookmarks(BookmarkStore::open(data).map_err(|e| e.to_string()))
        .with_reading_state(StateStore::open(data).map_err(|e| e.to_string()));
    Api::new(state, Box::new(ui))
}

fn send(api: &Api, method: &str, path: &str, body: &[u8]) -> Response {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    api.handle(&Request {
        method,
        path,
        query,
        body,
        host: Some("127.0.0.1:1"),
        origin: Some(ORIGIN),
    })
}

fn json_of(r: &Response) -> Value {
    serde_json::from_slice(&r.body).unwrap_or_else(|e| {
        panic!(
            "{} is not JSON ({e}): {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        )
    })
}

fn add(api: &Api, route: &str, anchor: Option<&str>, note: &str) -> Value {
    let body = json!({ "route": route, "anchor": anchor, "title": format!("T {route}"), "section": null, "note": note });
    let r = send(api, "POST", "/api/bookmarks", body.to_string().as_bytes());
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    json_of(&r)
}

fn listed(api: &Api) -> Vec<Value> {
    let r = send(api, "GET", "/api/bookmarks", b"");
    assert_eq!(r.status, 200);
    json_of(&r)["bookmarks"]
        .as_array()
        .expect("bookmarks array")
        .clone()
}

fn error_of(r: &Response) -> String {
    json_of(r)["error"]
        .as_str()
        .expect("error text")
        .to_string()
}

mod bookmarks_files {
    use super::*;

    #[test]
    fn export_downloads_the_cli_format_and_import_merges_it_elsewhere() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let a = api(tmp.path(), &tmp.path().join("data-a"));
        add(&a, "/security/fips/", None, "read first");
        add(&a, "/security/fips/", Some("modules"), "");
        add(&a, "/security/gone/", None, "");

        let r = send(&a, "GET", "/api/bookmarks/export", b"");
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type, "application/json");
        let disposition = r.header("Content-Disposition").expect("disposition");
        let name = disposition
            .strip_prefix("attachment; filename=\"palette-docs-bookmarks-")
            .and_then(|rest| rest.strip_suffix(".json\""))
            .unwrap_or_else(|| panic!("{disposition}"));
        assert!(
            name.len() == 10 && name.chars().filter(|c| *c == '-').count() == 2,
            "{disposition}"
        );
        let file = json_of(&r);
        assert_eq!(file["version"], CURRENT_VERSION);
        assert_eq!(file["bookmarks"].as_array().expect("list").len(), 3);
        // The same bytes the CLI's `bookmarks export FILE` writes.
        let cli = tmp.path().join("cli.json");
        BookmarkStore::open(tmp.path().join("data-a"))
            .expect("open")
            .export(&cli)
            .expect("export");
        assert_eq!(std::fs::read(&cli).expect("read"), r.body);

        let b = api(tmp.path(), &tmp.path().join("data-b"));
        add(&b, "/security/gone/", None, "B's own note");
        let imported = send(&b, "POST", "/api/bookmarks/import?name=mine.json", &r.body);
        assert_eq!(imported.status, 200, "{}", error_of(&imported));
        assert_eq!(json_of(&imported), json!({ "added": 2, "skipped": 1 }));
        let list = listed(&b);
        let notes: Vec<&str> = list
            .iter()
            .map(|x| x["note"].as_str().unwrap_or("?"))
            .collect();
        assert_eq!(notes, ["B's own note", "read first", ""]);
        assert_eq!(list[2]["anchor"], "modules");
        assert_eq!(list[0]["missing"], true, "flags still come with the list");

        let again = send(&b, "POST", "/api/bookmarks/import?name=mine.json", &r.body);
        assert_eq!(json_of(&again), json!({ "added": 0, "skipped": 3 }));
        assert_eq!(listed(&b).len(), 3);
    }

    #[test]
    fn bad_files_get_the_cli_sentence_and_change_nothing() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = tmp.path().join("data");
        let api = api(tmp.path(), &data);
        add(&api, "/security/fips/", None, "keep me");
        let before = std::fs::read(data.join("bookmarks.json")).expect("read");

        let newer = br#"{"version": 9, "bookmarks": []}"#;
        let r = send(
            &api,
            "POST",
            "/api/bookmarks/import?name=from-the-future.json",
            newer,
        );
        assert_eq!(r.status, 400);
        let cli_sentence = Error::BookmarksTooNew {
            path: "from-the-future.json".into(),
            found: 9,
            supported: CURRENT_VERSION,
        }
        .to_string();
        assert_eq!(error_of(&r), cli_sentence);

        for (name, body) in [
            (
                "notes.json",
                &b"{\"version\": 2, \"bookmarks\": [{\"id\""[..],
            ),
            ("empty.json", b""),
            ("latin1.json", b"\xe9t\xe9"),
        ] {
            let r = send(
                &api,
                "POST",
                &format!("/api/bookmarks/import?name={name}"),
                body,
            );
            assert_eq!(r.status, 400, "{name}");
            let e = error_of(&r);
            assert!(
                e.starts_with(&format!("{name} is not a Palette Docs bookmarks file")),
                "{e}"
            );
        }

        // Only the file's own name is quoted, never a path; without a name the sentence still reads.
        let r = send(
            &api,
            "POST",
            "/api/bookmarks/import?name=..%2F..%2Fhome%2Fu%2Fx.json",
            b"[",
        );
        assert!(
            error_of(&r).starts_with("x.json is not"),
            "{}",
            error_of(&r)
        );
        let r = send(&api, "POST", "/api/bookmarks/import", b"[");
        assert!(
            error_of(&r).starts_with("the chosen file is not"),
            "{}",
            error_of(&r)
        );

        assert_eq!(
            std::fs::read(data.join("bookmarks.json")).expect("read"),
            before
        );
        assert_eq!(listed(&api).len(), 1);
    }

    #[test]
    fn export_and_import_never_collide_with_bookmark_ids() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let api = api(tmp.path(), &tmp.path().join("data"));
        // A hand-edited file whose ids name the actions: they are given new ids on import.
        let file = json!({ "version": 1, "bookmarks": [
            { "id": "export", "url": "/security/fips/", "title": "F", "added": 1 },
            { "id": "import", "url": "/security/fips/#modules", "title": "M", "added": 2 },
        ]});
        let r = send(
            &api,
            "POST",
            "/api/bookmarks/import?name=old.json",
            file.to_string().as_bytes(),
        );
        assert_eq!(json_of(&r), json!({ "added": 2, "skipped": 0 }));
        let list = listed(&api);
        for b in &list {
            let id = b["id"].as_str().expect("id");
            assert!(id != "export" && id != "import" && id.contains('-'), "{id}");
            let r = send(
                &api,
                "PUT",
                &format!("/api/bookmarks/{id}"),
                br#"{"note":"n"}"#,
            );
            assert_eq!(r.status, 200);
        }
        // Freshly made ids always contain `-`, so they can never be `export` or `import` either.
        assert!(add(&api, "/security/other/", None, "")["id"]
            .as_str()
            .expect("id")
            .contains('-'));
        for (method, path, allowed) in [
            ("PUT", "/api/bookmarks/export", "GET"),
            ("DELETE", "/api/bookmarks/export", "GET"),
            ("POST", "/api/bookmarks/export", "GET"),
            ("GET", "/api/bookmarks/import", "POST"),
            ("DELETE", "/api/bookmarks/import", "POST"),
        ] {
            let r = send(&api, method, path, br#"{"note":"x"}"#);
            assert_eq!(r.status, 405, "{method} {path}");
            assert_eq!(r.header("Allow"), Some(allowed), "{method} {path}");
        }
        assert_eq!(listed(&api).len(), 3);
    }

    /// Bytes of an export holding `n` bookmarks.
    fn export_of(n: usize) -> Vec<u8> {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("big.json");
        let list: Vec<Value> = (0..n)
            .map(|i| json!({ "id": format!("i-{i}"), "url": format!("/security/p{i}/#section-{i}"),
                             "title": format!("Page {i} with a title of ordinary length"), "note": "a short note", "added": 1_700_000_000 }))
            .collect();
        std::fs::write(
            &file,
            json!({ "version": 1, "bookmarks": list }).to_string(),
        )
        .expect("write");
        // Through the store, so the bytes are exactly what an export of that many bookmarks looks like.
        let store = BookmarkStore::open(dir.path().join("data")).expect("open");
        store.import(&file).expect("import");
        store.export_bytes().expect("export")
    }

    #[test]
    fn imports_larger_than_other_bodies_are_accepted_up_to_their_own_limit() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let api = api(tmp.path(), &tmp.path().join("data"));
        let big = export_of(MAX_BOOKMARKS);
        assert!(
            big.len() > MAX_BODY && big.len() <= MAX_IMPORT_BODY,
            "an export of {MAX_BOOKMARKS} bookmarks (the most a store keeps) is {} bytes",
            big.len()
        );
        let r = send(&api, "POST", "/api/bookmarks/import?name=big.json", &big);
        assert_eq!(r.status, 200, "{}", error_of(&r));
        assert_eq!(json_of(&r)["added"], MAX_BOOKMARKS);

        let huge = vec![b' '; MAX_IMPORT_BODY + 1];
        let r = send(&api, "POST", "/api/bookmarks/import?name=huge.json", &huge);
        assert_eq!(r.status, 413);
        assert!(
            error_of(&r).contains("palette-docs bookmarks import FILE"),
            "{}",
            error_of(&r)
        );
        // Every other path keeps the small limit.
        let r = send(&api, "POST", "/api/bookmarks", &vec![b' '; MAX_BODY + 1]);
        assert_eq!(r.status, 413);
        assert_eq!(listed(&api).len(), MAX_BOOKMARKS);
    }

    #[test]
    fn the_http_server_applies_the_import_limit() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let api = Arc::new(api(tmp.path(), &tmp.path().join("data")));
        let server = serve_on_loopback(Arc::clone(&api));
        let addr = server.addr.clone();
        let post =
            |path: &str, body: &[u8]| raw_http(&addr, &post_head(&addr, path, body.len()), body);

        let big = export_of(6_000);
        assert!(big.len() > MAX_BODY, "{} bytes", big.len());
        let ok = post("/api/bookmarks/import?name=big.json", &big);
        assert!(
            ok.starts_with("HTTP/1.1 200"),
            "{}",
            &ok[..ok.len().min(300)]
        );
        assert!(ok.contains(r#"{"added":6000,"skipped":0}"#), "{ok}");

        let too_big = post(
            "/api/bookmarks/import?name=huge.json",
            &vec![b' '; MAX_IMPORT_BODY + 10],
        );
        assert!(
            too_big.starts_with("HTTP/1.1 413"),
            "{}",
            &too_big[..too_big.len().min(300)]
        );
        assert!(
            too_big.contains("palette-docs bookmarks import FILE"),
            "{too_big}"
        );
        drop(server);
    }
}

mod reading_state {
    use super::*;

    fn state(api: &Api) -> Value {
        let r = send(api, "GET", "/api/state", b"");
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        json_of(&r)
    }

    #[test]
    fn visits_and_position_are_kept_in_the_data_dir() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = tmp.path().join("data");
        let api = api(tmp.path(), &data);
        assert_eq!(state(&api)["last_route"], Value::Null);
        for (route, title) in [("/security/", "Security"), ("/security/fips/", "FIPS")] {
            let r = send(
                &api,
                "POST",
                "/api/state/visit",
                json!({ "route": route, "title": title })
                    .to_string()
                    .as_bytes(),
            );
            assert_eq!(r.status, 200);
        }
        let r = send(
            &api,
            "PUT",
            "/api/state/position",
            br#"{"route": "/security/fips/", "anchor": "modules", "scroll": 640}"#,
        );
        assert_eq!(r.status, 200);
        assert_eq!(json_of(&r)["scroll"], 640.0);

        // Another process (a restart, or `serve` beside the desktop app) reads the same file.
        let again = super::api(tmp.path(), &data);
        let s = state(&again);
        assert_eq!(s["last_route"], "/security/fips/");
        assert_eq!(s["last_anchor"], "modules");
        assert_eq!(s["scroll"], 640.0);
        let recent: Vec<&str> = s["recent"]
            .as_array()
            .expect("recent")
            .iter()
            .map(|p| p["route"].as_str().expect("route"))
            .collect();
        assert_eq!(recent, ["/security/fips/", "/security/"]);
        let viewed = s["recent"][0]["viewed"].as_str().expect("viewed");
        assert!(viewed.ends_with('Z') && viewed.len() == 20, "{viewed}");
        assert_eq!(s["notice"], Value::Null);

        let r = send(&again, "DELETE", "/api/state/recent", b"");
        assert_eq!(json_of(&r)["recent"], json!([]));
        assert_eq!(
            state(&api)["last_route"],
            "/security/fips/",
            "position kept"
        );
    }

    #[test]
    fn my_installation_is_kept_with_the_reading_state_and_checked() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = tmp.path().join("data");
        let api = api(tmp.path(), &data);
        let r = send(&api, "GET", "/api/state/installation", b"");
        assert_eq!(json_of(&r), json!({ "installation": null }));
        let r = send(
            &api,
            "PUT",
            "/api/state/installation",
            br#"{"edition": "palette vertex AIRGAP", "version": "v4.5.8"}"#,
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let mine = json!({ "edition": "Palette VerteX airgap", "version": "4.5.8" });
        assert_eq!(json_of(&r)["installation"], mine);

        // The window and `serve` are two processes over one data folder.
        let again = super::api(tmp.path(), &data);
        assert_eq!(state(&again)["installation"], mine);
        let r = send(&again, "GET", "/api/state/installation", b"");
        assert_eq!(json_of(&r)["installation"], mine);

        for (body, says) in [
            (
                &br#"{"edition": "Palette Nowhere", "version": "4.5.8"}"#[..],
                "not a Palette edition",
            ),
            (
                &br#"{"edition": "Palette VerteX", "version": "four"}"#[..],
                "write it like 4.5.8",
            ),
            (&br#"{"edition": "Palette VerteX"}"#[..], "\"version\""),
        ] {
            let r = send(&again, "PUT", "/api/state/installation", body);
            assert_eq!(r.status, 400);
            assert!(error_of(&r).contains(says), "{}", error_of(&r));
        }
        assert_eq!(
            state(&api)["installation"],
            mine,
            "a refused change keeps it"
        );
        assert_eq!(
            send(&api, "POST", "/api/state/installation", b"{}").status,
            405
        );

        let r = send(&api, "DELETE", "/api/state/installation", b"");
        assert_eq!(json_of(&r), json!({ "installation": null }));
        assert_eq!(state(&again)["installation"], Value::Null);
    }

    #[test]
    fn bad_requests_are_refused_with_a_reason() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let api = api(tmp.path(), &tmp.path().join("data"));
        for route in [
            "//evil.example/x",
            "https://evil.example/",
            "relative",
            "/a\\b",
        ] {
            let r = send(
                &api,
                "POST",
                "/api/state/visit",
                json!({ "route": route, "title": "x" })
                    .to_string()
                    .as_bytes(),
            );
            assert_eq!(r.status, 400, "{route}");
            assert!(
                error_of(&r).contains("not a page route"),
                "{}",
                error_of(&r)
            );
        }
        let r = send(&api, "PUT", "/api/state/position", b"{\"route\": \"/a/\"}");
        assert_eq!(r.status, 400);
        assert!(error_of(&r).contains("scroll"), "{}", error_of(&r));
        assert_eq!(send(&api, "POST", "/api/state", b"{}").status, 405);
        assert_eq!(send(&api, "GET", "/api/state/visit", b"").status, 405);
        assert_eq!(send(&api, "GET", "/api/state/nope", b"").status, 404);
        assert_eq!(state(&api)["last_route"], Value::Null);
    }

    #[test]
    fn a_damaged_state_file_is_reset_and_said_once() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = tmp.path().join("data");
        std::fs::create_dir_all(&data).expect("mkdir");
        std::fs::write(data.join("state.json"), b"{\"last_route\": ").expect("damage");
        let api = api(tmp.path(), &data);
        let first = state(&api);
        assert!(
            first["notice"]
                .as_str()
                .is_some_and(|n| n.contains("reading position")),
            "{first}"
        );
        assert_eq!(state(&api)["notice"], Value::Null);
    }

    #[test]
    fn without_a_state_store_the_api_says_why() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ui = UiDir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui"));
        let state = AppState::new(library(tmp.path()))
            .with_reading_state(Err("the data folder is read-only".into()));
        let api = Api::new(state, Box::new(ui));
        let r = send(&api, "GET", "/api/state", b"");
        assert_eq!(r.status, 503);
        assert_eq!(error_of(&r), "the data folder is read-only");
    }
}

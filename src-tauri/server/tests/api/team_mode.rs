//! Team mode (`serve --allow-remote`): the router refuses every request for a reader's state and
//! every change of snapshot with one sentence, tells the UI to keep the state in the browser, and
//! leaves the data folder untouched; a loopback reader keeps today's behaviour.

use std::path::Path;

use palette_docs_server::api::{Response, TEAM_READ_ONLY};
use serde_json::Value;

use crate::test_support::{api_with_stores, request};

fn json(r: &Response) -> Value {
    serde_json::from_slice(&r.body).expect("a JSON answer")
}

/// Every file under `dir` with its contents, to compare before and after.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(listing(&path));
        } else {
            out.push((
                path.display().to_string(),
                std::fs::read(&path).expect("read"),
            ));
        }
    }
    out.sort();
    out
}

const BOOKMARK: &[u8] =
    br#"{"route":"/guide/","anchor":null,"title":"Guide","section":null,"note":""}"#;

#[test]
fn a_shared_server_refuses_reader_state_and_snapshot_changes_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    let api = api_with_stores(tmp.path(), &data).shared_read_only();
    assert!(api.is_shared());
    let before = listing(&data);

    let snapshot = request(&api, "GET", "/api/snapshot", b"");
    assert_eq!(snapshot.status, 200);
    assert_eq!(json(&snapshot)["reader_state"], "browser");

    for (method, path, body) in [
        ("GET", "/api/bookmarks", &b""[..]),
        ("POST", "/api/bookmarks", BOOKMARK),
        ("PUT", "/api/bookmarks/some-id", br#"{"note":"x"}"#),
        ("DELETE", "/api/bookmarks/some-id", b""),
        ("GET", "/api/bookmarks/export", b""),
        ("POST", "/api/bookmarks/import?name=b.json", b"{}"),
        ("GET", "/api/state", b""),
        (
            "POST",
            "/api/state/visit",
            br#"{"route":"/guide/","title":"S"}"#,
        ),
        (
            "PUT",
            "/api/state/position",
            br#"{"route":"/guide/","anchor":null,"scroll":3}"#,
        ),
        ("DELETE", "/api/state/recent", b""),
        ("POST", "/api/snapshots/active", br#"{"id":"default"}"#),
        ("DELETE", "/api/snapshots/default", b""),
        ("POST", "/api/snapshots/install?name=x.tar.zst", b"x"),
    ] {
        let r = request(&api, method, path, body);
        assert_eq!(r.status, 403, "{method} {path}");
        assert_eq!(json(&r)["error"], TEAM_READ_ONLY, "{method} {path}");
    }
    // Reading the docs is what the server is for.
    for path in ["/api/nav", "/api/page/guide", "/api/search?q=guide"] {
        assert_eq!(request(&api, "GET", path, b"").status, 200, "{path}");
    }
    assert_eq!(listing(&data), before, "the data folder was written");
}

#[test]
fn a_loopback_server_keeps_bookmarks_as_before() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    let api = api_with_stores(tmp.path(), &data);
    assert!(!api.is_shared());
    let snapshot = request(&api, "GET", "/api/snapshot", b"");
    assert_eq!(json(&snapshot)["reader_state"], "server");
    assert_eq!(
        request(&api, "POST", "/api/bookmarks", BOOKMARK).status,
        201
    );
    let list = json(&request(&api, "GET", "/api/bookmarks", b""));
    assert_eq!(list["bookmarks"].as_array().map(Vec::len), Some(1));
}

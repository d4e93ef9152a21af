//! `index.html` carries the answers its first page needs (`first_answers`): the same JSON the API
//! answers, the page the reader goes back to (or the one asked for), nothing that could end the data
//! block early, and no reader state on a shared server.

use palette_docs_server::api::{Api, LANDING_ROUTE};
use serde_json::Value;

use crate::test_support::{api_with_stores, request, send};

const OPEN: &str = "<script type=\"application/json\" id=\"first-answers\">";

/// The data block of the shell served at `path`, parsed.
fn carried(api: &Api, path: &str) -> Value {
    let r = request(api, "GET", path, b"");
    assert_eq!(r.status, 200);
    assert!(
        r.content_type.starts_with("text/html"),
        "{}",
        r.content_type
    );
    let html = String::from_utf8(r.body).expect("UTF-8");
    let start = html
        .find(OPEN)
        .expect("the shell carries its first answers")
        + OPEN.len();
    let len = html[start..].find("</script>").expect("the block ends");
    let block = &html[start..start + len];
    assert!(
        !block.contains('<'),
        "no `<` inside the block: {block:.200}"
    );
    assert!(
        html[..start].contains("</title>") && html[start..].contains("</head>"),
        "the block sits in the head"
    );
    serde_json::from_str(block).expect("the block is JSON")
}

fn api_answer(api: &Api, path: &str) -> Value {
    let (status, json) = send(api, "GET", path, b"");
    assert_eq!(status, 200, "{path}");
    json
}

#[test]
fn the_shell_carries_the_answers_its_first_page_needs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let api = api_with_stores(tmp.path(), &data);

    // A fresh reader at `/`: nav, snapshot, state and installation as the API answers them; the
    // landing page is not in this fixture, so no page is carried (the UI asks and says what is missing).
    let first = carried(&api, "/");
    for path in [
        "/api/nav",
        "/api/snapshot",
        "/api/state",
        "/api/state/installation",
    ] {
        assert_eq!(first["answers"][path], api_answer(&api, path), "{path}");
    }
    assert_eq!(
        first["pages"],
        serde_json::json!({}),
        "{LANDING_ROUTE} is not a page here"
    );

    // Back at `/` after reading a page: that page comes along, as `/api/page` answers it.
    let (status, _) = send(
        &api,
        "PUT",
        "/api/state/position",
        br#"{"route":"/guide/reference/","anchor":null,"scroll":120}"#,
    );
    assert_eq!(status, 200);
    let again = carried(&api, "/");
    assert_eq!(
        again["answers"]["/api/state"]["last_route"],
        "/guide/reference/"
    );
    assert_eq!(
        again["pages"]["/guide/reference/"],
        api_answer(&api, "/api/page/guide/reference")
    );

    // The installation the reader set comes along too.
    let (status, _) = send(
        &api,
        "PUT",
        "/api/state/installation",
        br#"{"edition":"Palette Enterprise","version":"4.5.8"}"#,
    );
    assert_eq!(status, 200);
    assert_eq!(
        carried(&api, "/")["answers"]["/api/state/installation"]["installation"]["version"],
        "4.5.8"
    );

    // A page's own address carries that page (HTML in it, its `<` escaped, still the same JSON).
    let guide = carried(&api, "/guide");
    let page = &guide["pages"]["/guide/"];
    assert!(page["html"].as_str().is_some_and(|h| h.contains('<')));
    assert_eq!(*page, api_answer(&api, "/api/page/guide"));

    // A shared server keeps no reader's state: none is carried.
    let shared = api_with_stores(tmp.path(), &data).shared_read_only();
    let team = carried(&shared, "/guide/");
    for path in ["/api/state", "/api/state/installation"] {
        assert!(team["answers"].get(path).is_none(), "{path}: {team:#}");
    }
    assert_eq!(team["answers"]["/api/snapshot"]["reader_state"], "browser");
}

#[test]
fn the_landing_route_is_the_ui_s_landing() {
    let app = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/js/app.js"),
    )
    .expect("ui/js/app.js");
    assert!(
        app.contains(&format!("const LANDING = '{LANDING_ROUTE}';")),
        "ui/js/app.js and first_answers name the same landing page"
    );
}

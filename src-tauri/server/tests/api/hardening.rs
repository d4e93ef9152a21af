//! Adversarial input through the whole engine: hostile markdown built into a bundle and served by the
//! API, odd requests against the router and the HTTP server, and resource bounds.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::http_support::{post_head, raw_http, serve_on_loopback};
use crate::test_support::{api_over, build_bundle, trust_for};
use palette_docs_core::bundle::sign::SigningKey;
use palette_docs_core::bundle::{self, BuildOptions};
use palette_docs_core::library::OpenSnapshot;
use palette_docs_server::api::{Api, Request};

const HOSTILE: &str = r#"---
title: "Hostile <script>window.__pwned=1</script>"
tags: ["x\"><img src=x onerror=alert(1)>"]
---

<script>window.__pwned = 1</script>

<img src="https://evil.example/beacon.png" onerror="window.__pwned=1">

<iframe src="https://evil.example"></iframe><object data="https://evil.example/x.swf"></object>

<svg><script>window.__pwned=1</script><image href="https://evil.example/i.png"/></svg>

<p style="background:url(https://evil.example/bg.png)" onclick="window.__pwned=1">styled</p>

<a href="javascript:window.__pwned=1">js link</a> [md js](javascript:window.__pwned=1) [data](data:text/html,<script>1</script>)

<a href="&#106;avascript:window.__pwned=1">entity js</a>

[quoted title](https://example.org "a\" onmouseover=\"window.__pwned=1")

<form action="https://evil.example"><input name=x></form><meta http-equiv="refresh" content="0;url=https://evil.example">

<link rel="stylesheet" href="https://evil.example/x.css"><style>@import url(https://evil.example/y.css)</style>

## Heading <img src=x onerror=alert(1)>

![remote](https://evil.example/remote.png)
"#;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[5; 32])
}

fn hostile_api() -> (tempfile::TempDir, Api) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("src/evil");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(src.join("evil.md"), HOSTILE).expect("write");
    std::fs::write(src.join("ok.md"), "---\ntitle: OK\n---\nfine\n").expect("write");
    let out = build_bundle(&tmp.path().join("src"), tmp.path(), &key());
    let lib = OpenSnapshot::open(&out, &trust_for(&key())).expect("open");
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui");
    (tmp, api_over(lib, ui))
}

#[test]
fn hostile_markdown_is_neutralised_in_the_served_page() {
    let (_tmp, api) = hostile_api();
    let r = api.handle(&Request::get("/api/page/evil"));
    assert_eq!(r.status, 200);
    let page: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    let html = page["html"].as_str().expect("html").to_ascii_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onclick",
        "onmouseover=\"",
        "javascript:",
        "data:text",
        "<iframe",
        "<object",
        "<svg",
        "style=",
        "evil.example/beacon",
        "evil.example/remote",
        "<form",
        "<meta",
        "<link",
        "<style",
        "@import",
    ] {
        assert!(!html.contains(bad), "`{bad}` survived in {html}");
    }
    // Text stays readable; the title is data, escaped by JSON and by the UI.
    assert!(html.contains("styled"));
    assert!(
        page["title"]
            .as_str()
            .is_some_and(|t| t.contains("<script>")),
        "title kept as text"
    );
}

#[test]
fn no_rendered_page_references_a_remote_resource() {
    let (_tmp, api) = hostile_api();
    let r = api.handle(&Request::get("/api/page/evil"));
    let html = String::from_utf8_lossy(&r.body).to_string();
    for attr in ["src=\\\"http", "srcset=", "poster=", "background="] {
        assert!(!html.contains(attr), "{attr} in {html}");
    }
}

#[test]
fn traversal_and_odd_paths_are_404() {
    let (_tmp, api) = hostile_api();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e%2fCargo.toml",
        "/%252e%252e%252fCargo.toml",
        "/assets/../manifest.json",
        "/assets/%2e%2e/manifest.json",
        "/assets/..%5cmanifest.json",
        "/js/..\\..\\x",
        "/etc/passwd%00.js",
        "//etc/passwd",
        "/api/page/../../manifest",
        "/assets//etc/passwd",
        "/js/app.js%00",
        "/assets/manifest.json",
        "/manifest.json.js",
    ] {
        let r = api.handle(&Request::get(path));
        assert!(
            r.status == 404 || (r.status == 200 && r.content_type.starts_with("text/html")),
            "{path} → {}",
            r.status
        );
        let body = String::from_utf8_lossy(&r.body);
        assert!(
            !body.contains("[workspace]")
                && !body.contains("root:x:")
                && !body.contains("format_version"),
            "{path} leaked"
        );
    }
    let long = format!("/{}", "a/".repeat(5000));
    assert_eq!(api.handle(&Request::get(&long)).status, 404);
}

#[test]
fn writes_are_405_where_not_allowed() {
    let (_tmp, api) = hostile_api();
    for (method, path) in [
        ("POST", "/api/nav"),
        ("DELETE", "/api/page/evil"),
        ("PUT", "/"),
        ("POST", "/js/app.js"),
        ("PATCH", "/api/search"),
    ] {
        let r = api.handle(&Request {
            method,
            ..Request::get(path)
        });
        assert_eq!(r.status, 405, "{method} {path}");
        assert!(r.header("Allow").is_some());
    }
}

#[test]
fn odd_search_queries_answer_normally() {
    let (_tmp, api) = hostile_api();
    let long = "q=".to_string() + &"a%20".repeat(3000);
    for q in [
        "q=",
        "q=%22",
        "q=AND%20OR%20NOT",
        "q=title%3A",
        "q=%F0%9F%94%92",
        "q=%D7%A9%D7%9C%D7%95%D7%9D",
        long.as_str(),
        "q=%FF%FE",
        "limit=-1&q=x",
        "q=x&limit=999999",
    ] {
        let r = api.handle(&Request {
            query: q,
            ..Request::get("/api/search")
        });
        assert_eq!(r.status, 200, "{q}");
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
        assert!(v["results"].is_array());
    }
}

#[test]
fn html_answers_carry_a_strict_csp() {
    let (_tmp, api) = hostile_api();
    let r = api.handle(&Request::get("/security/core-principles/"));
    assert_eq!(r.status, 200);
    let csp = r.header("Content-Security-Policy").expect("csp");
    assert!(
        csp.contains("default-src 'self'")
            && csp.contains("object-src 'none'")
            && !csp.contains("unsafe")
    );
}

#[test]
fn the_http_server_guards_host_origin_and_size() {
    let (_tmp, api) = hostile_api();
    let api = Arc::new(api);
    let server = serve_on_loopback(Arc::clone(&api));
    let addr = server.addr.clone();

    let ok = raw_http(
        &addr,
        &format!("GET /api/nav HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        b"",
    );
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let rebinding = raw_http(
        &addr,
        "GET /api/nav HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert!(rebinding.starts_with("HTTP/1.1 421"), "{rebinding}");
    let cross = raw_http(&addr, &format!("POST /api/bookmarks HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://evil.example\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"), b"{}");
    assert!(cross.starts_with("HTTP/1.1 403"), "{cross}");
    let big = "x".repeat(palette_docs_server::serve::MAX_BODY + 10);
    let too_big = raw_http(
        &addr,
        &post_head(&addr, "/api/bookmarks", big.len()),
        big.as_bytes(),
    );
    assert!(
        too_big.starts_with("HTTP/1.1 413"),
        "{}",
        &too_big[..too_big.len().min(200)]
    );
    let traversal = raw_http(&addr, &format!("GET /assets/..%2f..%2fmanifest.json HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"), b"");
    assert!(traversal.starts_with("HTTP/1.1 404"), "{traversal}");
    drop(server);
}

fn build_tree(
    files: &[(&str, String)],
) -> (tempfile::TempDir, palette_docs_core::bundle::Compiled) {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (name, body) in files {
        let p: PathBuf = tmp.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, body).expect("write");
    }
    let c = bundle::compile(tmp.path(), &BuildOptions::default(), None).expect("compile");
    (tmp, c)
}

#[test]
fn resource_bounds_hold() {
    // Deep nesting must not overflow the stack; huge pages are refused with a sentence.
    let nested_lists = format!("{}item\n", "- ".repeat(10_000));
    let nested_quotes = format!("{} deep\n", ">".repeat(10_000));
    let headings: String = (0..100_000).map(|i| format!("## H {i}\n")).collect();
    let long_line = "word ".repeat(200_000);
    let huge = "x".repeat(palette_docs_core::source::MAX_PAGE_BYTES as usize + 1);
    let (_tmp, c) = build_tree(&[
        ("d/lists.md", nested_lists),
        ("d/quotes.md", nested_quotes),
        ("d/headings.md", headings),
        ("d/line.md", long_line),
        ("d/huge.md", huge),
    ]);
    let routes: Vec<_> = c.pages.iter().map(|p| p.page.route.as_str()).collect();
    for r in ["/d/lists/", "/d/quotes/", "/d/headings/", "/d/line/"] {
        assert!(routes.contains(&r), "{r} missing");
    }
    let headings_page = c
        .pages
        .iter()
        .find(|p| p.page.route == "/d/headings/")
        .expect("page");
    assert_eq!(headings_page.page.headings.len(), 100_000);
    assert!(c
        .diagnostics
        .iter()
        .any(|d| d.message.contains("over the") && d.message.contains("limit")));
}

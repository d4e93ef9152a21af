//! The Host check of `serve` on loopback, seen from outside over raw HTTP: this server's address,
//! `localhost` and the other loopback family with this port are accepted; a missing Host,
//! a DNS name (the way DNS rebinding arrives), a LAN address and another port are refused with 421.
//! (`--bind 0.0.0.0 --allow-remote`, where any IP literal passes, is tested with the real process in
//! `src-tauri/cli/tests/cli/serve.rs`.)

use std::path::Path;
use std::sync::Arc;

use palette_docs_core::library::OpenSnapshot;

use crate::http_support::{raw_http, serve_on_loopback};
use crate::test_support::{api_over, temp_fixture_bundle, trust};

/// The status line's code of a `GET /api/nav` with these header lines (each ending in CRLF).
fn status_with(addr: &str, headers: &str) -> String {
    let answer = raw_http(
        addr,
        &format!("GET /api/nav HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"),
        b"",
    );
    answer
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("an HTTP answer: {answer:?}"))
        .to_owned()
}

#[test]
fn only_this_server_by_address_or_localhost_passes_the_host_check() {
    let (_tmp, bundle) = temp_fixture_bundle();
    let lib = OpenSnapshot::open(&bundle, &trust()).expect("open the fixture");
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui");
    let server = serve_on_loopback(Arc::new(api_over(lib, ui)));
    let addr = server.addr.clone();
    let port = addr.rsplit_once(':').expect("ip:port").1;
    let other_port = if port == "1" { "2" } else { "1" };

    // With the port, as browsers send it for any port but 80; without one (port 80 asked for) only
    // the name counts, as that is what DNS rebinding changes.
    let accepted = [
        addr.clone(),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
        "[::1]".to_owned(),
        "127.0.0.1".to_owned(),
        "localhost".to_owned(),
    ];
    for host in &accepted {
        assert_eq!(
            status_with(&addr, &format!("Host: {host}\r\n")),
            "200",
            "Host: {host}"
        );
    }

    let refused = [
        format!("evil.example:{port}"),
        "evil.example".to_owned(),
        format!("127.0.0.1.nip.io:{port}"),
        format!("192.168.1.10:{port}"),
        format!("10.0.0.1:{port}"),
        format!("127.0.0.1:{other_port}"),
        format!("localhost:{other_port}"),
        format!("[::1]:{other_port}"),
        format!("{addr}x"),
        format!("127.0.0.1:{port}:{port}"),
        format!("[::1]{port}"),
        "[::1".to_owned(),
        format!(":{port}"),
        String::new(),
    ];
    for host in &refused {
        assert_eq!(
            status_with(&addr, &format!("Host: {host}\r\n")),
            "421",
            "Host: {host:?}"
        );
    }
    assert_eq!(status_with(&addr, ""), "421", "no Host header at all");
}

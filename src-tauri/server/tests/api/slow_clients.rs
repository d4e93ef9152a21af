//! Slow and idle clients of `serve` (loopback only, a bounded number of raw connections): idle and
//! slow-body connections are closed by the server, one address cannot hold more than its share,
//! and a normal request is answered afterwards.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use crate::http_support::{post_head, raw_http, serve_on_loopback};
use crate::test_support::{api_over, temp_fixture_bundle, trust};
use palette_docs_core::library::OpenSnapshot;
use palette_docs_server::serve::MAX_CONNECTIONS_PER_ADDRESS;

/// Waits (up to a minute, far beyond the server's limits) for the server to close `stream`.
fn closed_by_server(mut stream: TcpStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue, // an answer such as 408, then the close
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn idle_and_slow_connections_are_closed_and_others_still_get_answers() {
    let (tmp, bundle) = temp_fixture_bundle();
    let lib = OpenSnapshot::open(&bundle, &trust()).expect("open");
    let server = serve_on_loopback(Arc::new(api_over(lib, tmp.path())));
    let addr = server.addr.clone();

    // Connections that never send a byte, one that stops inside its headers, one that promises a
    // body and sends almost none of it.
    let mut slow: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    let mut partial = TcpStream::connect(&addr).expect("connect");
    partial
        .write_all(b"GET /api/nav HTTP/1.1\r\nHo")
        .expect("write");
    slow.push(partial);
    let mut trickle = TcpStream::connect(&addr).expect("connect");
    trickle
        .write_all(post_head(&addr, "/api/bookmarks", 1000).as_bytes())
        .and_then(|()| trickle.write_all(b"{"))
        .expect("write");
    slow.push(trickle);
    let handles: Vec<_> = slow
        .into_iter()
        .map(|s| std::thread::spawn(move || closed_by_server(s)))
        .collect();
    for h in handles {
        assert!(h.join().expect("join"), "a slow connection stayed open");
    }

    // More connections from one address than its cap: the extra ones are closed at once, and once
    // the held ones go, a request is answered.
    let held: Vec<TcpStream> = (0..MAX_CONNECTIONS_PER_ADDRESS)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    // Give the server a moment to count them (accepting is asynchronous).
    std::thread::sleep(Duration::from_millis(300));
    let extra = TcpStream::connect(&addr).expect("connect");
    assert!(
        closed_by_server(extra),
        "a connection past the cap was kept"
    );
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    let answer = raw_http(
        &addr,
        &format!("GET /api/nav HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        &[],
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.200}");
}

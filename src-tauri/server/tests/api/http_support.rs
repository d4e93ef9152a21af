//! `serve` on a free loopback port and raw HTTP exchanges with it, for tests of the server's guards.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use palette_docs_server::api::Api;
use palette_docs_server::serve::{self, ServeOptions};

/// A running server; it stops when this is dropped.
pub struct LoopbackServer {
    /// `127.0.0.1:PORT`, for the request line's `Host` and for connecting.
    pub addr: String,
    _runtime: tokio::runtime::Runtime,
}

pub fn serve_on_loopback(api: Arc<Api>) -> LoopbackServer {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let options = ServeOptions {
        bind: "127.0.0.1".parse().expect("ip"),
        port: 0,
    };
    let listener = runtime
        .block_on(serve::bind(&options))
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("addr").to_string();
    runtime.spawn(serve::serve(api, listener));
    LoopbackServer {
        addr,
        _runtime: runtime,
    }
}

/// Sends `head` then `body` (from another thread, so an early answer such as 413 is read while the
/// rest is still being sent) and answers everything the server wrote back, lossily decoded.
pub fn raw_http(addr: &str, head: &str, body: &[u8]) -> String {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let mut writer = stream.try_clone().expect("clone the stream");
    let head = head.as_bytes().to_vec();
    let body = body.to_vec();
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&head);
        let _ = writer.write_all(&body);
    });
    let mut out = Vec::new();
    let _ = (&stream).read_to_end(&mut out);
    let _ = sending.join();
    String::from_utf8_lossy(&out).into_owned()
}

/// A `POST` from the page's own origin, closing the connection after the answer.
pub fn post_head(addr: &str, path: &str, len: usize) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
    )
}

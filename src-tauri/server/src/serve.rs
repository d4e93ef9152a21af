//! `palette-docs serve`: the same UI and API over HTTP on loopback (tokio + hyper), for jump hosts
//! and browser tests. It guards against DNS rebinding (Host must be an address, not a name),
//! cross-site writes (Origin must match), large bodies and slow clients.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::api::{body_limit, body_too_large, Api, Request, Response};
use palette_docs_core::{Error, Result};

/// Largest request body accepted by most paths; see [`crate::api::body_limit`].
pub use crate::api::MAX_BODY;
const MAX_CONNECTIONS: usize = 512;
/// Connections one client address may hold at once; more are closed as they arrive, so slow
/// clients from one address cannot take every slot. Half the total: a team server's proxy or one
/// busy reader (the load test opens 200 from 127.0.0.1) fits, and the idle and header timeouts
/// free what slow clients hold within seconds.
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 256;
/// Time to send a request's headers, and (hyper starts it when a kept-alive connection goes idle)
/// how long an idle connection stays open.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Time to send a request's body once its headers are in ("Open snapshot…" posts up to 64 MB,
/// which loopback carries in well under a second).
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(120);

/// Open connections per client address.
#[derive(Default)]
struct PerAddress(std::sync::Mutex<std::collections::HashMap<IpAddr, usize>>);

impl PerAddress {
    /// Counts a new connection from `ip`, or answers `None` when that address is at its cap.
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<AddressSlot> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(ip).or_insert(0);
        if *n >= MAX_CONNECTIONS_PER_ADDRESS {
            return None;
        }
        *n += 1;
        Some(AddressSlot(Arc::clone(self), ip))
    }
}

/// One counted connection; uncounted when dropped.
struct AddressSlot(Arc<PerAddress>, IpAddr);

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut open = self.0 .0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.1) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.1);
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    pub port: u16,
}

/// Whether the request's Host names this server by address (or `localhost`). A DNS name that
/// resolves here is how DNS rebinding reaches a loopback server, so names are refused. Bound to
/// every address (`--bind 0.0.0.0 --allow-remote`, a team server) any IP literal is accepted: the
/// server answers on all of this machine's addresses and those a NAT or VPN maps here, and an
/// address in Host cannot carry DNS rebinding (the page's origin is then that address).
pub fn host_allowed(host: Option<&str>, local: SocketAddr) -> bool {
    let Some((name, port)) = host.and_then(split_host) else {
        return false;
    };
    // Without a port the client asked for port 80; only the name matters against DNS rebinding.
    if port.is_some_and(|p| p != local.port()) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => {
            ip == local.ip()
                || ip.is_loopback() && local.ip().is_loopback()
                || local.ip().is_unspecified()
        }
        Err(_) => false,
    }
}

/// A `Host` header's name and port: `name`, `name:port`, `[v6]` or `[v6]:port`, the port all
/// digits; `None` for anything else (an empty name, a port with other characters).
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, rest) = match host.strip_prefix('[') {
        Some(v6) => {
            let (name, rest) = v6.split_once(']')?;
            (name, rest)
        }
        None => match host.find(':') {
            Some(colon) => host.split_at(colon),
            None => (host, ""),
        },
    };
    let port = match rest.strip_prefix(':') {
        Some(p) if port_is_digits(p) => Some(p.parse::<u16>().ok()?),
        Some(_) => return None,
        None if rest.is_empty() => None,
        None => return None,
    };
    (!name.is_empty()).then_some((name, port))
}

fn port_is_digits(p: &str) -> bool {
    !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())
}

/// State-changing requests must come from a page of this server.
pub fn origin_allowed(method: &str, origin: Option<&str>, host: Option<&str>) -> bool {
    if matches!(method, "GET" | "HEAD" | "OPTIONS") {
        return true;
    }
    match (origin, host) {
        (Some(origin), Some(host)) => origin == format!("http://{host}"),
        _ => false,
    }
}

/// Binds the listener (so the caller can print the real port before serving).
pub async fn bind(options: &ServeOptions) -> Result<TcpListener> {
    let addr = SocketAddr::new(options.bind, options.port);
    TcpListener::bind(addr).await.map_err(|e| {
        Error::Invalid(format!(
            "cannot listen on {addr}: {e}; choose another --port"
        ))
    })
}

/// Serves until the process is stopped.
pub async fn serve(api: Arc<Api>, listener: TcpListener) -> Result<()> {
    let local = listener
        .local_addr()
        .map_err(|e| Error::Invalid(format!("cannot read the listening address: {e}")))?;
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let per_address = Arc::new(PerAddress::default());
    loop {
        let Ok(permit) = Arc::clone(&slots).acquire_owned().await else {
            return Ok(());
        };
        let (stream, peer) = match listener.accept().await {
            Ok(s) => s,
            Err(_) => continue,
        };
        // Over its address's cap: closed at once, and the slot goes back to everyone else.
        let Some(address_slot) = per_address.admit(peer.ip()) else {
            drop(stream);
            continue;
        };
        let api = Arc::clone(&api);
        tokio::spawn(async move {
            let service = service_fn(move |req| respond(Arc::clone(&api), local, req));
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_TIMEOUT, conn).await;
            drop(address_slot);
            drop(permit);
        });
    }
}

async fn respond(
    api: Arc<Api>,
    local: SocketAddr,
    req: hyper::Request<Incoming>,
) -> std::result::Result<hyper::Response<Full<Bytes>>, std::convert::Infallible> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let host = header("host");
    let origin = header("origin");
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    if !host_allowed(host.as_deref(), local) {
        return Ok(to_hyper(Response::error(
            421,
            "this server only answers requests addressed to its IP address or localhost",
        )));
    }
    if !origin_allowed(&method, origin.as_deref(), host.as_deref()) {
        return Ok(to_hyper(Response::error(
            403,
            "changes are only accepted from this server's own pages",
        )));
    }
    let body = match tokio::time::timeout(
        BODY_TIMEOUT,
        Limited::new(req.into_body(), body_limit(&path)).collect(),
    )
    .await
    {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(_)) => return Ok(to_hyper(body_too_large(&path))),
        Err(_) => {
            return Ok(to_hyper(Response::error(
                408,
                "the request body arrived too slowly; send it again",
            )))
        }
    };
    let answer = tokio::task::spawn_blocking(move || {
        api.handle(&Request {
            method: &method,
            path: &path,
            query: &query,
            body: &body,
            host: host.as_deref(),
            origin: origin.as_deref(),
        })
    })
    .await
    .unwrap_or_else(|_| Response::error(500, "the request failed inside the server"));
    Ok(to_hyper(answer))
}

fn to_hyper(r: Response) -> hyper::Response<Full<Bytes>> {
    let mut builder = hyper::Response::builder()
        .status(r.status)
        .header("content-type", r.content_type);
    for (k, v) in &r.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    builder
        .body(Full::new(Bytes::from(r.body)))
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::from_static(b"internal error"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_must_be_addresses_of_this_server() {
        let local: SocketAddr = "127.0.0.1:8080".parse().expect("addr");
        assert!(host_allowed(Some("127.0.0.1:8080"), local));
        assert!(host_allowed(Some("localhost:8080"), local));
        assert!(host_allowed(Some("[::1]:8080"), local));
        assert!(!host_allowed(Some("evil.example:8080"), local));
        assert!(!host_allowed(Some("127.0.0.1:9999"), local));
        assert!(!host_allowed(None, local));
    }

    #[test]
    fn on_every_address_any_ip_literal_passes_but_no_name() {
        let local: SocketAddr = "0.0.0.0:8080".parse().expect("addr");
        assert!(host_allowed(Some("192.168.1.10:8080"), local));
        assert!(host_allowed(Some("[fd00::1]:8080"), local));
        assert!(host_allowed(Some("localhost:8080"), local));
        assert!(!host_allowed(Some("evil.example:8080"), local));
        assert!(!host_allowed(Some("192.168.1.10:9999"), local));
        assert!(!host_allowed(None, local));
    }

    #[test]
    fn a_port_is_digits_only() {
        let local: SocketAddr = "127.0.0.1:8080".parse().expect("addr");
        // `u16::from_str` takes a leading `+`; a Host header's port does not.
        assert!(!host_allowed(Some("127.0.0.1:+8080"), local));
        assert!(!host_allowed(Some("[::1]:+8080"), local));
        assert!(!host_allowed(Some("localhost:"), local));
        assert_eq!(split_host("[::1]:8080"), Some(("::1", Some(8080))));
        assert_eq!(split_host("localhost"), Some(("localhost", None)));
        assert_eq!(split_host("127.0.0.1:+8080"), None);
        assert_eq!(split_host("127.0.0.1:"), None);
    }

    #[test]
    fn one_address_holds_at_most_its_share_and_gets_slots_back_as_they_close() {
        let per_address = Arc::new(PerAddress::default());
        let ip: IpAddr = "127.0.0.1".parse().expect("ip");
        let other: IpAddr = "::1".parse().expect("ip");
        let mut held: Vec<AddressSlot> = (0..MAX_CONNECTIONS_PER_ADDRESS)
            .map(|i| {
                per_address
                    .admit(ip)
                    .unwrap_or_else(|| panic!("connection {i} is under the cap"))
            })
            .collect();
        assert!(per_address.admit(ip).is_none(), "one past the cap");
        let from_elsewhere = per_address.admit(other);
        assert!(
            from_elsewhere.is_some(),
            "another address has its own count"
        );

        // One closes: exactly one more fits, not more.
        held.pop();
        held.push(per_address.admit(ip).expect("the freed slot"));
        assert!(per_address.admit(ip).is_none(), "the cap holds again");

        drop(held);
        drop(from_elsewhere);
        let counts = per_address.0.lock().expect("counts");
        assert!(
            counts.is_empty(),
            "closed addresses are forgotten: {counts:?}"
        );
    }

    #[test]
    fn writes_need_a_matching_origin() {
        assert!(origin_allowed("GET", None, Some("127.0.0.1:1")));
        assert!(origin_allowed(
            "POST",
            Some("http://127.0.0.1:1"),
            Some("127.0.0.1:1")
        ));
        assert!(!origin_allowed(
            "POST",
            Some("http://evil.example"),
            Some("127.0.0.1:1")
        ));
        assert!(!origin_allowed("DELETE", None, Some("127.0.0.1:1")));
    }
}

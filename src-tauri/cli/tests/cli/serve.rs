//! `serve --bind 0.0.0.0 --allow-remote`, the real process as a team would start it: it answers on
//! every address of this machine, and its Host check accepts any IP literal with its port (an
//! address cannot carry DNS rebinding, only a name can) but refuses names other than `localhost`,
//! another port, and a missing or empty Host, with 421.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, UdpSocket};
use std::process::{Child, ChildStdout, Stdio};
use std::time::Duration;

use crate::support::{arg, User};

/// A running `serve` process, stopped when dropped.
struct Server {
    child: Child,
    /// Kept open so that the server never writes to a closed pipe.
    _stdout: BufReader<ChildStdout>,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a team server on every address and a free port, and reads the port from its first line.
fn start_team_server(user: &User) -> Server {
    let snapshot = user.build_snapshot("snapshot");
    let mut child = user
        .command(&[
            "serve",
            "--bundle",
            &arg(&snapshot),
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
            "--allow-remote",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    let read = stdout.read_line(&mut line);
    let port = line
        .trim()
        .strip_prefix("Serving Palette Docs Offline on http://0.0.0.0:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|p| p.parse::<u16>().ok());
    let Some(port) = port else {
        let _ = child.kill();
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        panic!("serve did not say where it listens ({read:?}): {line:?}\nstderr: {stderr}");
    };
    Server {
        child,
        _stdout: stdout,
        port,
    }
}

/// A `GET path` to `to` with this Host line (none for `None`): the status code and the body.
fn get(to: SocketAddr, path: &str, host: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect_timeout(&to, Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("connect to {to}: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let host_line = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\n{host_line}Connection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP answer from {to} for Host {host:?}: {answer:?}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, body)| body.to_owned());
    (status, body)
}

/// The address this machine sends from towards another network (its LAN or VPN address), found
/// by the kernel's route lookup for a connected UDP socket, which sends nothing. `None` on a
/// machine with no such route.
fn routed_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    // 198.51.100.0/24 is reserved for documentation: only the route to it is looked up.
    socket.connect("198.51.100.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

const REFUSAL: &str = "this server only answers requests addressed to its IP address or localhost";

#[track_caller]
fn assert_accepted(to: SocketAddr, host: &str) {
    let (status, body) = get(to, "/api/nav", Some(host));
    assert_eq!(status, 200, "Host: {host} over {to}: {body}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&body).is_ok(),
        "the navigation as JSON for Host {host}: {body}"
    );
}

#[track_caller]
fn assert_refused(to: SocketAddr, host: Option<&str>) {
    let (status, body) = get(to, "/api/nav", host);
    assert_eq!(status, 421, "Host: {host:?} over {to}: {body}");
    assert!(body.contains(REFUSAL), "Host {host:?}: {body}");
}

#[test]
fn a_team_server_on_every_address_answers_ip_literals_and_refuses_names() {
    let user = User::new();
    let server = start_team_server(&user);
    let port = server.port;
    let other_port = if port == 1 { 2 } else { port - 1 };
    let loopback = SocketAddr::from(([127, 0, 0, 1], port));

    // Team mode: the server keeps no reader's state.
    let (status, snapshot) = get(
        loopback,
        "/api/snapshot",
        Some(&format!("127.0.0.1:{port}")),
    );
    assert_eq!(status, 200, "{snapshot}");
    assert!(
        snapshot.contains(r#""reader_state":"browser""#),
        "{snapshot}"
    );

    // Any address a reader may have typed, this machine's or one a NAT or VPN maps here; with the
    // port, or without one (port 80 asked for; only the name matters against DNS rebinding).
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "[::1]".to_owned(),
        format!("192.168.1.10:{port}"),
        format!("10.0.0.1:{port}"),
        "10.0.0.1".to_owned(),
    ] {
        assert_accepted(loopback, &host);
    }

    // A name (how DNS rebinding arrives, whatever address it resolves to), another port, no Host.
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_owned(),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("192.168.1.10:{other_port}"),
        format!("[::1]:{other_port}"),
        format!("localhost:{other_port}"),
        String::new(),
    ] {
        assert_refused(loopback, Some(&host));
    }
    assert_refused(loopback, None);

    // Reached on another address of this machine, which a loopback server would not answer on.
    #[cfg(target_os = "linux")]
    {
        let other_loopback = SocketAddr::from(([127, 0, 0, 2], port));
        assert_accepted(other_loopback, &format!("127.0.0.2:{port}"));
        assert_refused(other_loopback, Some(&format!("evil.example:{port}")));
    }
    match routed_address() {
        Some(ip) => {
            let lan = SocketAddr::new(ip, port);
            assert_accepted(lan, &lan.to_string());
            assert_accepted(lan, &format!("localhost:{port}"));
            assert_refused(lan, Some(&format!("docs.evil.example:{port}")));
            assert_refused(lan, None);
        }
        None => eprintln!(
            "skipped: this machine has no routed (LAN) address; the checks over it did not run"
        ),
    }
}

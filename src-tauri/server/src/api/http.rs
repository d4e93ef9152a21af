//! The transport-neutral request and response, the Content-Security-Policy, the body limits,
//! path and query decoding and the content types by file extension.

use serde::Serialize;
use serde_json::json;

use palette_docs_core::bundle::pack;

/// The Content-Security-Policy of every other answer (assets, JSON, scripts, styles): a document
/// made of it, such as an SVG opened by itself, runs no script, loads nothing and is sandboxed.
pub const CSP_NOT_HTML: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";
/// The Content-Security-Policy of every UI page: nothing but this origin, no inline script, no frames.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Longest request path accepted; anything longer is not a route of ours.
pub(super) const MAX_PATH: usize = 2048;
/// Largest request body accepted (bookmark and state writes are tiny).
pub const MAX_BODY: usize = 1024 * 1024;
/// Largest bookmarks file `POST /api/bookmarks/import` accepts: an export of 20,000 bookmarks fits.
pub const MAX_IMPORT_BODY: usize = 8 * 1024 * 1024;
const IMPORT_PATH: &str = "/api/bookmarks/import";
/// "Open snapshot…" posts a packed snapshot here, up to [`pack::MAX_PACK_BYTES`].
const INSTALL_SNAPSHOT_PATH: &str = "/api/snapshots/install";

/// The largest body a request to `path` (as received, without the query) may carry.
pub fn body_limit(path: &str) -> usize {
    if path == IMPORT_PATH {
        MAX_IMPORT_BODY
    } else if path == INSTALL_SNAPSHOT_PATH {
        pack::MAX_PACK_BYTES
    } else {
        MAX_BODY
    }
}

/// The answer to a body over [`body_limit`], saying what to do instead.
pub fn body_too_large(path: &str) -> Response {
    let message = if path == IMPORT_PATH {
        format!(
            "This bookmarks file is larger than {} MiB, the most the app imports at once. Import it from a terminal with `palette-docs bookmarks import FILE`, which has no size limit.",
            MAX_IMPORT_BODY >> 20
        )
    } else if path == INSTALL_SNAPSHOT_PATH {
        format!(
            "This snapshot file is larger than {} MiB, the most the app installs at once. Install it from a terminal with `palette-docs bundle install FILE`.",
            pack::MAX_PACK_BYTES >> 20
        )
    } else {
        format!(
            "The request is larger than {} MiB, the most the app accepts.",
            MAX_BODY >> 20
        )
    };
    Response::error(413, &message)
}

/// A transport-neutral request.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path as received: still percent-encoded, without the query.
    pub path: &'a str,
    pub query: &'a str,
    pub body: &'a [u8],
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
}

impl<'a> Request<'a> {
    pub fn get(path: &'a str) -> Request<'a> {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        Request {
            method: "GET",
            path,
            query,
            body: &[],
            host: None,
            origin: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub(super) fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        let mut headers = vec![
            ("X-Content-Type-Options".to_string(), "nosniff".to_string()),
            ("Referrer-Policy".to_string(), "no-referrer".to_string()),
            ("Cache-Control".to_string(), "no-store".to_string()),
        ];
        if content_type.starts_with("text/html") {
            headers.push(("Content-Security-Policy".to_string(), CSP.to_string()));
            headers.push(("X-Frame-Options".to_string(), "DENY".to_string()));
        } else {
            // Opened on its own (an SVG asset, a JSON answer), nothing else may run or load anything.
            headers.push((
                "Content-Security-Policy".to_string(),
                CSP_NOT_HTML.to_string(),
            ));
        }
        Response {
            status,
            content_type: content_type.to_string(),
            headers,
            body,
        }
    }

    pub fn json<T: Serialize>(status: u16, value: &T) -> Response {
        match serde_json::to_vec(value) {
            Ok(body) => Response::new(status, "application/json", body),
            Err(e) => Response::error(500, &format!("could not encode the answer: {e}")),
        }
    }

    pub fn error(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "application/json",
            serde_json::to_vec(&json!({ "error": message })).unwrap_or_default(),
        )
    }

    pub(super) fn not_found() -> Response {
        Response::error(404, "not found")
    }

    pub(super) fn method_not_allowed(allowed: &str) -> Response {
        let mut r = Response::error(405, &format!("method not allowed; use {allowed}"));
        r.headers.push(("Allow".to_string(), allowed.to_string()));
        r
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Percent-decodes a request path once and refuses anything that could name a file outside the
/// UI or bundle: `..` segments, backslashes, NULs, control characters, overlong paths.
pub fn decode_path(raw: &str) -> Option<String> {
    if raw.len() > MAX_PATH || !raw.starts_with('/') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0'])
        || decoded.chars().any(char::is_control)
        || decoded.contains('%')
    {
        return None;
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    Some(decoded.into_owned())
}

/// A query parameter, `+` and percent-decoded.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| {
            percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

pub(super) fn content_type(path: &str) -> &'static str {
    match path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_try_to_escape_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2e%2e%2fb",
            "/%252e%252e/x",
            "/a\\b",
            "/a%5cb",
            "/a%00b",
            "relative",
            "/./x",
        ] {
            assert_eq!(decode_path(bad), None, "{bad}");
        }
        assert_eq!(decode_path(&format!("/{}", "a".repeat(MAX_PATH))), None);
        assert_eq!(
            decode_path("/security/core-principles/").as_deref(),
            Some("/security/core-principles/")
        );
        assert_eq!(
            decode_path("/api/page/a%20b").as_deref(),
            Some("/api/page/a b")
        );
    }

    #[test]
    fn query_params_decode() {
        assert_eq!(
            query_param("q=kubectl+get%20pods&limit=3", "q").as_deref(),
            Some("kubectl get pods")
        );
        assert_eq!(query_param("q=", "q").as_deref(), Some(""));
        assert_eq!(query_param("x=1", "q"), None);
    }
}

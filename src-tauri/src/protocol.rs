//! The `palette://` URI scheme: converts webview requests into `server::api` requests and the answers back.
//!
//! This scheme is the webview's only source of content (no dev server, no remote URL, no Tauri
//! asset protocol), so the UI and its JSON API share one origin exactly as they do under `serve`.

use palette_docs_server::api::{Api, Request, Response};
use tauri::http;
use tauri::Url;

/// Scheme name registered with the webview.
pub const SCHEME: &str = "palette";

/// The app's origin as the webview sees it. WebKitGTK and WKWebView load custom schemes as
/// `palette://localhost/`; WebView2 (Windows) and Android only accept them as `http://palette.localhost/`.
#[cfg(any(windows, target_os = "android"))]
pub const ORIGIN: &str = "http://palette.localhost";
#[cfg(not(any(windows, target_os = "android")))]
pub const ORIGIN: &str = "palette://localhost";

/// Why a start route given on the command line cannot be opened.
#[derive(Debug, PartialEq, Eq)]
pub struct BadRoute(String);

impl std::fmt::Display for BadRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a page of this documentation; give a path such as /security/core-principles/#anchor",
            self.0
        )
    }
}

impl std::error::Error for BadRoute {}

/// The URL the window opens: the app root (the UI then picks the last page read or `/security/`)
/// or a deep link such as `/security/core-principles/#anchor`.
pub fn start_url(route: Option<&str>) -> Result<Url, BadRoute> {
    let base = Url::parse(&format!("{ORIGIN}/")).map_err(|_| BadRoute(ORIGIN.to_owned()))?;
    let Some(raw) = route.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(base);
    };
    // A route is a path inside the app. Anything that could name another origin (`//host/x`,
    // `https://…`, a backslash that some parsers treat as a slash) is refused rather than joined.
    if raw.contains("://") || raw.starts_with("//") || raw.contains('\\') {
        return Err(BadRoute(raw.to_owned()));
    }
    let path = if raw.starts_with('/') {
        raw.to_owned()
    } else {
        format!("/{raw}")
    };
    let url = base.join(&path).map_err(|_| BadRoute(raw.to_owned()))?;
    if is_app_url(&url) {
        Ok(url)
    } else {
        Err(BadRoute(raw.to_owned()))
    }
}

/// Whether a URL belongs to the app's own origin; the window refuses to navigate anywhere else.
pub fn is_app_url(url: &Url) -> bool {
    let Ok(origin) = Url::parse(ORIGIN) else {
        return false;
    };
    url.scheme() == origin.scheme()
        && url.host_str() == origin.host_str()
        && url.port_or_known_default() == origin.port_or_known_default()
}

/// Whether the window may show `url` as its page: an app address that is not a snapshot file or an
/// API answer (a `<meta refresh>` or a script pointing the window at `/assets/x.svg` would run that
/// file as the app's own page).
pub fn is_reader_page(url: &Url) -> bool {
    is_app_url(url) && !url.path().starts_with("/assets/") && !url.path().starts_with("/api/")
}

/// Answers one webview request through the shared router.
pub fn handle(api: &Api, request: &http::Request<Vec<u8>>) -> http::Response<Vec<u8>> {
    let uri = request.uri();
    let header = |name: http::header::HeaderName| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    // WebKitGTK sends no Host header to custom schemes, so the URI's authority stands in for it.
    let host = header(http::header::HOST).or_else(|| uri.host());
    let core_request = Request {
        method: request.method().as_str(),
        path: uri.path(),
        query: uri.query().unwrap_or(""),
        body: request.body(),
        host,
        origin: header(http::header::ORIGIN),
    };
    into_http(api.handle(&core_request))
}

/// Converts the router's answer; a response the router should never produce (an invalid status
/// or header) becomes a plain 500 instead of a panic inside the webview's callback.
pub fn into_http(response: Response) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder()
        .status(response.status)
        .header(http::header::CONTENT_TYPE, response.content_type.as_str());
    for (name, value) in &response.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    match builder.body(response.body) {
        Ok(converted) => converted,
        Err(err) => internal_error(&err.to_string()),
    }
}

fn internal_error(reason: &str) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(
        format!("Palette Docs Offline could not build a response ({reason}); please report this.")
            .into_bytes(),
    );
    *response.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response.headers_mut().insert(
        http::header::CONTENT_SECURITY_POLICY,
        http::HeaderValue::from_static(palette_docs_server::api::CSP_NOT_HTML),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn no_route_opens_the_app_root() {
        assert_eq!(start_url(None).map(String::from), Ok(format!("{ORIGIN}/")));
        assert_eq!(
            start_url(Some("  ")).map(String::from),
            Ok(format!("{ORIGIN}/"))
        );
    }

    #[test]
    fn deep_links_keep_path_and_anchor() {
        assert_eq!(
            start_url(Some("/security/core-principles/#secure-by-default")).map(String::from),
            Ok(format!(
                "{ORIGIN}/security/core-principles/#secure-by-default"
            ))
        );
        assert_eq!(
            start_url(Some("security/sbom")).map(String::from),
            Ok(format!("{ORIGIN}/security/sbom"))
        );
    }

    #[test]
    fn routes_naming_another_origin_are_refused() {
        for bad in [
            "//evil.example/x",
            "https://evil.example/",
            "palette://other/x",
            "/\\evil.example",
        ] {
            let err = start_url(Some(bad)).expect_err(bad);
            assert!(err.to_string().contains("/security/"), "{err}");
        }
    }

    #[test]
    fn only_the_app_origin_is_navigable() {
        assert!(is_app_url(&url(&format!("{ORIGIN}/security/"))));
        assert!(!is_app_url(&url("https://docs.spectrocloud.com/security/")));
        assert!(!is_app_url(&url("palette://elsewhere/")));
        assert!(!is_app_url(&url("file:///etc/passwd")));
        assert!(!is_app_url(&url("http://palette.localhost:8080/")));
    }

    /// The webview enforces the CSP in tauri.conf.json, `serve` and the scheme send the router's;
    /// a policy loosened in one place only would leave the other transport stricter than we think.
    #[test]
    fn the_window_and_the_router_enforce_the_same_csp() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
        assert_eq!(
            conf["app"]["security"]["csp"].as_str(),
            Some(palette_docs_server::api::CSP)
        );
    }

    #[test]
    fn the_window_shows_pages_not_files() {
        assert!(is_reader_page(&url(&format!("{ORIGIN}/security/"))));
        assert!(!is_reader_page(&url(&format!("{ORIGIN}/assets/x.svg"))));
        assert!(!is_reader_page(&url(&format!("{ORIGIN}/api/nav"))));
        assert!(!is_reader_page(&url("https://example.invalid/")));
    }

    #[test]
    fn router_answers_convert_with_headers() {
        let converted = into_http(Response {
            status: 404,
            content_type: "application/json".into(),
            headers: vec![("Cache-Control".into(), "no-store".into())],
            body: b"{\"error\":\"x\"}".to_vec(),
        });
        assert_eq!(converted.status(), 404);
        assert_eq!(
            converted.headers()[http::header::CONTENT_TYPE],
            "application/json"
        );
        assert_eq!(converted.headers()["cache-control"], "no-store");
        assert_eq!(converted.body(), b"{\"error\":\"x\"}");
    }

    #[test]
    fn malformed_router_answers_become_500() {
        let converted = into_http(Response {
            status: 1000,
            content_type: "text/plain".into(),
            headers: vec![],
            body: vec![],
        });
        assert_eq!(converted.status(), 500);
        let converted = into_http(Response {
            status: 200,
            content_type: "text/plain".into(),
            headers: vec![("bad header".into(), "x".into())],
            body: vec![],
        });
        assert_eq!(converted.status(), 500);
    }
}

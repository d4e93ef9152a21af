//! TEMPORARY stand-in for palette_docs_core::api until it lands; removed before the final commit.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub body: &'a [u8],
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
}
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}
pub struct Api;
impl Api {
    pub fn handle(&self, req: &Request<'_>) -> Response {
        let ui = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
        let rel = req.path.trim_start_matches('/');
        let file = ui.join(rel);
        let (file, ct) = if !rel.is_empty() && file.is_file() {
            let ct = match file.extension().and_then(|e| e.to_str()) {
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                _ => "application/octet-stream",
            };
            (file, ct)
        } else if rel.starts_with("api/") {
            return Response { status: 404, content_type: "application/json".into(), headers: vec![], body: b"{\"error\":\"placeholder\"}".to_vec() };
        } else {
            (ui.join("index.html"), "text/html; charset=utf-8")
        };
        eprintln!("placeholder: {} {} {:?} {:?} -> {}", req.method, req.path, req.host, req.origin, file.display());
        Response {
            status: 200,
            content_type: ct.into(),
            headers: vec![("Content-Security-Policy".into(), "default-src 'self'; img-src 'self' data:".into())],
            body: std::fs::read(file).unwrap_or_default(),
        }
    }
}

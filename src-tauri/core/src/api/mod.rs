//! One router for both transports (the desktop custom scheme and `serve`): a request in, a response out.
//!
//! # The HTTP contract the UI relies on (all JSON is UTF-8, `application/json`)
//!
//! Paths starting with `/api/` are the API; `/assets/<path>` are bundle assets (images, SVG);
//! any other path is a UI file when one exists under `ui/` (e.g. `/js/app.js`, `/css/site.css`),
//! otherwise `index.html` (client-side routing: `/security/core-principles/` loads the UI, which then
//! asks the API for that page). Unknown `/api/...` → 404 JSON `{"error": "..."}`. Methods other
//! than those listed → 405.
//!
//! - `GET /api/nav` →
//!   `{ "items": [NavItem], "snapshot": Snapshot }` where `NavItem` is one of
//!   `{ "type": "category", "label", "route": "/security/" | null, "items": [NavItem] }`,
//!   `{ "type": "page", "label", "route": "/security/core-principles/" }`,
//!   `{ "type": "outside", "label": "Release Notes", "url": "https://docs.spectrocloud.com/release-notes/" }`
//!   (a top-level section of the original site that is not in this snapshot). Top-level order is the
//!   original site's.
//! - `GET /api/page/<route without leading/trailing slash>` (e.g. `/api/page/security/core-principles`;
//!   the landing `/security/` is `/api/page/security`) →
//!   `{ "route", "title", "sidebar_label", "description", "tags": [..], "html", "toc": [{ "id", "text", "level" }],
//!      "hide_table_of_contents": bool, "breadcrumbs": [{ "label", "route" | null }],
//!      "prev": { "label", "route" } | null, "next": { "label", "route" } | null, "source_path" }`.
//!   `html` is sanitized and does not repeat the title as an `<h1>`. Headings carry `id`s and a
//!   `<a class="hash-link" href="#id" aria-label="Direct link to …">`. In-app links are `<a href="/security/x/#a">`;
//!   links leaving the snapshot are `<a class="link-outside" href="https://docs.spectrocloud.com/..." data-outside="true">`;
//!   external links `<a class="link-external" href="https://..." data-external="true">`.
//! - `GET /api/search?q=<query>&limit=<n>` →
//!   `{ "query", "corrected": "string" | null, "results": [Hit] }` with
//!   `Hit = { "route", "anchor": "id" | null, "page_title", "section": "string" | null, "breadcrumbs": ["Security", ..],
//!            "snippet_html": "escaped text with <mark>…</mark>", "more": [Hit without more] }`.
//! - `GET /api/tags` → `[{ "tag", "count" }]`; `GET /api/tags/<tag>` → `{ "tag", "pages": [{ "route", "title", "description" }] }`.
//! - `GET /api/snapshot` → `{ "name", "version", "date", "edition", "upstream_repo", "upstream_commit",
//!    "signer_key_id", "signer": "release" | "development", "verified": bool, "files": n, "notice": "string" | null }`.
//! - `GET /api/bookmarks` → `{ "bookmarks": [Bookmark], "notice": "string" | null }`;
//!   `POST /api/bookmarks` body `{ "route", "anchor": null|"id", "title", "section": null|"..", "note": "" }` → Bookmark;
//!   `PUT /api/bookmarks/<id>` body `{ "note"?: "..", "position"?: n }` → Bookmark; `DELETE /api/bookmarks/<id>` → 204.
//!   `Bookmark = { "id", "route", "anchor", "title", "section", "note", "created": RFC 3339 string, "missing": bool }`
//!   (`missing`: the page or anchor is not in the current snapshot).
//!   `GET /api/bookmarks/export` → the export file (format 2 JSON, as `palette-docs bookmarks export` writes it) with
//!   `Content-Disposition: attachment; filename="palette-docs-bookmarks-YYYY-MM-DD.json"`;
//!   `POST /api/bookmarks/import?name=<file name>` body: an export file (up to [`MAX_IMPORT_BODY`]) → merged without
//!   duplicates, `{ "added": n, "skipped": n }` (`skipped`: already present or repeated in the file); a damaged file or
//!   one from a newer format → 400 with the sentence the CLI prints, naming `name`. `export` and `import` are never ids:
//!   generated ids contain `-`, and an id read from a file that names an action is replaced on load.
//! - `GET /api/state` → `{ "last_route": "/security/x/" | null, "last_anchor": "id" | null, "scroll": px,
//!   "recent": [{ "route", "title", "viewed": RFC 3339 }], "notice": "string" | null }` (where the app reopens and the
//!   recently viewed pages, most recent first, kept in `state.json` beside the bookmarks);
//!   `POST /api/state/visit` body `{ "route", "title" }`; `PUT /api/state/position` body `{ "route", "anchor": null|"id", "scroll": px }`;
//!   `DELETE /api/state/recent` (empties the list, keeps the position) — each answers the new state.
//! - `GET /api/snapshots` → `{ "active": id, "snapshots": [{ "id", "name", "version", "date", "edition", "default": bool }],
//!   "max_install_bytes": n }` (the packaged snapshot first, id `default`); `POST /api/snapshots/active` body `{ "id" }` →
//!   opens and verifies that snapshot, reads it from now on and remembers the choice for the next start
//!   (`{ "active", "snapshot": Snapshot, "notice": "string" | null }`; refused → 422, unknown → 404, the current one kept);
//!   `POST /api/snapshots/install?name=<file name>` body = a file made by `bundle pack` → verifies and installs it
//!   (201 `{ "id", "name", "version", "date", "edition", "default": false }`; not a pack file, tampered, foreign key,
//!   escaping entries or too big when unpacked → 422 naming what failed, nothing kept; over `max_install_bytes` → 413);
//!   `DELETE /api/snapshots/<id>` → 204, or 200 `{ "active": "default", "snapshot": Snapshot }` when it was the one
//!   being read (the reader switched to the packaged one); `default` cannot be removed (400).
//!   Without a library (`Api::with_snapshots` not called) the list is empty and the rest answer 404.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

use serde::Serialize;
use serde_json::json;

use crate::bookmarks::{self, BookmarkStore, NewBookmark, StateStore};
use crate::bundle::{pack, Bundle, SignerKind, TrustStore};
use crate::search::Searcher;

/// The Content-Security-Policy of every UI page: nothing but this origin, no inline script, no frames.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Longest request path accepted; anything longer is not a route of ours.
const MAX_PATH: usize = 2048;
/// Most results one search may ask for.
const MAX_LIMIT: usize = 50;
/// The one script index.html loads: the UI's modules bundled at the first request.
const UI_SCRIPT: &str = "/js/app.bundle.js";
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
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        let mut headers = vec![
            ("X-Content-Type-Options".to_string(), "nosniff".to_string()),
            ("Referrer-Policy".to_string(), "no-referrer".to_string()),
            ("Cache-Control".to_string(), "no-store".to_string()),
        ];
        if content_type.starts_with("text/html") {
            headers.push(("Content-Security-Policy".to_string(), CSP.to_string()));
            headers.push(("X-Frame-Options".to_string(), "DENY".to_string()));
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

    fn not_found() -> Response {
        Response::error(404, "not found")
    }

    fn method_not_allowed(allowed: &str) -> Response {
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

/// The UI's files (`index.html`, `js/…`, `css/…`), embedded in the binary or read from a folder.
pub trait UiFiles: Send + Sync {
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>>;
}

/// UI files read from a folder on disk (development, tests).
#[derive(Debug, Clone)]
pub struct UiDir(pub PathBuf);

impl UiFiles for UiDir {
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        if !crate::bundle::format::is_safe_relative_path(path) {
            return None;
        }
        let file = self.0.join(path);
        std::fs::symlink_metadata(&file)
            .ok()
            .filter(|m| m.is_file())?;
        std::fs::read(file).ok().map(Cow::Owned)
    }
}

/// An open, verified snapshot with its search index.
#[derive(Debug)]
pub struct Library {
    pub bundle: Bundle,
    pub searcher: Searcher,
    /// Said once to the user, e.g. that a requested snapshot was refused and the default is shown.
    pub notice: Option<String>,
}

impl Library {
    pub fn open(dir: &Path, trust: &TrustStore) -> crate::Result<Library> {
        let mut bundle = Bundle::open(dir, trust)?;
        let searcher = Searcher::open_in_memory(bundle.take_search_files(), dir).map_err(|e| {
            crate::Error::Bundle(format!(
                "the search index of {} cannot be opened: {e}",
                dir.display()
            ))
        })?;
        Ok(Library {
            bundle,
            searcher,
            notice: None,
        })
    }

    /// Opens `requested` if given and valid; otherwise the packaged `default`, with a notice that says
    /// why the requested snapshot was refused.
    pub fn open_or_default(
        requested: Option<&Path>,
        default: &Path,
        trust: &TrustStore,
    ) -> crate::Result<Library> {
        let Some(requested) = requested else {
            return Library::open(default, trust);
        };
        match Library::open(requested, trust) {
            Ok(lib) => Ok(lib),
            Err(refused) => {
                let mut lib = Library::open(default, trust).map_err(|e| {
                    crate::Error::Bundle(format!(
                        "{refused}; the packaged snapshot could not be opened either: {e}"
                    ))
                })?;
                lib.notice = Some(format!(
                    "The snapshot at {} was refused: {refused}. You are reading the packaged snapshot instead.",
                    requested.display()
                ));
                Ok(lib)
            }
        }
    }

    /// Opens the snapshot chosen last ([`pack::read_active`]) when it is still installed and verifies;
    /// otherwise the packaged `default_dir`, with a notice saying why, and the choice is reset so the
    /// notice is said once. Answers the library and the id of the snapshot it reads.
    pub fn open_chosen(
        default_dir: &Path,
        library_dir: &Path,
        trust: &TrustStore,
    ) -> crate::Result<(Library, String)> {
        let id = pack::read_active(library_dir);
        if id == pack::DEFAULT_ID {
            return Ok((Library::open(default_dir, trust)?, id));
        }
        let lib = match pack::find(library_dir, &id) {
            Some(dir) => Library::open_or_default(Some(&dir), default_dir, trust)?,
            None => {
                let mut lib = Library::open(default_dir, trust)?;
                lib.notice = Some(format!(
                    "The snapshot `{id}` you chose last time is no longer installed. You are reading the packaged snapshot instead."
                ));
                lib
            }
        };
        if lib.notice.is_none() {
            return Ok((lib, id));
        }
        // Best effort: if the choice cannot be reset, the same notice is simply said again next time.
        let _ = pack::write_active(library_dir, pack::DEFAULT_ID);
        Ok((lib, pack::DEFAULT_ID.to_string()))
    }

    fn snapshot_json(&self) -> serde_json::Value {
        let s = self.bundle.snapshot();
        json!({
            "name": s.name,
            "version": s.version,
            "date": s.date,
            "edition": s.edition,
            "upstream_repo": s.upstream_repo,
            "upstream_commit": s.upstream_commit,
            "site_url": s.site_url,
            "signer_key_id": self.bundle.signer.key_id,
            "signer": match self.bundle.signer.kind {
                SignerKind::Release => "release",
                SignerKind::Development => "development",
            },
            "verified": true,
            "files": self.bundle.file_count(),
            "verify_ms": self.bundle.verify_time.as_secs_f64() * 1000.0,
            "notice": self.notice,
        })
    }
}

/// The router: one snapshot, the UI files and the user's bookmarks.
pub struct Api {
    library: RwLock<Arc<Library>>,
    ui: Box<dyn UiFiles>,
    bookmarks: Option<BookmarkStore>,
    bookmarks_error: Option<String>,
    /// Where the user left off and the recently viewed pages; `Err`: why they are not kept.
    reading_state: Result<StateStore, String>,
    highlight_css: OnceLock<Vec<u8>>,
    /// The UI's modules as one script (see [`crate::ui_bundle`]), or why they could not be.
    ui_script: OnceLock<Result<Vec<u8>, String>>,
    /// Where the packaged and installed snapshots are; `None`: switching is not offered.
    snapshots: Option<SnapshotPlaces>,
    /// The id of the snapshot being read (`default` for the packaged one).
    active: RwLock<String>,
}

/// What switching snapshots needs: the packaged bundle, the library folder and the keys to trust.
#[derive(Debug, Clone)]
struct SnapshotPlaces {
    default_dir: PathBuf,
    library_dir: PathBuf,
    trust: TrustStore,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api").finish_non_exhaustive()
    }
}

impl Api {
    /// `bookmarks`: the store, or the sentence saying why it could not be opened (the app still reads docs).
    pub fn new(
        library: Library,
        ui: Box<dyn UiFiles>,
        bookmarks: Result<BookmarkStore, String>,
    ) -> Api {
        let (bookmarks, bookmarks_error) = match bookmarks {
            Ok(store) => (Some(store), None),
            Err(e) => (None, Some(e)),
        };
        Api {
            library: RwLock::new(Arc::new(library)),
            ui,
            bookmarks,
            bookmarks_error,
            reading_state: Err("the reading position is not kept by this reader".into()),
            highlight_css: OnceLock::new(),
            ui_script: OnceLock::new(),
            snapshots: None,
            active: RwLock::new(pack::DEFAULT_ID.to_string()),
        }
    }

    /// Keeps the reading position and recently viewed pages in `state` (or says why not).
    pub fn with_reading_state(mut self, state: Result<StateStore, String>) -> Api {
        self.reading_state = state;
        self
    }

    /// Offers the library of snapshots: `default_dir` is the packaged bundle (id `default`),
    /// `library_dir` holds installed ones, each verified with `trust` when switched to. The active
    /// id is the library folder the open snapshot was read from (e.g. by [`Library::open_chosen`]),
    /// else `default`.
    pub fn with_snapshots(
        mut self,
        default_dir: PathBuf,
        library_dir: PathBuf,
        trust: TrustStore,
    ) -> Api {
        let dir = self.library().bundle.dir.clone();
        let installed = dir.file_name().and_then(|n| n.to_str()).filter(|id| {
            dir.parent() == Some(library_dir.as_path()) && pack::find(&library_dir, id).is_some()
        });
        if let Some(id) = installed {
            self.set_active(id);
        }
        self.snapshots = Some(SnapshotPlaces {
            default_dir,
            library_dir,
            trust,
        });
        self
    }

    /// The id of the snapshot being read.
    pub fn active_snapshot(&self) -> String {
        match self.active.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_active(&self, id: &str) {
        match self.active.write() {
            Ok(mut guard) => *guard = id.to_string(),
            Err(poisoned) => *poisoned.into_inner() = id.to_string(),
        }
    }

    /// The snapshot being read.
    pub fn library(&self) -> Arc<Library> {
        match self.library.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Switches to another snapshot (the library of snapshots).
    pub fn replace_library(&self, library: Library) {
        match self.library.write() {
            Ok(mut guard) => *guard = Arc::new(library),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(library),
        }
    }

    pub fn handle(&self, req: &Request<'_>) -> Response {
        // `serve` stops reading at the limit; the desktop scheme hands over whole bodies, checked here.
        if req.body.len() > body_limit(req.path) {
            return body_too_large(req.path);
        }
        let Some(path) = decode_path(req.path) else {
            return Response::not_found();
        };
        if let Some(api_path) = path.strip_prefix("/api/") {
            return self.api(req, api_path);
        }
        if req.method != "GET" && req.method != "HEAD" {
            return Response::method_not_allowed("GET");
        }
        if let Some(asset) = path.strip_prefix("/assets/") {
            return match self.library().bundle.asset(asset) {
                Some(bytes) => Response::new(200, content_type(asset), bytes.to_vec()),
                None => Response::not_found(),
            };
        }
        if path == "/highlight.css" {
            let css = self
                .highlight_css
                .get_or_init(|| crate::render::highlight::theme_css().into_bytes());
            return Response::new(200, "text/css; charset=utf-8", css.clone());
        }
        if path == UI_SCRIPT {
            let script = self.ui_script.get_or_init(|| {
                crate::ui_bundle::bundle("js/app.js", |p| {
                    self.ui
                        .get(p)
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                })
                .map(String::into_bytes)
                .map_err(|e| e.to_string())
            });
            return match script {
                Ok(bytes) => Response::new(200, content_type(UI_SCRIPT), bytes.clone()),
                Err(why) => {
                    Response::error(500, &format!("the UI script could not be assembled: {why}"))
                }
            };
        }
        let file = path.trim_start_matches('/');
        if !file.is_empty() && file != "index.html" {
            if let Some(bytes) = self.ui.get(file) {
                return Response::new(200, content_type(file), bytes.into_owned());
            }
            // A missing script or stylesheet is a 404, not the app shell.
            if file.contains('.') && !file.ends_with('/') {
                return Response::not_found();
            }
        }
        match self.ui.get("index.html") {
            Some(bytes) => Response::new(200, "text/html; charset=utf-8", bytes.into_owned()),
            None => Response::error(500, "the UI files are missing from this build"),
        }
    }

    fn api(&self, req: &Request<'_>, path: &str) -> Response {
        let (head, rest) = path.split_once('/').unwrap_or((path, ""));
        let get_only = |f: &dyn Fn() -> Response| {
            if req.method == "GET" || req.method == "HEAD" {
                f()
            } else {
                Response::method_not_allowed("GET")
            }
        };
        match head {
            "nav" if rest.is_empty() => get_only(&|| {
                let lib = self.library();
                Response::json(
                    200,
                    &json!({ "items": lib.bundle.nav.items, "snapshot": lib.snapshot_json() }),
                )
            }),
            "page" => get_only(&|| match self.library().bundle.page_json(rest) {
                Some(bytes) => Response::new(200, "application/json", bytes.to_vec()),
                None => Response::error(404, &format!("no page /{rest} in this snapshot")),
            }),
            "search" if rest.is_empty() => get_only(&|| {
                let q = query_param(req.query, "q").unwrap_or_default();
                let limit = query_param(req.query, "limit")
                    .and_then(|l| l.parse::<usize>().ok())
                    .unwrap_or(20)
                    .clamp(1, MAX_LIMIT);
                Response::json(200, &self.library().searcher.search(&q, limit))
            }),
            "tags" => get_only(&|| self.tags(rest)),
            "snapshot" if rest.is_empty() => {
                get_only(&|| Response::json(200, &self.library().snapshot_json()))
            }
            "bookmarks" => self.bookmarks(req, rest),
            "state" => self.reading_state(req, rest),
            "snapshots" => self.snapshots(req, rest),
            _ => Response::not_found(),
        }
    }

    fn tags(&self, tag: &str) -> Response {
        let lib = self.library();
        if tag.is_empty() {
            let list: Vec<_> = lib
                .bundle
                .tags
                .iter()
                .map(|t| json!({ "tag": t.tag, "count": t.pages.len() }))
                .collect();
            return Response::json(200, &list);
        }
        match lib.bundle.tags.iter().find(|t| t.tag == tag) {
            Some(t) => Response::json(200, t),
            None => Response::error(404, &format!("no page is tagged `{tag}`")),
        }
    }

    fn bookmarks(&self, req: &Request<'_>, id: &str) -> Response {
        let Some(store) = &self.bookmarks else {
            let why = self
                .bookmarks_error
                .as_deref()
                .unwrap_or("bookmarks are not available");
            return Response::error(503, why);
        };
        match (req.method, id) {
            ("GET" | "HEAD", "export") => return export_bookmarks(store),
            ("POST", "import") => return import_bookmarks(store, req),
            (_, "export") => return Response::method_not_allowed("GET"),
            (_, "import") => return Response::method_not_allowed("POST"),
            _ => {}
        }
        let result = match (req.method, id.is_empty()) {
            ("GET" | "HEAD", true) => store.list().map(|mut list| {
                let lib = self.library();
                bookmarks::mark_missing(&mut list, |route, anchor| {
                    anchor_exists(&lib.bundle, route, anchor)
                });
                Response::json(
                    200,
                    &json!({ "bookmarks": list, "notice": store.take_notice() }),
                )
            }),
            ("POST", true) => match serde_json::from_slice::<NewBookmark>(req.body) {
                Ok(new) if !new.route.is_empty() => store
                    .add(new)
                    .map(|o| Response::json(if o.existed { 200 } else { 201 }, &o.bookmark)),
                Ok(_) => return Response::error(400, "a bookmark needs a `route`"),
                Err(e) => {
                    return Response::error(400, &format!("the bookmark is not valid JSON: {e}"))
                }
            },
            ("PUT", false) => {
                #[derive(serde::Deserialize)]
                struct Change {
                    note: Option<String>,
                    position: Option<usize>,
                }
                let change: Change = match serde_json::from_slice(req.body) {
                    Ok(c) => c,
                    Err(e) => {
                        return Response::error(400, &format!("the change is not valid JSON: {e}"))
                    }
                };
                let mut answer = None;
                if let Some(note) = change.note {
                    match store.update_note(id, &note) {
                        Ok(b) => answer = Some(b),
                        Err(e) => return bookmark_error(e),
                    }
                }
                if let Some(position) = change.position {
                    match store.move_to(id, position) {
                        Ok(list) => answer = list.into_iter().find(|b| b.id == id),
                        Err(e) => return bookmark_error(e),
                    }
                }
                match answer {
                    Some(b) => Ok(Response::json(200, &b)),
                    None => return Response::error(400, "send `note` or `position`"),
                }
            }
            ("DELETE", false) => store.delete(id).map(|b| Response::json(200, &b)),
            (_, true) => return Response::method_not_allowed("GET, POST"),
            (_, false) => return Response::method_not_allowed("PUT, DELETE"),
        };
        result.unwrap_or_else(bookmark_error)
    }
}

impl Api {
    /// `GET /api/state`, `POST /api/state/visit`, `PUT /api/state/position`, `DELETE /api/state/recent`.
    fn reading_state(&self, req: &Request<'_>, rest: &str) -> Response {
        #[derive(serde::Deserialize)]
        struct Visit {
            route: String,
            title: String,
        }
        #[derive(serde::Deserialize)]
        struct Position {
            route: String,
            anchor: Option<String>,
            scroll: f64,
        }
        let store = match &self.reading_state {
            Ok(store) => store,
            Err(why) => return Response::error(503, why),
        };
        let result = match (req.method, rest) {
            ("GET" | "HEAD", "") => store.get(),
            ("POST", "visit") => match serde_json::from_slice::<Visit>(req.body) {
                Ok(v) if is_route(&v.route) => store.visit(&v.route, &v.title),
                Ok(v) => return bad_route(&v.route),
                Err(e) => {
                    return Response::error(400, &format!("send `{{\"route\", \"title\"}}`: {e}"))
                }
            },
            ("PUT", "position") => match serde_json::from_slice::<Position>(req.body) {
                Ok(p) if is_route(&p.route) => {
                    store.set_position(&p.route, p.anchor.as_deref(), p.scroll)
                }
                Ok(p) => return bad_route(&p.route),
                Err(e) => {
                    return Response::error(
                        400,
                        &format!("send `{{\"route\", \"anchor\", \"scroll\"}}`: {e}"),
                    )
                }
            },
            ("DELETE", "recent") => store.clear_recent(),
            (_, "") => return Response::method_not_allowed("GET"),
            (_, "visit") => return Response::method_not_allowed("POST"),
            (_, "position") => return Response::method_not_allowed("PUT"),
            (_, "recent") => return Response::method_not_allowed("DELETE"),
            _ => return Response::not_found(),
        };
        match result {
            Ok(state) => Response::json(
                200,
                &json!({
                    "last_route": state.last_route,
                    "last_anchor": state.last_anchor,
                    "scroll": state.scroll,
                    "recent": state.recent,
                    "notice": store.take_notice(),
                }),
            ),
            Err(e) => Response::error(500, &e.to_string()),
        }
    }
}

/// A route the UI can reopen: an absolute path inside the app, not another origin.
fn is_route(route: &str) -> bool {
    route.starts_with('/')
        && !route.starts_with("//")
        && !route.contains('\\')
        && route.len() <= MAX_PATH
}

fn bad_route(route: &str) -> Response {
    Response::error(
        400,
        &format!("`{route}` is not a page route; send a path such as /security/core-principles/"),
    )
}

impl Api {
    /// `GET /api/snapshots`, `POST /api/snapshots/active`, `POST /api/snapshots/install`,
    /// `DELETE /api/snapshots/<id>`.
    fn snapshots(&self, req: &Request<'_>, rest: &str) -> Response {
        let Some(places) = &self.snapshots else {
            // A reader pinned to one folder (`--bundle`) has nothing to switch to: an empty library.
            if matches!(req.method, "GET" | "HEAD") && rest.is_empty() {
                return Response::json(200, &json!({ "active": null, "snapshots": [] }));
            }
            return Response::error(404, "this reader offers only one snapshot");
        };
        match (req.method, rest) {
            ("GET" | "HEAD", "") => {
                let mut list = Vec::new();
                if let Ok(bytes) =
                    std::fs::read(places.default_dir.join(crate::bundle::format::MANIFEST))
                {
                    if let Ok(m) = serde_json::from_slice::<crate::bundle::format::Manifest>(&bytes)
                    {
                        list.push(snapshot_entry(pack::DEFAULT_ID, &m.snapshot, true));
                    }
                }
                match pack::list(&places.library_dir) {
                    Ok(installed) => list.extend(
                        installed
                            .iter()
                            .map(|s| snapshot_entry(&s.id, &s.snapshot, false)),
                    ),
                    Err(e) => return Response::error(500, &e.to_string()),
                }
                Response::json(
                    200,
                    &json!({
                        "active": self.active_snapshot(),
                        "snapshots": list,
                        "max_install_bytes": pack::MAX_PACK_BYTES,
                    }),
                )
            }
            ("POST", "active") => {
                #[derive(serde::Deserialize)]
                struct Choice {
                    id: String,
                }
                match serde_json::from_slice::<Choice>(req.body) {
                    Ok(c) => self.switch_snapshot(places, &c.id),
                    Err(e) => Response::error(400, &format!("send `{{\"id\": \"...\"}}`: {e}")),
                }
            }
            ("POST", "install") => install_snapshot(places, req),
            ("DELETE", id) if !id.is_empty() && !matches!(id, "active" | "install") => {
                self.remove_snapshot(places, id)
            }
            (_, "") => Response::method_not_allowed("GET"),
            (_, "active" | "install") => Response::method_not_allowed("POST"),
            _ => Response::method_not_allowed("DELETE"),
        }
    }

    /// Opens and verifies snapshot `id`, reads it from now on and remembers the choice. The `active`
    /// lock is held while the snapshot, its id and the remembered choice change, so they agree.
    fn switch_snapshot(&self, places: &SnapshotPlaces, id: &str) -> Response {
        let dir = if id == pack::DEFAULT_ID {
            places.default_dir.clone()
        } else {
            match pack::find(&places.library_dir, id) {
                Some(dir) => dir,
                None => {
                    return Response::error(
                        404,
                        &format!(
                        "there is no installed snapshot `{id}`; reload the list and choose another"
                    ),
                    )
                }
            }
        };
        let lib = match Library::open(&dir, &places.trust) {
            Ok(lib) => lib,
            Err(e) => {
                return Response::error(
                    422,
                    &format!("The snapshot `{id}` was refused and the current one is kept: {e}"),
                )
            }
        };
        let mut active = self
            .active
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let answer = lib.snapshot_json();
        self.replace_library(lib);
        *active = id.to_string();
        let notice = pack::write_active(&places.library_dir, id).err().map(|e| {
            format!("You are reading this snapshot now, but the choice could not be saved, so the app will open the one chosen before at the next start: {e}")
        });
        Response::json(
            200,
            &json!({ "active": id, "snapshot": answer, "notice": notice }),
        )
    }

    /// Removes an installed snapshot; removing the one being read switches to the packaged one.
    fn remove_snapshot(&self, places: &SnapshotPlaces, id: &str) -> Response {
        if id == pack::DEFAULT_ID {
            return Response::error(
                400,
                "the packaged snapshot is part of the app and cannot be removed",
            );
        }
        let mut active = self
            .active
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // The reader always has a snapshot: the packaged one is verified before the active one goes.
        let fallback = if *active == id {
            match Library::open(&places.default_dir, &places.trust) {
                Ok(lib) => Some(lib),
                Err(e) => return Response::error(
                    500,
                    &format!("`{id}` was not removed: it is being read, and the packaged snapshot that would replace it cannot be opened: {e}"),
                ),
            }
        } else {
            None
        };
        match pack::remove(&places.library_dir, id) {
            Ok(()) => {}
            Err(e @ crate::Error::Invalid(_)) => return Response::error(404, &e.to_string()),
            Err(e) => return Response::error(500, &e.to_string()),
        }
        let Some(lib) = fallback else {
            return Response::new(204, "application/json", Vec::new());
        };
        let answer = lib.snapshot_json();
        self.replace_library(lib);
        *active = pack::DEFAULT_ID.to_string();
        Response::json(
            200,
            &json!({ "active": pack::DEFAULT_ID, "snapshot": answer }),
        )
    }
}

/// `POST /api/snapshots/install?name=<file name>`: the same checks as `bundle install` (the archive's
/// entries while unpacking, then the signature and every file's hash), nothing kept on failure. The
/// body's size is bounded before this by [`body_limit`].
fn install_snapshot(places: &SnapshotPlaces, req: &Request<'_>) -> Response {
    let label = query_param(req.query, "name")
        .map(|n| display_name(&n))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "The chosen file".to_string());
    if req.body.is_empty() {
        return Response::error(
            400,
            &format!(
                "{label} is empty. Choose a file made with `palette-docs bundle pack` (.{}).",
                pack::PACK_EXTENSION
            ),
        );
    }
    match pack::install_from(req.body, &label, &places.library_dir, &places.trust) {
        Ok(s) => Response::json(201, &snapshot_entry(&s.id, &s.snapshot, false)),
        Err(e @ (crate::Error::Bundle(_) | crate::Error::Invalid(_))) => {
            Response::error(422, &e.to_string())
        }
        Err(e) => Response::error(500, &e.to_string()),
    }
}

/// A file name as the user knows it: the last path segment, without control characters, bounded.
fn display_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    base.chars().filter(|c| !c.is_control()).take(120).collect()
}

fn snapshot_entry(
    id: &str,
    s: &crate::bundle::format::SnapshotInfo,
    default: bool,
) -> serde_json::Value {
    json!({
        "id": id,
        "name": s.name,
        "version": s.version,
        "date": s.date,
        "edition": s.edition,
        "default": default,
    })
}

fn export_bookmarks(store: &BookmarkStore) -> Response {
    match store.export_bytes() {
        Ok(bytes) => {
            let mut r = Response::new(200, "application/json", bytes);
            r.headers.push((
                "Content-Disposition".to_string(),
                format!("attachment; filename=\"{}\"", bookmarks::export_file_name()),
            ));
            r
        }
        Err(e) => bookmark_error(e),
    }
}

/// `POST /api/bookmarks/import?name=<file name>`: the upload's problems are the user's to fix (400);
/// the store's own are not.
fn import_bookmarks(store: &BookmarkStore, req: &Request<'_>) -> Response {
    // Only the file's own name (never a path) appears in messages.
    let name = query_param(req.query, "name")
        .and_then(|n| {
            n.rsplit(['/', '\\'])
                .next()
                .map(|n| n.trim().chars().take(255).collect::<String>())
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "the chosen file".to_string());
    let source = PathBuf::from(&name);
    match store.import_bytes(req.body, &source) {
        Ok(summary) => Response::json(200, &summary),
        Err(e) if names_upload(&e, &source) => Response::error(400, &e.to_string()),
        Err(e) => bookmark_error(e),
    }
}

/// Whether an import error is about the uploaded file rather than the store's own.
fn names_upload(e: &crate::Error, source: &Path) -> bool {
    match e {
        crate::Error::BookmarksTooNew { path, .. } | crate::Error::BookmarksFile { path, .. } => {
            path == source
        }
        _ => false,
    }
}

fn bookmark_error(e: crate::Error) -> Response {
    let message = e.to_string();
    let status = if message.contains("no bookmark") || message.contains("not found") {
        404
    } else {
        500
    };
    Response::error(status, &message)
}

/// Whether a route (and heading) exists in a bundle.
pub fn anchor_exists(bundle: &Bundle, route: &str, anchor: Option<&str>) -> bool {
    let Some(json) = bundle.page_json(route) else {
        return false;
    };
    let Some(anchor) = anchor.filter(|a| !a.is_empty()) else {
        return true;
    };
    #[derive(serde::Deserialize)]
    struct Ids {
        headings: Vec<crate::render::Heading>,
    }
    serde_json::from_slice::<Ids>(&json).is_ok_and(|p| p.headings.iter().any(|h| h.id == anchor))
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

fn content_type(path: &str) -> &'static str {
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

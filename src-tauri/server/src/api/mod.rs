//! One router for both transports (the desktop custom scheme and `serve`): a request in, a response out.
//!
//! # The HTTP contract the UI relies on (all JSON is UTF-8, `application/json`)
//!
//! Paths starting with `/api/` are the API; `/assets/<path>` are bundle assets (images, SVG);
//! any other path is a UI file when one exists under `ui/` (e.g. `/js/app.js`, `/css/site.css`),
//! otherwise `index.html` (client-side routing: `/security/core-principles/` loads the UI, which then
//! shows that page; the answers the first page needs come inside it, see `first_answers`). Unknown
//! `/api/...` → 404 JSON `{"error": "..."}`. Methods other than those listed → 405.
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
//!   `status:`, `severity:`, `edition:` and `version:` words keep only the advisories that pass them
//!   (`palette_docs_core::advisories::search`); with no other words they list those advisories, most severe first.
//! - `GET /api/tags` → `[{ "tag", "count" }]`; `GET /api/tags/<tag>` → `{ "tag", "pages": [{ "route", "title", "description" }] }`.
//! - `GET /api/snapshot` → `{ "name", "version", "date", "edition", "upstream_repo", "upstream_commit",
//!    "signer_key_id", "signer": "release" | "development", "verified": bool, "files": n, "advisories": n,
//!   "notice": "string" | null,
//!   "reader_state": "server" | "browser" }` (`browser`: team mode, `serve --allow-remote`: the UI keeps bookmarks,
//!   history and position in the browser; `/api/bookmarks`, `/api/state` and snapshot changes answer 403, see `team`).
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
//!   `DELETE /api/state/recent` (empties the list, keeps the position) — each answers the new state, which also carries
//!   `"installation"`. `GET /api/state/installation` → `{ "installation": { "edition", "version" } | null }` (my
//!   installation: the edition and version the reader runs, kept in `state.json` too); `PUT` with `{ "edition", "version" }`
//!   keeps it (an unknown edition or a malformed version → 400 with the sentence saying what to write); `DELETE` forgets it.
//! - `GET /api/advisories?edition=&version=&status=&min_score=` → `{ "count", "total", "editions": [..], "versions": [..],
//!   "advisories": [Advisory] }` (the records `palette-docs cve list --json` prints, filtered the same way; a malformed
//!   version or score → 400); `GET /api/advisories/<id>` → one record (any spelling of the id), 404 when unknown.
//! - `GET /api/snapshots` → `{ "active": id, "snapshots": [{ "id", "name", "version", "date", "edition", "default": bool }],
//!   "max_install_bytes": n }` (the packaged snapshot first, id `default`); `POST /api/snapshots/active` body `{ "id" }` →
//!   opens and verifies that snapshot, reads it from now on and remembers the choice for the next start
//!   (`{ "active", "snapshot": Snapshot, "notice": "string" | null }`; refused → 422, unknown → 404, the current one kept);
//!   `POST /api/snapshots/install?name=<file name>` body = a file made by `bundle pack` → verifies and installs it
//!   (201 `{ "id", "name", "version", "date", "edition", "default": false }`; not a pack file, tampered, foreign key,
//!   escaping entries or too big when unpacked → 422 naming what failed, nothing kept; over `max_install_bytes` → 413);
//!   `DELETE /api/snapshots/<id>` → 204, or 200 `{ "active": "default", "snapshot": Snapshot }` when it was the one
//!   being read (the reader switched to the packaged one); `default` cannot be removed (400).
//!   A reader pinned to one folder (`--bundle`, [`palette_docs_core::library::Library::pinned`]) lists
//!   nothing and answers 404 to the rest.
//! - `GET /api/diff?from=<id>&to=<id>` → `{ "from_id", "to_id", "diff": SnapshotDiff | null, "reason": "string" | null }`
//!   (`to` defaults to the snapshot being read, `from` to the one read before it; `diff` is
//!   `palette_docs_core::diff::SnapshotDiff` as `bundle diff --json` prints it; `null` with a `reason` when
//!   there is nothing to compare). Unknown id → 404; the same snapshot twice or another documentation set → 400, a
//!   snapshot that fails verification → 422, each saying which.
//!
//! # Where things live
//!
//! This file holds [`Api`] and the router ([`Api::handle`]) over the reader's [`AppState`] (the
//! library of snapshots lives in `palette_docs_core::library`); each job has its module:
//! `http` ([`Request`], [`Response`], [`CSP`], the body limits, path and query decoding, content types),
//! `ui_files` ([`UiFiles`], [`UiDir`], assets, `/highlight.css`, the bundled UI script, `index.html`),
//! `first_answers` (`index.html` carrying the API answers its first page needs),
//! `status` (the one mapping from an engine error to an HTTP status), `docs` (nav, pages, search,
//! tags), `diff` (`/api/diff`), `bookmarks` (incl. export and import), `reading_state` (`/api/state`) and `snapshots`
//! (list, switch, remove, install).

mod advisories;
mod bookmarks;
mod diff;
mod docs;
mod first_answers;
mod http;
mod reading_state;
mod snapshots;
mod status;
mod team;
mod ui_files;

pub use first_answers::LANDING_ROUTE;
pub use http::{
    body_limit, body_too_large, decode_path, query_param, Request, Response, CSP, CSP_NOT_HTML,
    MAX_BODY, MAX_IMPORT_BODY,
};
pub use palette_docs_core::app::AppState;
pub use palette_docs_core::library::OpenSnapshot;
pub use status::{error_response, status_of};
pub use team::TEAM_READ_ONLY;
pub use ui_files::{UiDir, UiFiles};

use std::sync::{Arc, OnceLock};

/// The router: a thin layer over the reader's [`AppState`] (the library, bookmarks and reading
/// position) plus the UI files.
pub struct Api {
    state: AppState,
    ui: Box<dyn UiFiles>,
    highlight_css: OnceLock<Vec<u8>>,
    /// The first answers that depend only on the open snapshot (see `first_answers`).
    snapshot_answers: first_answers::SnapshotAnswers,
    /// Team mode (see `team`): readers share this server, which keeps none of their state.
    team: bool,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api").finish_non_exhaustive()
    }
}

impl Api {
    pub fn new(state: AppState, ui: Box<dyn UiFiles>) -> Api {
        Api {
            state,
            ui,
            highlight_css: OnceLock::new(),
            snapshot_answers: Default::default(),
            team: false,
        }
    }

    /// What this router answers over.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The snapshot being read.
    pub fn snapshot(&self) -> Arc<OpenSnapshot> {
        self.state.snapshot()
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
        self.static_file(&path)
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
        if let Some(refusal) = self.team_refusal(req, head) {
            return refusal;
        }
        match head {
            "nav" if rest.is_empty() => get_only(&|| self.nav()),
            "page" => get_only(&|| self.page(rest)),
            "search" if rest.is_empty() => get_only(&|| self.search(req.query)),
            "tags" => get_only(&|| self.tags(rest)),
            "snapshot" if rest.is_empty() => get_only(&|| {
                let mut answer = self.snapshot().snapshot_json();
                answer["reader_state"] = self.reader_state_place().into();
                Response::json(200, &answer)
            }),
            "bookmarks" => self.bookmarks(req, rest),
            "state" => self.reading_state(req, rest),
            "snapshots" => self.snapshots(req, rest),
            "advisories" => get_only(&|| self.advisories(rest, req.query)),
            "diff" if rest.is_empty() => get_only(&|| self.diff(req.query)),
            _ => Response::not_found(),
        }
    }
}

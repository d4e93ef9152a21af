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

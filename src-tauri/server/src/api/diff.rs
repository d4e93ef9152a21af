//! `GET /api/diff`: what changed between two snapshots of the library, for the reader's "What's
//! new" page, its sidebar marks, "Show changes" and flagged bookmarks. Computing, verifying and
//! caching live in `palette_docs_core::library::Library::diff`; this module reads the request.

use serde_json::json;

use super::{error_response, query_param, Api, Response};

impl Api {
    /// `GET /api/diff?from=<id>&to=<id>`: `to` defaults to the snapshot being read, `from` to the
    /// one read before it. With nothing to compare (a pinned reader, no earlier snapshot) the
    /// answer is 200 with `"diff": null` and a `reason`, so the reader can say so.
    pub(super) fn diff(&self, query: &str) -> Response {
        let library = &self.state().library;
        let param = |name: &str| query_param(query, name).filter(|v| !v.trim().is_empty());
        let to = param("to").unwrap_or_else(|| library.active_id());
        let nothing = |reason: &str| {
            Response::json(
                200,
                &json!({ "from_id": null, "to_id": to, "diff": null, "reason": reason }),
            )
        };
        if !library.is_switchable() {
            return nothing("This reader was opened on one snapshot (--bundle), so there is nothing to compare it with.");
        }
        let Some(from) = param("from").or_else(|| library.previous_id()) else {
            return nothing("You have read no other snapshot in this app yet. Install a newer one (Open snapshot…) or compare two installed snapshots below.");
        };
        match library.diff(&from, &to) {
            Ok(outcome) => Response::json(
                200,
                &json!({ "from_id": from, "to_id": to, "diff": outcome.diff, "reason": null }),
            ),
            Err(e) => error_response(&e),
        }
    }
}

//! The user's bookmarks: `/api/bookmarks` (list, add, change, delete), export and import.

use std::path::{Path, PathBuf};

use serde_json::json;

use palette_docs_core::bookmarks::{self, BookmarkStore, NewBookmark};

use super::{error_response, query_param, Api, Request, Response};

impl Api {
    pub(super) fn bookmarks(&self, req: &Request<'_>, id: &str) -> Response {
        let store = match &self.state().bookmarks {
            Ok(store) => store,
            Err(why) => return Response::error(503, why),
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
                let lib = self.snapshot();
                bookmarks::mark_missing(&mut list, |route, anchor| {
                    lib.anchor_exists(route, anchor)
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
                        Err(e) => return error_response(&e),
                    }
                }
                if let Some(position) = change.position {
                    match store.move_to(id, position) {
                        Ok(list) => answer = list.into_iter().find(|b| b.id == id),
                        Err(e) => return error_response(&e),
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
        result.unwrap_or_else(|e| error_response(&e))
    }
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
        Err(e) => error_response(&e),
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
        Err(e) => error_response(&e),
    }
}

/// Whether an import error is about the uploaded file rather than the store's own.
fn names_upload(e: &palette_docs_core::Error, source: &Path) -> bool {
    match e {
        palette_docs_core::Error::BookmarksTooNew { path, .. }
        | palette_docs_core::Error::BookmarksFile { path, .. } => path == source,
        _ => false,
    }
}

//! The library of snapshots over HTTP: `/api/snapshots` (list, switch, remove, install). What each
//! does lives in `palette_docs_core::library::Library`; this module only reads requests and writes answers.

use palette_docs_core::bundle::format::SnapshotInfo;
use palette_docs_core::bundle::pack;
use palette_docs_core::library::{Removed, DEFAULT_ID};
use serde_json::json;

use super::{error_response, query_param, Api, Request, Response};

impl Api {
    /// `GET /api/snapshots`, `POST /api/snapshots/active`, `POST /api/snapshots/install`,
    /// `DELETE /api/snapshots/<id>`.
    pub(super) fn snapshots(&self, req: &Request<'_>, rest: &str) -> Response {
        let library = &self.state().library;
        if !library.is_switchable() {
            // A reader pinned to one folder (`--bundle`) has nothing to switch to: an empty library.
            if matches!(req.method, "GET" | "HEAD") && rest.is_empty() {
                return Response::json(200, &json!({ "active": null, "snapshots": [] }));
            }
            return Response::error(404, "this reader offers only one snapshot");
        }
        match (req.method, rest) {
            ("GET" | "HEAD", "") => match library.list() {
                Ok(list) => Response::json(
                    200,
                    &json!({
                        "active": library.active_id(),
                        "snapshots": list
                            .iter()
                            .map(|s| snapshot_entry(&s.id, &s.snapshot, s.default))
                            .collect::<Vec<_>>(),
                        "max_install_bytes": pack::MAX_PACK_BYTES,
                    }),
                ),
                Err(e) => error_response(&e),
            },
            ("POST", "active") => {
                #[derive(serde::Deserialize)]
                struct Choice {
                    id: String,
                }
                let choice = match serde_json::from_slice::<Choice>(req.body) {
                    Ok(c) => c,
                    Err(e) => {
                        return Response::error(400, &format!("send `{{\"id\": \"...\"}}`: {e}"))
                    }
                };
                match library.switch(&choice.id) {
                    Ok((snapshot, notice)) => Response::json(
                        200,
                        &json!({ "active": choice.id, "snapshot": snapshot.snapshot_json(), "notice": notice }),
                    ),
                    Err(e) => error_response(&e),
                }
            }
            ("POST", "install") => self.install_snapshot(req),
            ("DELETE", id) if !id.is_empty() && !matches!(id, "active" | "install") => {
                match library.remove(id) {
                    Ok(Removed::Other) => Response::new(204, "application/json", Vec::new()),
                    Ok(Removed::SwitchedToDefault(snapshot)) => Response::json(
                        200,
                        &json!({ "active": DEFAULT_ID, "snapshot": snapshot.snapshot_json() }),
                    ),
                    Err(e) => error_response(&e),
                }
            }
            (_, "") => Response::method_not_allowed("GET"),
            (_, "active" | "install") => Response::method_not_allowed("POST"),
            _ => Response::method_not_allowed("DELETE"),
        }
    }

    /// `POST /api/snapshots/install?name=<file name>`: the same checks as `bundle install` (the archive's
    /// entries while unpacking, then the signature and every file's hash), nothing kept on failure. The
    /// body's size is bounded before this by [`body_limit`](super::body_limit).
    fn install_snapshot(&self, req: &Request<'_>) -> Response {
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
        match self.state().library.install(req.body, &label) {
            Ok(s) => Response::json(201, &snapshot_entry(&s.id, &s.snapshot, false)),
            Err(e) => error_response(&e),
        }
    }
}

/// A file name as the user knows it: the last path segment, without control characters, bounded.
fn display_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    base.chars().filter(|c| !c.is_control()).take(120).collect()
}

fn snapshot_entry(id: &str, s: &SnapshotInfo, default: bool) -> serde_json::Value {
    json!({
        "id": id,
        "name": s.name,
        "version": s.version,
        "date": s.date,
        "edition": s.edition,
        "default": default,
    })
}

//! The library of snapshots: `/api/snapshots` (list, switch, remove, install).

use std::path::PathBuf;

use serde_json::json;

use crate::bundle::{pack, TrustStore};

use super::{query_param, Api, Library, Request, Response};

/// What switching snapshots needs: the packaged bundle, the library folder and the keys to trust.
#[derive(Debug, Clone)]
pub(super) struct SnapshotPlaces {
    pub(super) default_dir: PathBuf,
    pub(super) library_dir: PathBuf,
    pub(super) trust: TrustStore,
}

impl Api {
    /// `GET /api/snapshots`, `POST /api/snapshots/active`, `POST /api/snapshots/install`,
    /// `DELETE /api/snapshots/<id>`.
    pub(super) fn snapshots(&self, req: &Request<'_>, rest: &str) -> Response {
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
        let mut active = crate::sync::write(&self.active);
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
        let mut active = crate::sync::write(&self.active);
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
/// body's size is bounded before this by [`body_limit`](super::body_limit).
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

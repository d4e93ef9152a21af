//! Where the user left off, the recently viewed pages and the reader's installation: `/api/state`.

use serde_json::json;

use super::http::MAX_PATH;
use super::{error_response, Api, Request, Response};
use palette_docs_core::advisories::Installation;

impl Api {
    /// `GET /api/state`, `POST /api/state/visit`, `PUT /api/state/position`, `DELETE /api/state/recent`,
    /// and `GET|PUT|DELETE /api/state/installation` (see [`installation`]).
    pub(super) fn reading_state(&self, req: &Request<'_>, rest: &str) -> Response {
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
        let store = match &self.state().reading_state {
            Ok(store) => store,
            Err(why) => return Response::error(503, why),
        };
        if rest == "installation" {
            return installation(req, store);
        }
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
                    "installation": state.installation,
                    "notice": store.take_notice(),
                }),
            ),
            Err(e) => error_response(&e),
        }
    }
}

/// `GET` answers `{ "installation": { "edition", "version" } | null }`; `PUT` with that object keeps it
/// (the edition's full name in any case, the version as numbers with dots; anything else → 400 with the
/// sentence saying what to write); `DELETE` forgets it. Each answers the same shape.
fn installation(req: &Request<'_>, store: &palette_docs_core::bookmarks::StateStore) -> Response {
    #[derive(serde::Deserialize)]
    struct Body {
        edition: String,
        version: String,
    }
    let result = match req.method {
        "GET" | "HEAD" => store.get(),
        "PUT" => match serde_json::from_slice::<Body>(req.body) {
            Ok(b) => match Installation::parse(&b.edition, &b.version) {
                Ok(i) => store.set_installation(Some(i)),
                Err(e) => return error_response(&e),
            },
            Err(e) => {
                return Response::error(
                    400,
                    &format!("send `{{\"edition\", \"version\"}}`, e.g. {{\"edition\": \"Palette VerteX airgap\", \"version\": \"4.5.8\"}}: {e}"),
                )
            }
        },
        "DELETE" => store.set_installation(None),
        _ => return Response::method_not_allowed("GET, PUT, DELETE"),
    };
    match result {
        Ok(state) => Response::json(200, &json!({ "installation": state.installation })),
        Err(e) => error_response(&e),
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

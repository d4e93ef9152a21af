//! Reading the docs: `GET /api/nav`, `/api/page/<route>`, `/api/search` and `/api/tags`.

use serde_json::json;

use super::{query_param, Api, Response};
use palette_docs_core::advisories::{self, search::AdvisoryTerms, Advisory};

/// Most results one search may ask for.
const MAX_LIMIT: usize = 50;

impl Api {
    /// `GET /api/nav`.
    pub(super) fn nav(&self) -> Response {
        let lib = self.snapshot();
        Response::json(
            200,
            &json!({ "items": lib.bundle.nav.items, "snapshot": lib.snapshot_json() }),
        )
    }

    /// `GET /api/page/<route>`.
    pub(super) fn page(&self, rest: &str) -> Response {
        match self.snapshot().bundle.page_json(rest) {
            Some(bytes) => Response::new(200, "application/json", bytes.to_vec()),
            None => Response::error(404, &format!("no page /{rest} in this snapshot")),
        }
    }

    /// `GET /api/search?q=<query>&limit=<n>`.
    pub(super) fn search(&self, query: &str) -> Response {
        let q = query_param(query, "q").unwrap_or_default();
        let limit = query_param(query, "limit")
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(20)
            .clamp(1, MAX_LIMIT);
        let lib = self.snapshot();
        if AdvisoryTerms::extract(&q).is_none() {
            return Response::json(200, &lib.searcher.search(&q, limit));
        }
        // `status:`, `severity:`, `edition:` and `version:` keep the advisories that pass them.
        let records = match advisories::from_bundle(&lib.bundle) {
            Ok(r) => r,
            Err(e) => return Response::error(500, &e.to_string()),
        };
        let trail = |a: &Advisory| -> Vec<String> {
            #[derive(serde::Deserialize)]
            struct Crumb {
                label: String,
            }
            #[derive(serde::Deserialize)]
            struct Page {
                #[serde(default)]
                breadcrumbs: Vec<Crumb>,
            }
            let page = lib
                .bundle
                .page_json(&a.route)
                .and_then(|b| serde_json::from_slice::<Page>(&b).ok());
            let mut labels: Vec<String> = page
                .map(|p| p.breadcrumbs.into_iter().map(|c| c.label).collect())
                .unwrap_or_default();
            // The page's own crumb is its title, which a hit shows already.
            if labels.last() == Some(&a.id) {
                labels.pop();
            }
            labels
        };
        Response::json(
            200,
            &advisories::search::search(&lib.searcher, &records, &q, limit, trail),
        )
    }

    /// `GET /api/tags`, `GET /api/tags/<tag>`.
    pub(super) fn tags(&self, tag: &str) -> Response {
        let lib = self.snapshot();
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
}

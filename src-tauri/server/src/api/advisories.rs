//! `GET /api/advisories` (the snapshot's advisory records, filtered by `edition`, `version`, `status`
//! and `min_score`, with the editions and versions they name) and `GET /api/advisories/<id>`.

use serde_json::json;

use super::{query_param, Api, Response};
use palette_docs_core::advisories::{self, Filter};

impl Api {
    pub(super) fn advisories(&self, rest: &str, query: &str) -> Response {
        let lib = self.snapshot();
        let records = match advisories::from_bundle(&lib.bundle) {
            Ok(r) => r,
            Err(e) => return Response::error(500, &e.to_string()),
        };
        let id = rest.trim_matches('/');
        if !id.is_empty() {
            return match advisories::find(&records, id) {
                Some(a) => Response::json(200, a),
                None => Response::error(404, &format!("this snapshot has no advisory `{id}`")),
            };
        }
        let param = |name: &str| query_param(query, name).filter(|v| !v.trim().is_empty());
        let filter = match Filter::parse(
            param("edition").as_deref(),
            param("version").as_deref(),
            param("status").as_deref(),
            param("min_score").as_deref(),
        ) {
            Ok(f) => f,
            Err(e) => return Response::error(400, &e.to_string()),
        };
        let mut editions: Vec<&str> = records
            .iter()
            .flat_map(|a| a.affected.iter().map(|x| x.product.as_str()))
            .collect();
        editions.sort();
        editions.dedup();
        let mut versions: Vec<&str> = records
            .iter()
            .flat_map(|a| a.affected.iter().map(|x| x.version.as_str()))
            .collect();
        versions.sort_by_key(|v| {
            v.split('.')
                .map(|p| p.parse::<u64>().unwrap_or(0))
                .collect::<Vec<_>>()
        });
        versions.dedup();
        let chosen = filter.apply(&records);
        Response::json(
            200,
            &json!({
                "count": chosen.len(),
                "total": records.len(),
                "editions": editions,
                "versions": versions,
                "advisories": chosen,
            }),
        )
    }
}

//! `index.html` with the answers its first page needs: `/api/nav`, `/api/snapshot`, `/api/state` (not in
//! team mode) and the first page itself, in a `<script type="application/json" id="first-answers">` block
//! the UI reads once instead of asking (`ui/js/api.js`). The first paint then waits on no request: at
//! the `/` of a fresh start those were three requests one after another (the state says which page).
//! A data block is not a script: the CSP, which runs no inline script, is unchanged.

use serde_json::{json, Map, Value};

use super::{Api, Request};

/// The page the reader opens when there is no position to go back to (`LANDING` in `ui/js/app.js`).
pub const LANDING_ROUTE: &str = "/security/";

/// The API paths carried, in the form the UI asks for them.
const CARRIED: [&str; 3] = ["/api/nav", "/api/snapshot", "/api/state"];

impl Api {
    /// `index` (the `index.html` file) as served for `path`, with the first answers in its head.
    pub(super) fn shell(&self, index: &[u8], path: &str) -> Vec<u8> {
        let Some(at) = find(index, b"</head>") else {
            return index.to_vec();
        };
        let answers = self.first_answers(path).to_string();
        // Inside a script element only `</script` (and `<!--`) could end it: no `<` is left in the JSON.
        let block = format!(
            "<script type=\"application/json\" id=\"first-answers\">{}</script>\n",
            answers.replace('<', "\\u003c")
        );
        let mut out = Vec::with_capacity(index.len() + block.len());
        out.extend_from_slice(&index[..at]);
        out.extend_from_slice(block.as_bytes());
        out.extend_from_slice(&index[at..]);
        out
    }

    /// `{ "answers": { "/api/nav": …, … }, "pages": { "<route>": page } }`; what fails is left out (the UI
    /// then asks as usual and says what is wrong).
    fn first_answers(&self, path: &str) -> Value {
        let mut answers = Map::new();
        for api_path in CARRIED {
            let response = self.handle(&Request::get(api_path));
            if response.status == 200 {
                if let Ok(value) = serde_json::from_slice::<Value>(&response.body) {
                    answers.insert(api_path.to_string(), value);
                }
            }
        }
        let route = match path.trim_matches('/') {
            "" => answers
                .get("/api/state")
                .and_then(|s| s["last_route"].as_str())
                .unwrap_or(LANDING_ROUTE)
                .to_string(),
            trimmed => format!("/{trimmed}/"),
        };
        let mut pages = Map::new();
        if let Some(page) = self.snapshot().bundle.page_json(&route) {
            if let Ok(value) = serde_json::from_slice::<Value>(&page) {
                pages.insert(route, value);
            }
        }
        json!({ "answers": answers, "pages": pages })
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

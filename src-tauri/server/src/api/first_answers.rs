//! `index.html` with the answers its first page needs: `/api/nav`, `/api/snapshot`, `/api/state` and
//! `/api/state/installation` (not in team mode; the landing page's banner reads the installation) and
//! the first page itself, in a `<script type="application/json" id="first-answers">` block
//! the UI reads once instead of asking (`ui/js/api.js`). The first paint then waits on no request: at
//! the `/` of a fresh start those were three requests one after another (the state says which page).
//! A data block is not a script: the CSP, which runs no inline script, is unchanged.

use std::sync::{Arc, Mutex, Weak};

use serde_json::Value;

use super::{Api, OpenSnapshot, Request};

/// The page the reader opens when there is no position to go back to (`LANDING` in `ui/js/app.js`).
pub const LANDING_ROUTE: &str = "/security/";

/// The API paths whose answer depends only on the open snapshot, made once per snapshot.
const PER_SNAPSHOT: [&str; 2] = ["/api/nav", "/api/snapshot"];

/// The reader's own answers, asked for each time: the reading state (which says where the reader
/// left off) and the installation.
const READING_STATE: &str = "/api/state";
const INSTALLATION: &str = "/api/state/installation";

/// Members of the answers object, already JSON, and the snapshot they were made for.
type MadeFor = (Weak<OpenSnapshot>, Arc<[u8]>);

/// The `PER_SNAPSHOT` members, kept for the snapshot they were made for (a switch makes them again).
#[derive(Default)]
pub(super) struct SnapshotAnswers(Mutex<Option<MadeFor>>);

impl Api {
    /// `index` (the `index.html` file) as served for `path`, with the first answers in its head.
    pub(super) fn shell(&self, index: &[u8], path: &str) -> Vec<u8> {
        let Some(at) = find(index, b"</head>") else {
            return index.to_vec();
        };
        const OPEN: &[u8] = b"<script type=\"application/json\" id=\"first-answers\">";
        const CLOSE: &[u8] = b"</script>\n";
        let answers = self.first_answers(path);
        let mut out = Vec::with_capacity(index.len() + OPEN.len() + answers.len() + CLOSE.len());
        out.extend_from_slice(&index[..at]);
        out.extend_from_slice(OPEN);
        // Inside a script element only `</script` (and `<!--`) could end it: no `<` is left in the JSON
        // (in JSON a `<` can only be inside a string, where `\u003c` reads the same).
        for (i, part) in answers.split(|&b| b == b'<').enumerate() {
            if i > 0 {
                out.extend_from_slice(b"\\u003c");
            }
            out.extend_from_slice(part);
        }
        out.extend_from_slice(CLOSE);
        out.extend_from_slice(&index[at..]);
        out
    }

    /// `{ "answers": { "/api/nav": …, … }, "pages": { "<route>": page } }`, put together from the API's
    /// own JSON bytes (nothing parsed again but the reading state's route); what fails is left out (the
    /// UI then asks as usual and says what is wrong).
    fn first_answers(&self, path: &str) -> Vec<u8> {
        let mut members = self.snapshot_members().to_vec();
        let mut last_route = None;
        for api_path in [READING_STATE, INSTALLATION] {
            let answer = self.handle(&Request::get(api_path));
            if answer.status != 200 || !answer.content_type.starts_with("application/json") {
                continue;
            }
            if api_path == READING_STATE {
                #[derive(serde::Deserialize)]
                struct Position {
                    last_route: Option<String>,
                }
                last_route = serde_json::from_slice::<Position>(&answer.body)
                    .ok()
                    .and_then(|p| p.last_route);
            }
            push_member(&mut members, api_path, &answer.body);
        }
        let mut out = b"{\"answers\":{".to_vec();
        // Each member was written with a leading comma.
        out.extend_from_slice(members.strip_prefix(b",").unwrap_or(&members));
        out.extend_from_slice(b"},\"pages\":{");
        let route = match path.trim_matches('/') {
            "" => last_route.unwrap_or_else(|| LANDING_ROUTE.to_string()),
            trimmed => format!("/{trimmed}/"),
        };
        if let Some(page) = self.snapshot().bundle.page_json(&route) {
            let mut page_member = Vec::with_capacity(page.len() + route.len() + 4);
            push_member(&mut page_member, &route, &page);
            out.extend_from_slice(&page_member[1..]);
        }
        out.extend_from_slice(b"}}");
        out
    }

    /// `,"/api/nav":…,"/api/snapshot":…` for the open snapshot, made on the first request after it
    /// was opened.
    fn snapshot_members(&self) -> Arc<[u8]> {
        let snapshot = self.snapshot();
        let mut kept = palette_docs_core::sync::lock(&self.snapshot_answers.0);
        if let Some((made_for, members)) = kept.as_ref() {
            if made_for
                .upgrade()
                .is_some_and(|s| Arc::ptr_eq(&s, &snapshot))
            {
                return Arc::clone(members);
            }
        }
        let mut members = Vec::new();
        for api_path in PER_SNAPSHOT {
            let response = self.handle(&Request::get(api_path));
            if response.status == 200 && response.content_type.starts_with("application/json") {
                push_member(&mut members, api_path, &response.body);
            }
        }
        let members: Arc<[u8]> = members.into();
        *kept = Some((Arc::downgrade(&snapshot), Arc::clone(&members)));
        members
    }
}

/// `,"key":value` with `value` already JSON.
fn push_member(out: &mut Vec<u8>, key: &str, value: &[u8]) {
    out.push(b',');
    out.extend_from_slice(Value::String(key.to_string()).to_string().as_bytes());
    out.push(b':');
    out.extend_from_slice(value);
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

//! Advisory filters in the search box: `status:ongoing`, `severity:critical`, `edition:"vertex airgap"` and
//! `version:4.5.8` keep the advisories that pass them (edition and version read as [`Filter`] reads them);
//! the rest of the query ranks those advisories as any search does, and with no other words the
//! advisories that pass are listed, most severe first. Like the rest of the query syntax this never
//! fails: a value that cannot match (`version:4.x`) simply finds nothing.

use std::collections::HashSet;

use super::page::description;
use super::record::Advisory;
use super::Filter;
use crate::html::escape;
use crate::search::{Hit, SearchResults, Searcher};

/// The filter words this module reads, lowercase.
const KEYS: [&str; 4] = ["status", "severity", "edition", "version"];
/// How many hits of the text search are read before the filter keeps some (the searcher's own cap).
const CANDIDATES: usize = 100;

/// The advisory filters of a query, and the query without them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdvisoryTerms {
    /// The rest of the query, as typed (other filters, phrases and words untouched).
    pub rest: String,
    /// The filter words as typed, to be written back after a corrected query.
    pub typed: Vec<String>,
    pub filter: Filter,
    pub severity: Option<String>,
}

impl AdvisoryTerms {
    /// Reads the advisory filters out of `query`; `None` when it has none.
    pub fn extract(query: &str) -> Option<AdvisoryTerms> {
        let mut terms = AdvisoryTerms::default();
        let mut found = false;
        let mut in_quote = false;
        let mut i = 0;
        while i < query.len() {
            let Some(c) = query[i..].chars().next() else {
                break;
            };
            let at_token_start = !in_quote
                && (i == 0 || query[..i].ends_with(char::is_whitespace))
                && !c.is_whitespace();
            if at_token_start {
                if let Some((key, value, end)) = filter_at(query, i) {
                    found = true;
                    terms.typed.push(query[i..end].to_string());
                    terms.set(&key, value);
                    i = end;
                    continue;
                }
            }
            if c == '"' {
                in_quote = !in_quote;
            }
            terms.rest.push(c);
            i += c.len_utf8();
        }
        terms.rest = terms.rest.split_whitespace().collect::<Vec<_>>().join(" ");
        found.then_some(terms)
    }

    fn set(&mut self, key: &str, value: &str) {
        let value = value.trim();
        match key {
            "status" => self.filter.status = Some(value.to_lowercase()),
            "severity" => self.severity = Some(value.to_lowercase()),
            "edition" => self.filter.edition = Some(value.to_string()),
            _ => {
                self.filter.version = Some(value.trim_start_matches(['v', 'V']).to_string());
            }
        }
    }

    /// Whether `a` passes every filter word.
    pub fn matches(&self, a: &Advisory) -> bool {
        self.filter.matches(a)
            && match self.severity.as_deref() {
                Some(s) => a.severity.is_some_and(|b| b.as_str() == s),
                None => true,
            }
    }
}

/// `key:value` or `key:"a value"` at byte `i` for one of [`KEYS`]: (key, value, end of the term).
fn filter_at(query: &str, i: usize) -> Option<(String, &str, usize)> {
    let (key, after) = query[i..].split_once(':')?;
    let key = key.to_ascii_lowercase();
    if !KEYS.contains(&key.as_str()) {
        return None;
    }
    let start = i + key.len() + 1;
    if let Some(quoted) = after.strip_prefix('"') {
        return Some(match quoted.find('"') {
            Some(close) => (key, &quoted[..close], start + 1 + close + 1),
            None => (key, quoted, query.len()),
        });
    }
    let len = after.find(char::is_whitespace).unwrap_or(after.len());
    (len > 0).then(|| (key, &after[..len], start + len))
}

/// The search box's answer when the query may hold advisory filters: without any, the searcher's
/// answer; with some, only advisory pages that pass them. `trail` gives the breadcrumbs of an
/// advisory's page for the hits listed without a text search.
pub fn search(
    searcher: &Searcher,
    records: &[Advisory],
    query: &str,
    limit: usize,
    trail: impl Fn(&Advisory) -> Vec<String>,
) -> SearchResults {
    let Some(terms) = AdvisoryTerms::extract(query) else {
        return searcher.search(query, limit);
    };
    let passing: Vec<&Advisory> = records.iter().filter(|a| terms.matches(a)).collect();
    if terms.rest.is_empty() {
        let mut listed = passing;
        listed.sort_by(|a, b| {
            b.score
                .unwrap_or(-1.0)
                .total_cmp(&a.score.unwrap_or(-1.0))
                .then_with(|| a.id.cmp(&b.id))
        });
        return SearchResults {
            query: query.to_string(),
            corrected: None,
            results: listed
                .into_iter()
                .take(limit)
                .map(|a| Hit {
                    route: a.route.clone(),
                    anchor: None,
                    page_title: a.id.clone(),
                    section: None,
                    breadcrumbs: trail(a),
                    snippet_html: escape(&description(a)),
                    more: Vec::new(),
                })
                .collect(),
        };
    }
    let routes: HashSet<&str> = passing.iter().map(|a| a.route.as_str()).collect();
    let mut found = searcher.search(&terms.rest, CANDIDATES);
    found.results.retain(|h| routes.contains(h.route.as_str()));
    found.results.truncate(limit);
    found.query = query.to_string();
    found.corrected = found
        .corrected
        .map(|c| format!("{c} {}", terms.typed.join(" ")));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisories::record::{Affected, Facts};

    #[test]
    fn filter_words_are_read_out_of_the_query_and_the_rest_is_kept() {
        let t = AdvisoryTerms::extract(
            r#"Status:Ongoing severity:critical edition:"vertex airgap" version:v4.5.8 mongo "exact phrase" tag:cve"#,
        )
        .expect("filters");
        assert_eq!(t.rest, r#"mongo "exact phrase" tag:cve"#);
        assert_eq!(t.filter.status.as_deref(), Some("ongoing"));
        assert_eq!(t.severity.as_deref(), Some("critical"));
        assert_eq!(t.filter.edition.as_deref(), Some("vertex airgap"));
        assert_eq!(t.filter.version.as_deref(), Some("4.5.8"));
        assert_eq!(
            t.typed,
            [
                "Status:Ongoing",
                "severity:critical",
                r#"edition:"vertex airgap""#,
                "version:v4.5.8"
            ]
        );
        assert_eq!(AdvisoryTerms::extract("openssl tag:cve in:x"), None);
        assert_eq!(
            AdvisoryTerms::extract(r#""status:ongoing is quoted""#),
            None,
            "inside a phrase it is text"
        );
        assert_eq!(
            AdvisoryTerms::extract("status: x"),
            None,
            "an empty value is text"
        );
        let open = AdvisoryTerms::extract(r#"edition:"palette vertex"#).expect("unclosed");
        assert_eq!(open.filter.edition.as_deref(), Some("palette vertex"));
        assert_eq!(open.rest, "");
    }

    #[test]
    fn an_advisory_passes_when_every_filter_word_matches() {
        let a = Advisory::new(
            Facts {
                id: "CVE-2031-0001".into(),
                score: Some(9.1),
                status: Some("ongoing".into()),
                first_published: None,
                last_update: None,
                component: None,
                affected: vec![Affected {
                    product: "Palette VerteX airgap".into(),
                    version: "9.9.1".into(),
                }],
                revisions: vec![],
                url: None,
                writeups: vec![],
                source: "x".into(),
            },
            None,
        );
        let passes = |q: &str| AdvisoryTerms::extract(q).expect("filters").matches(&a);
        assert!(passes(
            r#"status:ongoing severity:critical edition:"vertex airgap""#
        ));
        assert!(passes("version:9.9.1 edition:vertex"));
        assert!(!passes(r#"edition:"Palette VerteX" version:9.9.1"#));
        assert!(!passes("severity:high"));
        assert!(
            !passes("version:4.x"),
            "a value that cannot match finds nothing"
        );
        assert!(!passes("status:resolved"));
    }
}

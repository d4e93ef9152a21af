//! Snippets: the densest window of a section's text around the matched terms, HTML-escaped, with `<mark>`.
//!
//! Written here rather than with tantivy's `SnippetGenerator` because our matches come from several
//! fields (exact, stemmed, prefix expansions) and the escaping rule must be ours: everything escaped
//! except the highlight marks.

use crate::html::escape_into;
use std::collections::HashSet;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use super::query::truncate;
use super::tokenizer::{exact_analyzer, Normalizer};

/// Target snippet length in bytes of source text.
const WINDOW: usize = 180;
/// Only this much of a long section is scanned for matches.
const SCAN_LIMIT: usize = 16 * 1024;

/// What counts as a match in a snippet, collected from the executed query.
#[derive(Clone, Default, Debug)]
pub(crate) struct Highlight {
    pub exact: HashSet<String>,
    pub stems: HashSet<String>,
    pub prefixes: Vec<String>,
}

/// Analyzers reused across the snippets of one search.
pub(crate) struct Snippeter {
    exact: TextAnalyzer,
    norm: Normalizer,
}

impl Default for Snippeter {
    fn default() -> Self {
        Snippeter {
            exact: exact_analyzer(),
            norm: Normalizer::default(),
        }
    }
}

impl Snippeter {
    /// HTML for a snippet of `body`: escaped text, matched terms wrapped in `<mark>`.
    pub fn snippet_html(&mut self, body: &str, hl: &Highlight) -> String {
        let scanned = truncate(body, SCAN_LIMIT);
        // Stemming every token of every hit's text dominated query time; a stem shares its first
        // letters with the word, so only tokens starting like some stem are stemmed at all.
        let heads: Vec<&str> = hl.stems.iter().map(|s| truncate(s, 3)).collect();
        let mut spans: Vec<(usize, usize, String)> = Vec::new();
        let mut stream = self.exact.token_stream(scanned);
        while stream.advance() {
            let t = stream.token();
            let hit = hl.exact.contains(&t.text)
                || hl.prefixes.iter().any(|p| t.text.starts_with(p.as_str()))
                || (heads.iter().any(|h| t.text.starts_with(h))
                    && hl.stems.contains(&self.norm.stem(&t.text)));
            if hit {
                spans.push((t.offset_from, t.offset_to, t.text.clone()));
            }
        }
        spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
        let spans = merge(spans);
        let (start, end) = window(body, &spans);
        render(body, start, end, &spans)
    }
}

/// Merges overlapping spans (a compound and its parts), keeping the outermost.
fn merge(spans: Vec<(usize, usize, String)>) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.0 < last.1 => last.1 = last.1.max(s.1),
            _ => out.push(s),
        }
    }
    out
}

/// Picks the window (byte range of `body`) holding the most distinct matched terms.
fn window(body: &str, spans: &[(usize, usize, String)]) -> (usize, usize) {
    let mut best_start = 0;
    let mut best_score = 0;
    for (i, s) in spans.iter().enumerate() {
        // Some context before the first match, but never a window running past the end of the text.
        let ws =
            s.0.saturating_sub(WINDOW / 6)
                .min(body.len().saturating_sub(WINDOW));
        let mut distinct: HashSet<&str> = HashSet::new();
        for t in spans[i..].iter().take_while(|t| t.1 <= ws + WINDOW) {
            distinct.insert(t.2.as_str());
        }
        if distinct.len() > best_score {
            best_score = distinct.len();
            best_start = ws;
        }
    }
    let mut start = floor_boundary(body, best_start);
    if start > 0 {
        // Start on a word: skip to just after the previous whitespace within a few bytes.
        if let Some(ws) = body[..start].rfind(char::is_whitespace) {
            if start - ws < 24 {
                start = ws + 1;
            }
        }
    }
    let mut end = floor_boundary(body, (start + WINDOW).min(body.len()));
    if end < body.len() {
        if let Some(ws) = body[start..end].rfind(char::is_whitespace) {
            if ws > WINDOW / 2 {
                end = start + ws;
            }
        }
    }
    (start, end)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn render(body: &str, start: usize, end: usize, spans: &[(usize, usize, String)]) -> String {
    let mut out = String::with_capacity(end - start + 64);
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for &(s, e, _) in spans {
        if s < start || e > end {
            continue;
        }
        escape_into(&mut out, &body[at..s]);
        out.push_str("<mark>");
        escape_into(&mut out, &body[s..e]);
        out.push_str("</mark>");
        at = e;
    }
    escape_into(&mut out, &body[at..end]);
    if end < body.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(exact: &[&str], stems: &[&str]) -> Highlight {
        Highlight {
            exact: exact.iter().map(|s| s.to_string()).collect(),
            stems: stems.iter().map(|s| s.to_string()).collect(),
            prefixes: Vec::new(),
        }
    }

    #[test]
    fn marks_matches_and_escapes_everything_else() {
        let mut s = Snippeter::default();
        let html = s.snippet_html(
            "Use <script>alert(1)</script> & encrypt data",
            &hl(&["data"], &["encrypt"]),
        );
        assert_eq!(
            html,
            "Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>encrypt</mark> <mark>data</mark>"
        );
    }

    #[test]
    fn compounds_are_marked_once() {
        let mut s = Snippeter::default();
        let html = s.snippet_html(
            "Fixed CVE-2023-39323 today.",
            &hl(&["cve-2023-39323", "39323"], &[]),
        );
        assert_eq!(html, "Fixed <mark>CVE-2023-39323</mark> today.");
    }

    #[test]
    fn long_text_is_windowed_around_matches() {
        let mut s = Snippeter::default();
        let body = format!("{} needle {}", "filler ".repeat(100), "tail ".repeat(100));
        let html = s.snippet_html(&body, &hl(&["needle"], &[]));
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>needle</mark>"));
        assert!(html.len() < 260);
    }

    #[test]
    fn no_match_gives_the_start_of_the_text() {
        let mut s = Snippeter::default();
        let html = s.snippet_html("Short text.", &hl(&[], &[]));
        assert_eq!(html, "Short text.");
    }
}

//! Snippets: the densest window of a section's text around the matched terms, HTML-escaped, with `<mark>`.
//!
//! Written here rather than with tantivy's `SnippetGenerator` because our matches come from several
//! fields (exact, stemmed, prefix expansions) and the escaping rule must be ours: everything escaped
//! except the highlight marks.

use rustc_hash::FxHashMap;

use crate::html::escape_into;

use super::prepared::{term_keys, PreparedText};
use super::query::truncate;
use super::tokenizer::Normalizer;

/// Target snippet length in bytes of source text.
const WINDOW: usize = 180;

/// What counts as a match in a snippet, collected from the executed query.
///
/// Lists rather than hash sets: a query has a handful of terms, and comparing a token against a few
/// strings (most differ in the first byte) is cheaper than hashing every token of every snippet.
#[derive(Clone, Default, Debug)]
pub(crate) struct Highlight {
    pub exact: Vec<String>,
    pub stems: Vec<String>,
    pub prefixes: Vec<String>,
}

impl Highlight {
    /// Adds a term to a list unless it is there already.
    pub fn add(list: &mut Vec<String>, term: &str) {
        if !list.iter().any(|t| t == term) {
            list.push(term.to_string());
        }
    }
}

/// Makes the snippets of one search: its highlight, with what is derived from it once, and buffers.
pub(crate) struct Snippeter {
    hl: Highlight,
    /// How each stem's words begin: stemming drops endings and changes at most the last letter of
    /// what is left (`policy` → `polici`), so all of the stem but its last letter, and at least three
    /// letters. Only tokens beginning so are stemmed: stemming every token was costly.
    heads: Vec<String>,
    /// The token keys (see `prepared::term_keys`) of tokens that can match.
    keys: Vec<(u16, u16)>,
    norm: Normalizer,
    buffer: Vec<(usize, usize)>,
    /// Stems of the tokens stemmed so far: the sections of one search share most of their words.
    stems: FxHashMap<String, String>,
}

impl Snippeter {
    pub fn new(hl: Highlight) -> Snippeter {
        let heads: Vec<String> = hl
            .stems
            .iter()
            .map(|s| {
                let keep = s.len().saturating_sub(1).max(3);
                truncate(s, keep).to_string()
            })
            .collect();
        let mut keys: Vec<(u16, u16)> = hl
            .exact
            .iter()
            .chain(&hl.prefixes)
            .chain(&heads)
            .map(|t| term_keys(t))
            .collect();
        keys.sort_unstable();
        // Merge overlapping ranges, so that no token is offered twice.
        let mut merged: Vec<(u16, u16)> = Vec::with_capacity(keys.len());
        for (lo, hi) in keys {
            match merged.last_mut() {
                Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        Snippeter {
            hl,
            heads,
            keys: merged,
            norm: Normalizer::default(),
            buffer: Vec::new(),
            stems: FxHashMap::default(),
        }
    }
}

/// The stem of `token`, remembered in `stems`.
fn stem_of<'a>(
    stems: &'a mut FxHashMap<String, String>,
    norm: &mut Normalizer,
    token: &str,
) -> &'a String {
    if !stems.contains_key(token) {
        stems.insert(token.to_string(), norm.stem(token));
    }
    &stems[token]
}

impl Snippeter {
    /// HTML for a snippet of `body`: escaped text, matched terms wrapped in `<mark>`. `prepared`
    /// is the [`PreparedText`] of `body` when the caller keeps one.
    pub fn snippet_html(&mut self, body: &str, prepared: Option<&PreparedText>) -> String {
        let fresh;
        let prepared = match prepared {
            Some(p) => p,
            None => {
                fresh = PreparedText::new(body, &mut self.norm);
                &fresh
            }
        };
        let (spans, terms) = self.spans(prepared);
        let (start, end) = window(body, &spans, terms);
        render(body, start, end, &spans)
    }

    /// The matched spans of a text as (start, end, term number), merged and in order, and the
    /// number of distinct matched terms.
    fn spans(&mut self, prepared: &PreparedText) -> (Vec<(usize, usize, usize)>, usize) {
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        let mut matched: Vec<String> = Vec::new();
        let Snippeter {
            hl,
            heads,
            keys,
            norm,
            buffer,
            stems,
        } = self;
        prepared.for_each_candidate(keys, buffer, |s, e, t| {
            let hit = hl.exact.iter().any(|x| x == t)
                || hl.prefixes.iter().any(|p| t.starts_with(p.as_str()))
                || (heads.iter().any(|h| t.starts_with(h.as_str()))
                    && hl.stems.contains(stem_of(stems, norm, t)));
            if hit {
                let id = match matched.iter().position(|m| m == t) {
                    Some(id) => id,
                    None => {
                        matched.push(t.to_string());
                        matched.len() - 1
                    }
                };
                spans.push((s, e, id));
            }
        });
        spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
        (merge(spans), matched.len())
    }
}

/// Merges overlapping spans (a compound and its parts), keeping the outermost.
fn merge(spans: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.0 < last.1 => last.1 = last.1.max(s.1),
            _ => out.push(s),
        }
    }
    out
}

/// Picks the window (byte range of `body`) holding the most distinct matched terms; `terms` is the
/// number of distinct terms the spans refer to.
fn window(body: &str, spans: &[(usize, usize, usize)], terms: usize) -> (usize, usize) {
    let mut best_start = 0;
    let mut best_score = 0;
    // seen[term] == i + 1 when the window starting at span i already counted that term.
    let mut seen = vec![0usize; terms];
    for (i, s) in spans.iter().enumerate() {
        // Some context before the first match, but never a window running past the end of the text.
        let ws =
            s.0.saturating_sub(WINDOW / 6)
                .min(body.len().saturating_sub(WINDOW));
        let mut distinct = 0;
        for t in spans[i..].iter().take_while(|t| t.1 <= ws + WINDOW) {
            if seen[t.2] != i + 1 {
                seen[t.2] = i + 1;
                distinct += 1;
            }
        }
        if distinct > best_score {
            best_score = distinct;
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

fn render(body: &str, start: usize, end: usize, spans: &[(usize, usize, usize)]) -> String {
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
        let html = Snippeter::new(hl(&["data"], &["encrypt"]))
            .snippet_html("Use <script>alert(1)</script> & encrypt data", None);
        assert_eq!(
            html,
            "Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>encrypt</mark> <mark>data</mark>"
        );
    }

    #[test]
    fn capitalized_and_accented_words_match_their_folded_terms() {
        let html = Snippeter::new(hl(&["ecole"], &["encrypt"]))
            .snippet_html("Encrypted at the École, not the ecology lab.", None);
        assert_eq!(
            html,
            "<mark>Encrypted</mark> at the <mark>École</mark>, not the ecology lab."
        );
    }

    #[test]
    fn compounds_are_marked_once() {
        let html = Snippeter::new(hl(&["cve-2023-39323", "39323"], &[]))
            .snippet_html("Fixed CVE-2023-39323 today.", None);
        assert_eq!(html, "Fixed <mark>CVE-2023-39323</mark> today.");
    }

    #[test]
    fn long_text_is_windowed_around_matches() {
        let body = format!("{} needle {}", "filler ".repeat(100), "tail ".repeat(100));
        let html = Snippeter::new(hl(&["needle"], &[])).snippet_html(&body, None);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>needle</mark>"));
        assert!(html.len() < 260);
    }

    #[test]
    fn no_match_gives_the_start_of_the_text() {
        let html = Snippeter::new(hl(&[], &[])).snippet_html("Short text.", None);
        assert_eq!(html, "Short text.");
    }
}

//! Full-text search over the bundle's heading sections: index building, lenient queries, grouped results.
//!
//! The bundle builder calls [`build_index`] with one [`SearchDoc`] per heading section of the rendered
//! pages; the app opens the result once with [`Searcher::open`] and answers every keystroke with
//! [`Searcher::search`], which never fails on user input.
//!
//! # Query syntax (for the UI's help)
//!
//! ```text
//! encryption at rest     all words match first, then pages matching some of them
//! encry                  the last word is completed while you type (encryption, encrypted, …)
//! encyption              a misspelt word (4+ letters) is corrected when nothing matches it
//! "FIPS 140-3"           quotes match the exact phrase
//! CVE-2023-39323         ids, versions, flags and file names match as typed
//!                        (also 2023-39323, 39323, 4.7.0, --kubeconfig, us-east-1, key.pem)
//! tag:cve                only pages with this tag
//! in:security-bulletins  only pages under this part of the docs (a path segment or sidebar category)
//! section:"Security Bulletins"   the same, written as the category's name
//! status:ongoing severity:critical edition:"vertex airgap" version:4.5.8
//!                        only advisories that pass (read by `advisories::search` around this searcher)
//! ```
//!
//! Everything else is plain text: `AND`, `OR`, `NOT`, `-word`, `title:` and stray quotes are not
//! operators, so no query can be a syntax error.
//!
//! # Speed layers and the figures they move
//!
//! The plain path is: parse the query (`query`), build one (field, term) clause per word and
//! field, run an all-words then an any-word tantivy search, read each hit's stored fields and cut a
//! snippet from its text. Four layers sit on top of it; each was added for a keystroke figure of
//! `cargo bench -p palette-docs-core --bench search` (BENCHMARKS.md, "Search"). Together they took
//! the Security keystroke from p50 0.78 ms / p99 3.3 ms to p50 0.060 ms / p99 0.50 ms and the
//! synthetic 10,000-page keystroke from p50 1.8 ms / p99 5.4 ms to p50 0.79 ms / p99 3.6 ms, with
//! byte-identical answers. They were measured together (perf/callgrind attributed the time), so the
//! per-layer share below is the profile's, not a separate A/B:
//!
//! - `scoring` (weighted term clauses and shared weights): each clause builds its BM25 weight once
//!   and stays a plain term scorer (block-WAND, no per-word union buffer); `TermWeights` reuses one
//!   keystroke's weights for the next. Moves the keystroke time on both corpora, and is what brings
//!   the 10,000-page p99 under its 10 ms target.
//! - `one_pass` (small indexes, up to 500 sections): one merge over all clauses instead of the two
//!   searches, same scores and order. Moves the Security p50/p90, where setting up scorers cost more
//!   than scoring.
//! - `sections` + `prepared` (the snippet token index, small indexes): every section read once at
//!   start-up with its token starts grouped by their first two letters, so a snippet cuts only the
//!   tokens that begin like a query term. Cutting every token was the largest share of a Security
//!   keystroke; the price is index open 0.18 → 1.2 ms (about 13 µs a section), still under its
//!   20 ms target. Larger indexes read returned sections on demand.
//! - `snippet` (our own window finder and escaper instead of tantivy's `SnippetGenerator`): needed
//!   for correctness first (matches from several fields, our escaping rule); its run-copying escape
//!   and the stored fields read straight into strings are small constant savings.
//!
//! None of these moves a figure a reader can see on its own: the window's round trip for a
//! keystroke is about 51 ms (BENCHMARKS.md, "The reader"), so even the plain path's 3.3 ms p99
//! was below it. They are kept because they are measured, tested for identical answers, and keep
//! the 10,000-page corpus (a future all-docs snapshot) within its target; a layer that stops paying
//! for itself in that bench is the one to drop.

mod index;
mod one_pass;
mod prepared;
mod query;
mod schema;
mod scoring;
mod searcher;
mod sections;
mod snippet;
mod tokenizer;

use serde::Serialize;

pub use index::build_index;
pub use searcher::Searcher;

/// One searchable unit: a heading section of a rendered page (or the whole page if it has no headings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SearchDoc {
    /// The page's route, e.g. `/security/product-architecture/data-encryption/`.
    pub route: String,
    /// Heading id of the section; `None` for the page's intro text before the first heading.
    pub anchor: Option<String>,
    pub page_title: String,
    /// Heading text; `None` for the intro.
    pub section: Option<String>,
    /// Sidebar trail above the page, e.g. `["Security", "Secure Product Architecture"]`.
    pub breadcrumbs: Vec<String>,
    /// Plain text of the section.
    pub body: String,
    pub tags: Vec<String>,
}

/// The answer to one query: pages in rank order, each with its best section first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SearchResults {
    /// The query as searched (cut to a sane length).
    pub query: String,
    /// Set when misspelt words were corrected; the results are for this text.
    pub corrected: Option<String>,
    pub results: Vec<Hit>,
}

/// One matching section. Top-level hits are one per page; `more` holds other matching sections of that page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub route: String,
    pub anchor: Option<String>,
    pub page_title: String,
    pub section: Option<String>,
    pub breadcrumbs: Vec<String>,
    /// Escaped text with matched terms in `<mark>…</mark>`; safe to insert as HTML.
    pub snippet_html: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<Hit>,
}

impl Hit {
    /// The link target `route#anchor` (or just the route for a page's intro).
    pub fn target(&self) -> String {
        match &self.anchor {
            Some(a) => format!("{}#{}", self.route, a),
            None => self.route.clone(),
        }
    }
}

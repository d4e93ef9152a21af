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
//! ```
//!
//! Everything else is plain text: `AND`, `OR`, `NOT`, `-word`, `title:` and stray quotes are not
//! operators, so no query can be a syntax error.

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

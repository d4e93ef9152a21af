//! The index schema, in one place: which fields exist, how each is analyzed, and what is stored.
//!
//! Only what a result displays is stored (route, anchor, titles, breadcrumbs, body for the snippet).
//! Every searchable text exists twice: a stemmed field without positions (recall for prose) and an exact
//! field with positions (exact words rank above stems; quoted phrases and compound parts need positions).

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::Index;

use super::tokenizer::{exact_analyzer, stemmed_analyzer, EXACT, STEMMED};

/// Handles of every field; built from the schema so the builder and the searcher cannot disagree.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    /// Page title, stemmed; stored (shown as `page_title`).
    pub title: Field,
    pub title_exact: Field,
    /// Section heading, stemmed. Intro documents index the page title here.
    pub section: Field,
    pub section_exact: Field,
    /// Section text, stemmed; stored for snippets.
    pub body: Field,
    pub body_exact: Field,
    /// Page tags, exact; also the target of the `tag:` filter.
    pub tags: Field,
    /// Route segments and slugged breadcrumbs, raw; the target of the `in:`/`section:` filters.
    pub scope: Field,
    /// Stored only.
    pub route: Field,
    pub anchor: Field,
    /// The section heading as shown (`None` for a page's intro).
    pub heading: Field,
    pub breadcrumbs: Field,
    /// Page ordinal as a fast field, so results are grouped by page without reading stored documents.
    pub page: Field,
}

/// Builds the schema and the matching field handles.
pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Headings and titles are scored without length normalization: a long CVE heading that names the
    // id is as good a match as a short one, and must not lose to a short body that merely links it.
    let text = |tokenizer: &str, record: IndexRecordOption, norms: bool| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record)
                .set_fieldnorms(norms),
        )
    };
    let stemmed_heading = text(STEMMED, IndexRecordOption::WithFreqs, false);
    let exact_heading = text(EXACT, IndexRecordOption::WithFreqsAndPositions, false);
    let stemmed_body = text(STEMMED, IndexRecordOption::WithFreqs, true);
    let exact_body = text(EXACT, IndexRecordOption::WithFreqsAndPositions, true);
    let tags = text(EXACT, IndexRecordOption::WithFreqs, false);
    let fields = Fields {
        title: b.add_text_field("title", stemmed_heading.clone().set_stored()),
        title_exact: b.add_text_field("title_exact", exact_heading.clone()),
        section: b.add_text_field("section", stemmed_heading),
        section_exact: b.add_text_field("section_exact", exact_heading),
        body: b.add_text_field("body", stemmed_body.set_stored()),
        body_exact: b.add_text_field("body_exact", exact_body),
        tags: b.add_text_field("tags", tags),
        scope: b.add_text_field("scope", STRING),
        route: b.add_text_field("route", STORED),
        anchor: b.add_text_field("anchor", STORED),
        heading: b.add_text_field("heading", STORED),
        breadcrumbs: b.add_text_field("breadcrumbs", STORED),
        page: b.add_u64_field("page", FAST),
    };
    (b.build(), fields)
}

/// Registers the analyzers the schema names; needed both when writing and when opening an index.
pub(crate) fn register_tokenizers(index: &Index) {
    index.tokenizers().register(EXACT, exact_analyzer());
    index.tokenizers().register(STEMMED, stemmed_analyzer());
}

/// Field handles for an index opened from disk; fails if the index was written by another schema.
pub(crate) fn fields_of(schema: &Schema) -> Option<Fields> {
    let f = |name: &str| schema.get_field(name).ok();
    Some(Fields {
        title: f("title")?,
        title_exact: f("title_exact")?,
        section: f("section")?,
        section_exact: f("section_exact")?,
        body: f("body")?,
        body_exact: f("body_exact")?,
        tags: f("tags")?,
        scope: f("scope")?,
        route: f("route")?,
        anchor: f("anchor")?,
        heading: f("heading")?,
        breadcrumbs: f("breadcrumbs")?,
        page: f("page")?,
    })
}

/// Lower-case slug used by the scope filter: "Security Bulletins" → "security-bulletins".
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

//! The one place where the markdown parser is configured.

use pulldown_cmark::Options;

/// Markdown extensions the Docusaurus sources rely on (GFM tables, footnotes, strikethrough, task lists)
/// plus `{#id}` heading attributes. Smart punctuation stays off: it would change the words people search for.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

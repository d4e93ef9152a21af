//! The "On this page" table of contents: a pure function of the page's headings.

use serde::{Deserialize, Serialize};

/// A heading of a rendered page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// One TOC line; nesting is carried by `level` so the UI can indent without a tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Headings from h2 to `max_level` (Docusaurus' default is 3), in document order.
pub fn toc(headings: &[Heading], max_level: u8) -> Vec<TocEntry> {
    let max_level = max_level.clamp(2, 6);
    headings
        .iter()
        .filter(|h| (2..=max_level).contains(&h.level))
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            text: id.to_uppercase(),
        }
    }

    #[test]
    fn keeps_h2_and_h3_by_default_and_honours_the_max_level() {
        let hs = [h(1, "t"), h(2, "a"), h(3, "b"), h(4, "c"), h(2, "d")];
        let ids = |max| toc(&hs, max).into_iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(ids(3), ["a", "b", "d"]);
        assert_eq!(ids(2), ["a", "d"]);
        assert_eq!(ids(4), ["a", "b", "c", "d"]);
        assert_eq!(
            ids(0),
            ["a", "d"],
            "levels below 2 are clamped, never empty the TOC"
        );
    }
}

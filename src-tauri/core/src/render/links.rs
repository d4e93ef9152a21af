//! Where a link in a page goes, and how each kind of destination is written into the page.

use serde::Serialize;

use super::highlight::escape_html;

/// A link's destination after resolution against the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LinkTarget {
    /// A page of this snapshot, optionally a heading on it.
    Page {
        route: String,
        anchor: Option<String>,
    },
    /// A heading on the same page.
    Anchor { id: String },
    /// A page of the original site that this snapshot does not contain; shown, never fetched.
    OutsideSnapshot { url: String },
    /// Any other web address; shown, never fetched.
    External { url: String },
    /// A file of the snapshot (an image or download).
    Asset { url: String },
    /// A link into a section this snapshot has, to a page that does not exist.
    Broken { reason: String },
}

/// A link as found in a page, for `bundle check` and anchor validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkRef {
    pub raw: String,
    pub target: LinkTarget,
    pub line: usize,
}

/// The opening `<a …>` tag for a resolved link.
pub fn open_tag(target: &LinkTarget, title: &str) -> String {
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape_html(title))
    };
    match target {
        LinkTarget::Page { route, anchor } => {
            let href = match anchor {
                Some(a) => format!("{route}#{a}"),
                None => route.clone(),
            };
            format!("<a href=\"{}\"{title_attr}>", escape_html(&href))
        }
        LinkTarget::Anchor { id } => format!("<a href=\"#{}\"{title_attr}>", escape_html(id)),
        LinkTarget::Asset { url } => format!("<a href=\"{}\"{title_attr}>", escape_html(url)),
        LinkTarget::OutsideSnapshot { url } => format!(
            "<a class=\"link-outside\" href=\"{}\" data-outside=\"true\"{title_attr}>",
            escape_html(url)
        ),
        LinkTarget::External { url } => format!(
            "<a class=\"link-external\" href=\"{}\" data-external=\"true\"{title_attr}>",
            escape_html(url)
        ),
        LinkTarget::Broken { reason } => format!(
            "<a class=\"link-broken\" data-broken=\"true\" title=\"{}\">",
            escape_html(&format!("Broken link in the source: {reason}"))
        ),
    }
}

/// True for addresses with a scheme (`https:`, `mailto:`, `javascript:` …) or protocol-relative (`//host`).
pub fn has_scheme(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    match href.find(':') {
        Some(i) => {
            let scheme = &href[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !href[..i].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(has_scheme("JavaScript:alert(1)"));
        assert!(has_scheme("//evil.example/x"));
        assert!(!has_scheme("../a.md#x:y"));
        assert!(!has_scheme("a.md"));
    }

    #[test]
    fn outside_links_are_marked_and_escaped() {
        let t = LinkTarget::OutsideSnapshot {
            url: "https://docs.example/a?\"b".into(),
        };
        let tag = open_tag(&t, "");
        assert!(tag.contains("data-outside=\"true\""));
        assert!(tag.contains("&quot;b"));
    }
}

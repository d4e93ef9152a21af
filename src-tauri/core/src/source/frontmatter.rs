//! YAML frontmatter of a Docusaurus page: the keys the app uses, typed; every other key kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A tag as Docusaurus accepts it: a plain string or `{ label, permalink }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum TagValue {
    Plain(String),
    Object { label: String },
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Frontmatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub sidebar_label: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "tags")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub sidebar_position: Option<f64>,
    #[serde(default)]
    pub hide_table_of_contents: bool,
    #[serde(default)]
    pub toc_max_heading_level: Option<u8>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub sidebar_custom_props: Option<serde_json::Value>,
    #[serde(default)]
    pub partial_category: Option<String>,
    #[serde(default)]
    pub partial_name: Option<String>,
    /// Extra anchors a heading answers to, by heading id: the ids of the original site's headings,
    /// so that links written against them still land on the same section. An entry is a bare
    /// anchor or a full address ending in `#anchor`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub anchor_aliases: BTreeMap<String, Vec<String>>,
    /// Keys the app does not use, kept so nothing is lost.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

fn tags<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let raw: Option<Vec<TagValue>> = Option::deserialize(d)?;
    Ok(raw
        .unwrap_or_default()
        .into_iter()
        .map(|t| match t {
            TagValue::Plain(s) | TagValue::Object { label: s } => s,
        })
        .collect())
}

/// A page split into its frontmatter text and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_first_line: usize,
}

/// Separates `---` frontmatter from the body. A page without frontmatter is all body.
pub fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let no_frontmatter = Split {
        yaml: None,
        body: text,
        body_first_line: 1,
    };
    let Some(first_end) = text.find('\n') else {
        return no_frontmatter;
    };
    if text[..first_end].trim_end() != "---" {
        return no_frontmatter;
    }
    let mut offset = first_end + 1;
    for (i, l) in text[offset..].split_inclusive('\n').enumerate() {
        if l.trim_end() == "---" {
            let yaml = &text[first_end + 1..offset];
            let body = &text[offset + l.len()..];
            // Line 1 is the opening `---`, the closing one is line i + 2, the body starts after it.
            return Split {
                yaml: Some(yaml),
                body,
                body_first_line: i + 3,
            };
        }
        offset += l.len();
    }
    no_frontmatter
}

/// A frontmatter problem with the 1-based line in the page file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontmatterError {
    pub line: usize,
    pub message: String,
}

/// Parses frontmatter YAML (which starts on line 2 of the file).
pub fn parse(yaml: &str) -> Result<Frontmatter, FrontmatterError> {
    if yaml.trim().is_empty() {
        return Ok(Frontmatter::default());
    }
    serde_yaml_ng::from_str::<Frontmatter>(yaml).map_err(|e| FrontmatterError {
        line: e.location().map_or(1, |l| l.line() + 1),
        message: format!("invalid frontmatter: {e}; fix the YAML between the `---` lines"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_parses_docusaurus_frontmatter() {
        let page = "---\nsidebar_label: \"Security\"\ntitle: \"Spectro Cloud Security\"\ndescription:\n  \"An overview.\"\nhide_table_of_contents: false\nsidebar_custom_props:\n  icon: \"lock\"\ntags: [\"security\", {label: cve}]\nicon: \"\"\nsidebar_position: 10\n---\n\nBody\n";
        let s = split(page);
        assert_eq!(s.body_first_line, 13);
        assert_eq!(s.body, "\nBody\n");
        let fm = parse(s.yaml.unwrap_or_default()).expect("valid");
        assert_eq!(fm.title.as_deref(), Some("Spectro Cloud Security"));
        assert_eq!(fm.description.as_deref(), Some("An overview."));
        assert_eq!(fm.tags, ["security", "cve"]);
        assert_eq!(fm.sidebar_position, Some(10.0));
        assert!(fm.extra.contains_key("icon"));
        assert!(fm.sidebar_custom_props.is_some());
        assert!(fm.anchor_aliases.is_empty());
    }

    #[test]
    fn anchor_aliases_map_heading_ids_to_old_anchors() {
        let s = split("---\nanchor_aliases:\n  cve-2031-0042:\n    - impact-3\n    - \"https://example.com/p/#march-03-2031---cve-2031-0042\"\n---\nx");
        let fm = parse(s.yaml.unwrap_or_default()).expect("valid");
        assert_eq!(
            fm.anchor_aliases.get("cve-2031-0042").map(Vec::len),
            Some(2)
        );
        assert!(!fm.extra.contains_key("anchor_aliases"));
    }

    #[test]
    fn no_frontmatter_means_all_body() {
        assert_eq!(split("# T\n").yaml, None);
        assert_eq!(split("---").yaml, None);
        assert_eq!(
            split("---\ntitle: x\n").yaml,
            None,
            "unterminated frontmatter is body"
        );
        assert_eq!(split("").body, "");
    }

    #[test]
    fn malformed_yaml_names_the_line() {
        let s = split("---\ntitle: ok\ntags: [a, b\n---\nx");
        let err = parse(s.yaml.unwrap_or_default()).expect_err("invalid");
        assert!(err.line >= 3, "{err:?}");
        assert!(err.message.contains("frontmatter"));
    }
}

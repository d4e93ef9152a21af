//! Heading ids as Docusaurus makes them (github-slugger rules), with explicit ids and de-duplication.

use std::collections::HashMap;

/// The id github-slugger gives a heading text: lower-cased, punctuation and symbols removed,
/// every space turned into `-` (so `a - b` becomes `a---b`).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars().flat_map(char::to_lowercase) {
        if ch == ' ' {
            out.push('-');
        } else if ch.is_alphanumeric() || ch == '-' || ch == '_' || is_combining_mark(ch) {
            out.push(ch);
        }
    }
    out
}

/// The anchor an `anchor_aliases` entry names: the `#fragment` of a full address, or the entry itself.
pub fn alias_anchor(entry: &str) -> &str {
    let entry = entry.trim();
    match entry.rsplit_once('#') {
        Some((_, fragment)) => fragment,
        None => entry,
    }
}

/// Why an alias anchor cannot be used as an element id, if it cannot.
pub fn alias_problem(anchor: &str) -> Option<&'static str> {
    if anchor.is_empty() {
        Some("it is empty")
    } else if anchor
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '&'))
    {
        Some("it contains a space, a quote or `<>&`")
    } else if anchor.starts_with("app-") {
        // The sanitizer keeps `app-` ids for the app's own widgets.
        Some("ids starting with `app-` belong to the app")
    } else {
        None
    }
}

fn is_combining_mark(ch: char) -> bool {
    matches!(ch as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Hands out unique heading ids within one page, the way github-slugger does: the second
/// `Impact` becomes `impact-1`, the third `impact-2`.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    /// A unique id for a heading text.
    pub fn slug(&mut self, text: &str) -> String {
        self.claim(slug(text))
    }

    /// Reserves an id (explicit `{#id}` or generated), suffixing it when it is already taken.
    pub fn claim(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut candidate = base.clone();
        while self.seen.contains_key(&candidate) {
            let n = self.seen.entry(base.clone()).or_insert(0);
            *n += 1;
            candidate = format!("{base}-{n}");
        }
        self.seen.insert(candidate.clone(), 0);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_github_slugger_on_cve_headings() {
        assert_eq!(
            slug("March 03, 2031 - CVE-2031-0042 Parser Flaw - 9.8 CVSS"),
            "march-03-2031---cve-2031-0042-parser-flaw---98-cvss"
        );
        assert_eq!(
            slug(r#"CVE-2031-0043 Comments ("//note") slip through"#),
            "cve-2031-0043-comments-note-slip-through"
        );
        assert_eq!(slug("Data At Rest Encryption"), "data-at-rest-encryption");
        assert_eq!(slug("snake_case and ünïcode"), "snake_case-and-ünïcode");
    }

    #[test]
    fn alias_entries_name_their_anchor() {
        assert_eq!(alias_anchor("impact-3"), "impact-3");
        assert_eq!(
            alias_anchor("https://docs.example.com/p/#march-03-2031---cve-2031-0042"),
            "march-03-2031---cve-2031-0042"
        );
        assert_eq!(alias_problem("impact-3"), None);
        assert!(alias_problem("").is_some());
        assert!(alias_problem("a b").is_some());
        assert!(alias_problem("x\"onclick").is_some());
        assert!(alias_problem("app-sidebar").is_some());
    }

    #[test]
    fn duplicates_get_numbered_suffixes() {
        let mut s = Slugger::default();
        assert_eq!(s.slug("Impact"), "impact");
        assert_eq!(s.slug("Impact"), "impact-1");
        assert_eq!(s.slug("Impact"), "impact-2");
        assert_eq!(s.claim("impact-1".into()), "impact-1-1");
        assert_eq!(s.slug("!!!"), "section");
    }
}

//! A rendered page's HTML cut into sections at its headings (by heading id), each with its plain
//! text and the targets of its links: what the diff compares section by section.
//!
//! The HTML is the renderer's own sanitized output (double-quoted attributes, headings carrying
//! `id`, a trailing `hash-link` anchor), so a small tag scanner is enough; anything it does not
//! recognise is treated as an ordinary tag and still counts through the raw HTML comparison.

/// One heading's section, or the text before the first heading (`anchor` empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSection {
    /// The heading's id; empty for the introduction before the first heading.
    pub anchor: String,
    /// The heading's text; empty for the introduction.
    pub heading: String,
    /// The section's HTML exactly as rendered, heading included.
    pub html: String,
    /// Readable text, whitespace collapsed (a line break where the HTML had a block boundary).
    pub text: String,
    /// `href` of every link in the section, in order (the heading's own direct link left out).
    pub links: Vec<String>,
}

/// Tags that sit inside a line of text; every other tag ends a run of words.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

struct Builder {
    sections: Vec<PageSection>,
    start: usize,
    text: String,
    heading: Option<String>,
    in_heading: bool,
    skip_hash_link: bool,
}

impl Builder {
    fn push_text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        if self.skip_hash_link {
            return;
        }
        if self.in_heading {
            if let Some(h) = self.heading.as_mut() {
                h.push_str(&decoded);
            }
        }
        self.text.push_str(&decoded);
    }

    fn close(&mut self, html: &str, end: usize, anchor: String) {
        let text = collapse_whitespace(&self.text);
        let section_html = &html[self.start..end];
        let section = PageSection {
            anchor,
            heading: collapse_whitespace(self.heading.as_deref().unwrap_or("")),
            html: section_html.to_string(),
            text,
            links: links_of(section_html),
        };
        // An empty introduction (the page starts with a heading) is no section.
        if !(section.anchor.is_empty() && section.html.trim().is_empty()) {
            self.sections.push(section);
        }
        self.text.clear();
        self.heading = None;
        self.start = end;
    }
}

/// Splits `html` into sections at every heading that has an `id`.
pub fn split_sections(html: &str) -> Vec<PageSection> {
    let mut b = Builder {
        sections: Vec::new(),
        start: 0,
        text: String::new(),
        heading: None,
        in_heading: false,
        skip_hash_link: false,
    };
    let mut anchor = String::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let end = html[i..].find('<').map_or(bytes.len(), |k| i + k);
            b.push_text(&html[i..end]);
            i = end;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |k| i + k + 3);
            continue;
        }
        let end = tag_end(bytes, i);
        let tag = tag_inside(html, i, end);
        let closing = tag.starts_with('/');
        let name = tag_name(tag);
        if !closing && is_heading(&name) {
            if let Some(id) = attribute(tag, "id") {
                let next = decode_entities(&id);
                b.close(html, i, std::mem::replace(&mut anchor, next));
                b.heading = Some(String::new());
                b.in_heading = true;
            }
        } else if closing && is_heading(&name) {
            b.in_heading = false;
        } else if name == "a" && !closing && attribute(tag, "class").as_deref() == Some("hash-link")
        {
            b.skip_hash_link = true;
        } else if name == "a" && closing {
            b.skip_hash_link = false;
        }
        // `br` and every block tag end a line of text.
        if !INLINE_TAGS.contains(&name.as_str()) {
            b.text.push('\n');
        }
        i = end;
    }
    b.close(html, bytes.len(), anchor);
    b.sections
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The index just past the `>` closing the tag that starts at `start`, skipping quoted values.
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (k, &c) in bytes.iter().enumerate().skip(start + 1) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return k + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// What lies between `<` and `>` (or the end of the text, for an unclosed tag). Both bounds sit
/// on ASCII bytes, so the slice is always on character boundaries.
fn tag_inside(html: &str, start: usize, end: usize) -> &str {
    if end > start + 1 && html.as_bytes()[end - 1] == b'>' {
        &html[start + 1..end - 1]
    } else {
        &html[start + 1..end]
    }
}

/// The lowercase name of a tag's inside (`h2 id="x"` → `h2`, `/p` → `p`).
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A double- or single-quoted attribute's raw value.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(pos) = rest.find(name) {
        let before_ok = rest[..pos]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after = &rest[pos + name.len()..];
        if before_ok {
            if let Some(value) = after.strip_prefix('=') {
                let quote = value.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let inner = &value[1..];
                    return inner.find(quote).map(|end| inner[..end].to_string());
                }
            }
        }
        rest = after;
    }
    None
}

fn links_of(html: &str) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut links = Vec::new();
    let mut i = 0;
    while let Some(k) = html[i..].find('<') {
        let start = i + k;
        let end = tag_end(bytes, start);
        let tag = tag_inside(html, start, end);
        if tag_name(tag) == "a" && attribute(tag, "class").as_deref() != Some("hash-link") {
            if let Some(href) = attribute(tag, "href") {
                links.push(decode_entities(&href));
            }
        }
        i = end;
    }
    links
}

/// Runs of whitespace become one space, or one line break when the run held a line break.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<char> = None;
    for c in text.chars() {
        if c.is_whitespace() {
            if c == '\n' || pending.is_none() {
                pending = Some(if c == '\n' { '\n' } else { ' ' });
            }
        } else {
            if let Some(p) = pending.take() {
                if !out.is_empty() {
                    out.push(p);
                }
            }
            out.push(c);
        }
    }
    out
}

/// Decodes the entities the sanitizer writes (named basics and numeric references).
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<p>Intro &amp; <em>more</em>.</p>\n\
        <h2 id=\"setup\">Set up <a class=\"hash-link\" href=\"#setup\" aria-label=\"Direct link to Set up\" title=\"Direct link to Set up\">#</a></h2>\n\
        <p>Run <code>kubectl get pods</code> then read <a href=\"/guide/reference/#tables\">the table</a>.</p>\n\
        <h3 id=\"limits\">Limits <a class=\"hash-link\" href=\"#limits\">#</a></h3>\n\
        <table><tr><td>a</td><td>b&#39;s</td></tr></table>\n";

    #[test]
    fn sections_split_at_heading_ids() {
        let sections = split_sections(PAGE);
        let anchors: Vec<_> = sections.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(anchors, ["", "setup", "limits"]);
        assert_eq!(sections[0].text, "Intro & more.");
        assert_eq!(sections[1].heading, "Set up");
        assert_eq!(
            sections[1].text,
            "Set up\nRun kubectl get pods then read the table."
        );
        assert_eq!(sections[1].links, ["/guide/reference/#tables"]);
        assert_eq!(sections[2].text, "Limits\na\nb's");
        assert!(sections[2].html.starts_with("<h3 id=\"limits\">"));
        let joined: String = sections.iter().map(|s| s.html.as_str()).collect();
        assert_eq!(joined, PAGE, "the sections cover the page's HTML exactly");
    }

    #[test]
    fn a_page_starting_with_a_heading_has_no_intro() {
        let sections = split_sections("<h2 id=\"a\">A</h2><p>x</p>");
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].anchor, "a");
    }

    #[test]
    fn entities_and_odd_input_decode_safely() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#x41; &#66; & &bogus; &"),
            "a <b> A B & &bogus; &"
        );
        // Unclosed tags and quotes never panic.
        let sections = split_sections("<p class=\"x>text <h2 id=\"y");
        assert!(sections.len() <= 2);
    }
}

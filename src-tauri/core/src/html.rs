//! HTML escaping shared by the renderer and search snippets, and its inverse for terminal output.

/// Appends `text` with the five HTML-significant characters escaped.
///
/// Copies the text between those characters in whole runs: search builds dozens of snippets per
/// keystroke, and pushing character by character showed in its profile.
pub fn escape_into(out: &mut String, text: &str) {
    let mut copied = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is a character boundary.
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}

/// `text` with the five HTML-significant characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// `html` with the entities [`escape`] writes (and `&#x27;`) decoded back to characters, in one
/// pass, so `&amp;lt;` becomes `&lt;` and not `<`. Tags are left as they are.
pub fn unescape(html: &str) -> String {
    const ENTITIES: [(&str, char); 6] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
            Some((name, c)) => {
                out.push(*c);
                rest = &rest[name.len()..];
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
    use super::{escape, unescape};

    #[test]
    fn unescape_reverses_escape_once() {
        let text = r#"<a href="x">Tom & Jerry's</a> &amp; — ünïcödé 🚀 &nbsp; & &"#;
        assert_eq!(unescape(&escape(text)), text);
        assert_eq!(unescape("it&#x27;s &amp;lt;"), "it's &lt;");
        assert_eq!(unescape("&"), "&");
    }

    #[test]
    fn escapes_the_five_and_keeps_everything_else() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a> — ünïcödé 🚀"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; — ünïcödé 🚀"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("&&"), "&amp;&amp;");
    }
}

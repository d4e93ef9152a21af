//! Text from outside sources made safe to print: control characters escaped, overlong names shortened.
//!
//! Names from an archive, fields of a snapshot's files, bookmark notes and search results are written
//! by others; printed raw, an `ESC[2J` could clear the screen and draw a fake "OK". Every path that
//! prints such text to a terminal, or puts it into an error message, goes through [`escape`] or
//! [`excerpt`].

use std::borrow::Cow;

/// `text` with every control character (C0, DEL, C1) and the Unicode bidirectional overrides written
/// as `\u{…}` (`\n` and `\t` as `\n` and `\t`), so nothing in it can move the cursor, change colours or
/// reorder what is shown around it. Text without such characters comes back unchanged.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`escape`] but for text that keeps its line breaks and tabs (a bookmark's note, a snippet).
pub fn escape_keeping_lines(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c != '\n' && c != '\t' && needs_escape(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c != '\n' && c != '\t' && needs_escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most `max_chars` characters of `text`, escaped, with `…` and the full length when cut: a name
/// that fills gigabytes never fills a message.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return escape(text).into_owned();
    }
    let head: String = text.chars().take(max_chars).collect();
    format!("{}… ({count} characters)", escape(&head))
}

/// Shortened and escaped bytes that may not be UTF-8 (raw names from an archive).
pub fn excerpt_bytes(bytes: &[u8], max_chars: usize) -> String {
    let cut = &bytes[..bytes.len().min(max_chars.saturating_mul(4))];
    let text = String::from_utf8_lossy(cut);
    let shown = excerpt(&text, max_chars);
    if cut.len() < bytes.len() && !shown.ends_with("characters)") {
        format!("{shown}… ({} bytes)", bytes.len())
    } else {
        shown
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_written_out() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("line\nnext"), "line\\nnext");
        assert_eq!(escape("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(escape("x\u{202e}y"), "x\\u{202e}y");
        assert!(matches!(escape("plain ünïcode"), Cow::Borrowed(_)));
        assert_eq!(escape_keeping_lines("a\nb\u{7}"), "a\nb\\u{7}");
    }

    #[test]
    fn long_names_are_cut_with_their_length() {
        let long = "x".repeat(10_000);
        let shown = excerpt(&long, 80);
        assert!(shown.len() < 120, "{shown}");
        assert!(shown.contains("10000 characters"));
        assert_eq!(excerpt("short", 80), "short");
        let bytes = vec![b'a'; 1_000_000];
        assert!(excerpt_bytes(&bytes, 80).len() < 120);
    }
}

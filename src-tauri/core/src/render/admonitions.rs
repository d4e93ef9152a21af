//! Docusaurus admonitions (`:::tip Title` … `:::`) rewritten into HTML blocks around ordinary markdown,
//! so their content (lists, code, nested admonitions) is parsed like any other markdown.

use super::highlight::escape_html;
use super::lines::{Fences, Line};
use crate::diagnostics::{Diagnostic, Severity};

/// The admonition kinds Docusaurus knows, plus the ones the upstream site configures (`preview`, `further`).
pub const KNOWN_KINDS: &[&str] = &[
    "tip",
    "info",
    "note",
    "warning",
    "caution",
    "danger",
    "important",
    "success",
    "secondary",
    "preview",
    "further",
];

fn default_title(kind: &str) -> String {
    match kind {
        "further" => "Further guidance".to_string(),
        _ => {
            let mut c = kind.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

enum Fence<'a> {
    Open { kind: &'a str, title: &'a str },
    Close,
}

fn parse_fence(line: &str) -> Option<Fence<'_>> {
    let t = line.trim();
    let rest = t.strip_prefix(":::")?;
    if rest.trim().is_empty() {
        return Some(Fence::Close);
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    if end == 0 {
        return None;
    }
    let title = rest[end..].trim();
    // `:::tip[Title]` is the Docusaurus v3 spelling of `:::tip Title`.
    let title = title
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(title);
    Some(Fence::Open {
        kind: &rest[..end],
        title,
    })
}

/// Rewrites admonition fences outside code blocks. Unknown kinds still render (as a note with
/// their own name) and are reported; unclosed ones are closed at the end of the page and reported.
pub fn rewrite(lines: Vec<Line>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len() + 8);
    let mut fences = Fences::default();
    let mut open: Vec<(String, usize, String)> = Vec::new();
    for line in lines {
        if fences.step(&line.text) {
            out.push(line);
            continue;
        }
        match parse_fence(&line.text) {
            Some(Fence::Open { kind, title }) => {
                let kind_lc = kind.to_ascii_lowercase();
                let class = if KNOWN_KINDS.contains(&kind_lc.as_str()) {
                    kind_lc.clone()
                } else {
                    diagnostics.push(Diagnostic::new(
                        Severity::Warning,
                        line.source_line,
                        format!(
                            "unknown admonition `:::{kind}`; it is shown as a note. Use one of: {}",
                            KNOWN_KINDS.join(", ")
                        ),
                    ));
                    "note".to_string()
                };
                let title = if title.is_empty() {
                    default_title(&kind_lc)
                } else {
                    title.to_string()
                };
                let indent = line.indent().to_string();
                let n = line.source_line;
                out.push(Line::new(
                    format!(
                        "{indent}<div class=\"admonition admonition-{class}\"><div class=\"admonition-heading\">{}</div><div class=\"admonition-content\">",
                        escape_html(&title)
                    ),
                    n,
                ));
                out.push(Line::new("", n));
                open.push((kind_lc, n, indent));
            }
            Some(Fence::Close) if !open.is_empty() => {
                let n = line.source_line;
                if let Some((_, _, indent)) = open.pop() {
                    out.push(Line::new("", n));
                    out.push(Line::new(format!("{indent}</div></div>"), n));
                    out.push(Line::new("", n));
                }
            }
            _ => out.push(line),
        }
    }
    let last = out.last().map_or(1, |l| l.source_line);
    while let Some((kind, opened_at, indent)) = open.pop() {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            opened_at,
            format!("admonition `:::{kind}` is never closed; add a line with `:::` where it ends"),
        ));
        out.push(Line::new("", last));
        out.push(Line::new(format!("{indent}</div></div>"), last));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;

    fn run(md: &str) -> (String, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let lines = rewrite(split(md, 1), &mut d);
        (
            lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            d,
        )
    }

    #[test]
    fn wraps_content_with_a_title() {
        let (out, d) = run(":::warning Key <rotation>\n\nBody\n\n:::\n");
        assert!(out.contains("admonition-warning"));
        assert!(out.contains("Key &lt;rotation&gt;"));
        assert!(!out.contains(":::"));
        assert!(d.is_empty());
    }

    #[test]
    fn nested_and_indented_admonitions_keep_their_indent() {
        let (out, _) = run("1. Step\n\n  :::info\n\n  Inner\n\n  :::\n");
        assert!(out.contains("\n  <div class=\"admonition admonition-info\">"));
        assert!(out.contains("\n  </div></div>"));
    }

    #[test]
    fn code_blocks_are_left_alone() {
        let (out, _) = run("```\n:::tip\n```\n");
        assert!(out.contains(":::tip"));
    }

    #[test]
    fn unknown_and_unclosed_are_reported() {
        let (out, d) = run(":::bogus\n\ntext\n");
        assert!(out.contains("admonition-note"));
        assert_eq!(d.len(), 2);
        assert!(d.iter().any(|d| d.message.contains("never closed")));
    }
}

//! Docusaurus admonitions (`:::tip Title` … `:::`) rewritten into HTML blocks around ordinary markdown,
//! so their content (lists, code, nested admonitions) is parsed like any other markdown.

use super::components::ComponentUse;
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
    Open {
        colons: usize,
        kind: &'a str,
        title: &'a str,
    },
    Close {
        colons: usize,
    },
}

/// An admonition fence: three or more colons, then a kind and an optional title to open one, or
/// nothing to close one. Longer fences (`::::info`) let an admonition hold another (`:::tip`).
fn parse_fence(line: &str) -> Option<Fence<'_>> {
    let t = line.trim();
    let colons = t.len() - t.trim_start_matches(':').len();
    if colons < 3 {
        return None;
    }
    let rest = &t[colons..];
    if rest.trim().is_empty() {
        return Some(Fence::Close { colons });
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
        colons,
        kind: &rest[..end],
        title,
    })
}

struct Open {
    kind: String,
    line: usize,
    indent: String,
    colons: usize,
}

fn close(out: &mut Vec<Line>, open: &Open, n: usize) {
    out.push(Line::new("", n));
    out.push(Line::new(format!("{}</div></div>", open.indent), n));
    out.push(Line::new("", n));
}

/// Rewrites admonition fences outside code blocks. Unknown kinds still render (as a note with
/// their own name) and are reported; unclosed ones are closed at the end of the page and reported.
pub fn rewrite(
    lines: Vec<Line>,
    diagnostics: &mut Vec<Diagnostic>,
    census: &mut Vec<ComponentUse>,
) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len() + 8);
    let mut fences = Fences::default();
    let mut open: Vec<Open> = Vec::new();
    for line in lines {
        if fences.step(&line.text) {
            out.push(line);
            continue;
        }
        match parse_fence(&line.text) {
            Some(Fence::Open {
                colons,
                kind,
                title,
            }) => {
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
                census.push(ComponentUse {
                    component: format!(":::{kind_lc}"),
                    rendered_as: format!("admonition box ({class})"),
                    line: line.source_line,
                });
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
                open.push(Open {
                    kind: kind_lc,
                    line: n,
                    indent,
                    colons,
                });
            }
            Some(Fence::Close { colons }) if !open.is_empty() => {
                let n = line.source_line;
                // A fence as long as an open one closes that one, and whatever it still holds open.
                let target = open
                    .iter()
                    .rposition(|o| o.colons == colons)
                    .unwrap_or(open.len() - 1);
                while open.len() > target {
                    let Some(o) = open.pop() else { break };
                    if open.len() > target {
                        diagnostics.push(Diagnostic::new(
                            Severity::Warning,
                            o.line,
                            format!(
                                "admonition `:::{}` is closed by the longer fence on line {n}; add its own `:::` line where it ends",
                                o.kind
                            ),
                        ));
                    }
                    close(&mut out, &o, n);
                }
            }
            _ => out.push(line),
        }
    }
    let last = out.last().map_or(1, |l| l.source_line);
    while let Some(o) = open.pop() {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            o.line,
            format!(
                "admonition `:::{}` is never closed; add a line with `:::` where it ends",
                o.kind
            ),
        ));
        close(&mut out, &o, last);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;

    fn run(md: &str) -> (String, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let lines = rewrite(split(md, 1), &mut d, &mut Vec::new());
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

    #[test]
    fn longer_fences_hold_nested_admonitions() {
        let (out, d) = run("::::info Outer\n\nA\n\n:::tip\n\nB\n\n:::\n\nC\n\n::::\n\nAfter\n");
        assert!(d.is_empty(), "{d:?}");
        let tip = out.find("admonition-tip").expect("inner box");
        let b = out.find("\nB\n").expect("inner text");
        let c = out.find("\nC\n").expect("outer text");
        let closes: Vec<_> = out.match_indices("</div></div>").map(|(i, _)| i).collect();
        assert_eq!(closes.len(), 2);
        assert!(tip < b && b < closes[0] && closes[0] < c && c < closes[1]);
        assert!(out.find("After").expect("after") > closes[1]);
    }

    #[test]
    fn a_longer_fence_closes_what_it_still_holds() {
        let (out, d) = run("::::note\n\n:::tip\n\nB\n\n::::\n");
        assert_eq!(out.matches("</div></div>").count(), 2);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("closed by the longer fence"));
    }
}

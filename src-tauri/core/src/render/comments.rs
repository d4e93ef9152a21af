//! MDX comments (`{/* … */}`) removed before anything else reads the page: on one line, across
//! lines, and around markup (a commented-out `<Tabs>` block must not render, nor warn).

use super::lines::{Fences, Line};

const OPEN: &str = "{/*";
const CLOSE: &str = "*/}";

/// Removes every MDX comment outside code blocks and code spans. Lines keep their numbers; a line
/// that held only a comment becomes blank. Returns the lines and the line each removed comment began on.
pub fn strip(lines: Vec<Line>) -> (Vec<Line>, Vec<usize>) {
    let mut out = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    let mut in_comment = false;
    let mut removed = Vec::new();
    for line in lines {
        // Inside a comment a fence is commented out too, so it must not open a code block.
        if !in_comment && fences.step(&line.text) {
            out.push(line);
            continue;
        }
        if !in_comment && !line.text.contains(OPEN) {
            out.push(line);
            continue;
        }
        let mut kept = String::with_capacity(line.text.len());
        let mut rest = line.text.as_str();
        loop {
            if in_comment {
                match rest.find(CLOSE) {
                    Some(i) => {
                        rest = &rest[i + CLOSE.len()..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match find_outside_code_span(rest, OPEN) {
                    Some(i) => {
                        kept.push_str(&rest[..i]);
                        rest = &rest[i + OPEN.len()..];
                        in_comment = true;
                        removed.push(line.source_line);
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        if kept.trim().is_empty() {
            kept.clear();
        }
        out.push(Line::new(kept, line.source_line));
    }
    (out, removed)
}

/// The first `needle` that is not inside a `` `code span` `` of this line.
fn find_outside_code_span(text: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(needle).map(|i| i + from) {
        let ticks = text[..i].matches('`').count();
        if ticks % 2 == 0 {
            return Some(i);
        }
        from = i + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::*;

    fn run(md: &str) -> (String, usize) {
        let (lines, starts) = strip(split(md, 1));
        let n = starts.len();
        let text = lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        (text, n)
    }

    #[test]
    fn comments_go_on_one_line_and_across_lines() {
        let (out, n) =
            run("Keep {/* drop */} this.\n{/*\n<Tabs>\n## Gone\n*/}\nAfter {/* a\nb */} end.\n");
        assert_eq!(out, "Keep  this.\n\n\n\n\nAfter \n end.");
        assert_eq!(n, 3);
    }

    #[test]
    fn code_is_left_alone() {
        let (out, n) = run("Write `{/* x */}` to hide.\n```\n{/* in code */}\n```\n");
        assert!(out.contains("`{/* x */}`"));
        assert!(out.contains("{/* in code */}"));
        assert_eq!(n, 0);
    }

    #[test]
    fn a_fence_inside_a_comment_opens_no_code_block() {
        let (out, _) = run("{/*\n```\n*/}\n{/* second */}\nText\n");
        assert_eq!(out, "\n\n\n\nText");
    }
}

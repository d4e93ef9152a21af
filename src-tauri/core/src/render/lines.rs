//! Markdown as numbered lines, for the line-level rewrites that run before the parser
//! (admonitions, MDX components): each output line remembers the source line it came from.

/// One line of markdown and the 1-based line of the source file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub source_line: usize,
}

impl Line {
    pub fn new(text: impl Into<String>, source_line: usize) -> Line {
        Line {
            text: text.into(),
            source_line,
        }
    }

    /// The leading spaces (tabs count as one) that a rewritten line must keep to stay inside a list item.
    pub fn indent(&self) -> &str {
        let end = self.text.len() - self.text.trim_start().len();
        &self.text[..end]
    }
}

/// Splits markdown into numbered lines, starting at `first_line` (the line after the frontmatter).
pub fn split(markdown: &str, first_line: usize) -> Vec<Line> {
    markdown
        .lines()
        .enumerate()
        .map(|(i, l)| Line::new(l, first_line + i))
        .collect()
}

/// Joins lines back into markdown and returns the line map (output line index → source line).
pub fn join(lines: &[Line]) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
    let mut map = Vec::with_capacity(lines.len());
    for l in lines {
        text.push_str(&l.text);
        text.push('\n');
        map.push(l.source_line);
    }
    (text, map)
}

/// Tracks whether the current line is inside a fenced code block, so rewrites never touch code.
#[derive(Debug, Default)]
pub struct Fences {
    open: Option<(char, usize)>,
}

impl Fences {
    /// Feeds one line; returns true when that line is part of a code fence (its opening and closing lines included).
    pub fn step(&mut self, line: &str) -> bool {
        let t = line.trim_start();
        let marker = t.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| t.chars().take_while(|c| *c == m).count());
        match (self.open, marker) {
            (Some((m, n)), Some(c))
                if c == m && run >= n && t[run * c.len_utf8()..].trim().is_empty() =>
            {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, Some(c)) if run >= 3 => {
                self.open = Some((c, run));
                true
            }
            (None, _) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_open_and_close_with_matching_markers() {
        let mut f = Fences::default();
        let flags: Vec<bool> = [
            "a", "```bash", ":::tip", "~~~", "```", "b", "  ~~~~", "x", "~~~~~", "c",
        ]
        .iter()
        .map(|l| f.step(l))
        .collect();
        assert_eq!(
            flags,
            [false, true, true, true, true, false, true, true, true, false]
        );
    }

    #[test]
    fn join_keeps_the_line_map() {
        let lines = split("a\nb", 5);
        let (text, map) = join(&lines);
        assert_eq!(text, "a\nb\n");
        assert_eq!(map, [5, 6]);
    }
}

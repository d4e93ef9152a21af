//! The MDX the Docusaurus sources use, turned into markdown and HTML blocks before parsing:
//! `<PartialsComponent>` includes, `<Tabs>`/`<TabItem>`, `<VersionedLink>`, `import`/`export` lines.
//! Components the app cannot run degrade to their readable content or a visible note — never raw tag text.

use std::sync::LazyLock;

use regex::Regex;

use super::highlight::escape_html;
use super::lines::{Fences, Line};
use super::RenderEnv;
use crate::diagnostics::{Diagnostic, Severity};

/// Partials may include partials; this bounds a cycle.
const MAX_PARTIAL_DEPTH: usize = 8;

static WHOLE_LINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<(/?)([A-Z][A-Za-z0-9_.]*)((?:\s[^>]*?)?)\s*(/?)>\s*$").expect("valid regex")
});
static INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<(/?)([A-Z][A-Za-z0-9_.]*)((?:\s[^<>]*?)?)\s*(/?)>").expect("valid regex")
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z_][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*"([^"]*)"\s*\}|\{\s*'([^']*)'\s*\}|\{([^}]*)\}))?"#)
        .expect("valid regex")
});
static PROPS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\s*props\.([A-Za-z_][\w]*)\s*\}").expect("valid regex"));

/// Attributes of a JSX tag, in order; a bare attribute (`default`) has the value `"true"`.
pub fn parse_attrs(s: &str) -> Vec<(String, String)> {
    ATTR.captures_iter(s)
        .map(|c| {
            let value = (2..=6)
                .find_map(|i| c.get(i))
                .map_or("true", |m| m.as_str());
            (c[1].to_string(), value.to_string())
        })
        .collect()
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Per-page state of the rewrite.
pub struct Mdx<'a> {
    env: &'a dyn RenderEnv,
    pub diagnostics: Vec<Diagnostic>,
    tab_groups: usize,
}

struct TabItem {
    value: String,
    label: String,
    default: bool,
}

struct TabGroup {
    id: String,
    items: Vec<TabItem>,
    next: usize,
    selected: usize,
}

impl<'a> Mdx<'a> {
    pub fn new(env: &'a dyn RenderEnv) -> Mdx<'a> {
        Mdx {
            env,
            diagnostics: Vec::new(),
            tab_groups: 0,
        }
    }

    fn warn(&mut self, line: usize, message: String) {
        self.diagnostics
            .push(Diagnostic::new(Severity::Warning, line, message));
    }

    /// Rewrites a page's lines. `depth` counts partial inclusion.
    pub fn rewrite(&mut self, lines: Vec<Line>, depth: usize) -> Vec<Line> {
        let lines = join_multiline_tags(lines);
        let mut out: Vec<Line> = Vec::with_capacity(lines.len());
        let mut fences = Fences::default();
        let mut tabs: Vec<TabGroup> = Vec::new();
        let mut skipping_export = 0i64;
        for (idx, line) in lines.iter().enumerate() {
            let n = line.source_line;
            if fences.step(&line.text) {
                out.push(line.clone());
                continue;
            }
            let trimmed = line.text.trim();
            if skipping_export > 0 {
                skipping_export += brace_balance(trimmed);
                out.push(Line::new("", n));
                continue;
            }
            if line.indent().is_empty()
                && (trimmed.starts_with("import ") || trimmed.starts_with("export "))
            {
                skipping_export = brace_balance(trimmed).max(0);
                out.push(Line::new("", n));
                continue;
            }
            if trimmed.starts_with("{/*") && trimmed.ends_with("*/}") {
                out.push(Line::new("", n));
                continue;
            }
            let Some(caps) = WHOLE_LINE_TAG.captures(trimmed) else {
                out.push(Line::new(self.rewrite_inline(&line.text, n), n));
                continue;
            };
            let indent = line.indent().to_string();
            let closing = !caps[1].is_empty();
            let name = caps[2].to_string();
            let attrs = parse_attrs(&caps[3]);
            let self_closing = !caps[4].is_empty();
            match (name.as_str(), closing) {
                ("PartialsComponent", false) => {
                    self.include_partial(&attrs, &indent, n, depth, &mut out)
                }
                ("PartialsComponent", true) => out.push(Line::new("", n)),
                ("Tabs", false) if !self_closing => {
                    self.tab_groups += 1;
                    let mut group = TabGroup {
                        id: format!("tabs-{}", self.tab_groups),
                        items: scan_tab_items(&lines[idx + 1..]),
                        next: 0,
                        selected: 0,
                    };
                    group.selected = group.items.iter().position(|t| t.default).unwrap_or(0);
                    push_block(&mut out, n, &indent, &tab_list_html(&group));
                    tabs.push(group);
                }
                ("Tabs", true) => {
                    if tabs.pop().is_some() {
                        push_block(&mut out, n, &indent, "</div>");
                    } else {
                        out.push(Line::new("", n));
                    }
                }
                ("TabItem", false) => match tabs.last_mut() {
                    Some(group) => {
                        let i = group.next;
                        group.next += 1;
                        let hidden = if i == group.selected { "" } else { " hidden" };
                        let html = format!(
                            "<div role=\"tabpanel\" class=\"tab-panel\" id=\"{id}-panel-{i}\" aria-labelledby=\"{id}-tab-{i}\" tabindex=\"0\"{hidden}>",
                            id = group.id
                        );
                        push_block(&mut out, n, &indent, &html);
                    }
                    None => {
                        self.warn(
                            n,
                            "`<TabItem>` outside `<Tabs>`; its content is shown without tabs"
                                .into(),
                        );
                        out.push(Line::new("", n));
                    }
                },
                ("TabItem", true) => {
                    if tabs.is_empty() {
                        out.push(Line::new("", n));
                    } else {
                        push_block(&mut out, n, &indent, "</div>");
                    }
                }
                ("VersionedLink", false) => {
                    out.push(Line::new(format!("{indent}{}", versioned_link(&attrs)), n))
                }
                (_, true) => out.push(Line::new("", n)),
                (other, false) => {
                    self.warn(
                        n,
                        format!("MDX component `<{other}>` is not supported offline; its content is shown without it"),
                    );
                    if self_closing {
                        push_block(&mut out, n, &indent, &unsupported_note(other));
                    } else {
                        out.push(Line::new("", n));
                    }
                }
            }
        }
        while tabs.pop().is_some() {
            let n = out.last().map_or(1, |l| l.source_line);
            self.warn(n, "`<Tabs>` is never closed; add `</Tabs>`".into());
            push_block(&mut out, n, "", "</div>");
        }
        out
    }

    fn include_partial(
        &mut self,
        attrs: &[(String, String)],
        indent: &str,
        n: usize,
        depth: usize,
        out: &mut Vec<Line>,
    ) {
        let (Some(category), Some(name)) = (attr(attrs, "category"), attr(attrs, "name")) else {
            self.warn(
                n,
                "`<PartialsComponent>` needs `category` and `name` attributes".into(),
            );
            push_block(out, n, indent, &missing_partial_note("?", "?"));
            return;
        };
        if depth >= MAX_PARTIAL_DEPTH {
            self.warn(n, format!("partial `{category}/{name}` nests deeper than {MAX_PARTIAL_DEPTH} levels (a cycle?); not included"));
            push_block(out, n, indent, &missing_partial_note(category, name));
            return;
        }
        let Some(body) = self.env.partial(category, name) else {
            self.warn(
                n,
                format!("partial `{category}/{name}` not found; add a file with `partial_category: {category}` and `partial_name: {name}` to the partials folder, or pass --partials DIR"),
            );
            push_block(out, n, indent, &missing_partial_note(category, name));
            return;
        };
        let body = PROPS.replace_all(&body, |c: &regex::Captures<'_>| {
            attr(attrs, &c[1]).map_or_else(|| c[0].to_string(), str::to_string)
        });
        let included: Vec<Line> = body
            .lines()
            .map(|l| {
                if l.trim().is_empty() {
                    Line::new("", n)
                } else {
                    Line::new(format!("{indent}{l}"), n)
                }
            })
            .collect();
        out.push(Line::new("", n));
        let rewritten = self.rewrite(included, depth + 1);
        out.extend(rewritten);
        out.push(Line::new("", n));
    }

    /// Inline components: `<VersionedLink>` becomes a markdown link; others are removed, keeping their text.
    /// Code spans are left alone.
    fn rewrite_inline(&mut self, text: &str, n: usize) -> String {
        if !text.contains('<') {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        for (i, part) in text.split('`').enumerate() {
            if i > 0 {
                out.push('`');
            }
            if i % 2 == 1 {
                out.push_str(part);
                continue;
            }
            let replaced = INLINE_TAG.replace_all(part, |c: &regex::Captures<'_>| {
                let name = &c[2];
                if name == "VersionedLink" && c[1].is_empty() {
                    return versioned_link(&parse_attrs(&c[3]));
                }
                if c[1].is_empty() {
                    self.diagnostics.push(Diagnostic::new(
                        Severity::Warning,
                        n,
                        format!("MDX component `<{name}>` is not supported offline; only its text is shown"),
                    ));
                }
                String::new()
            });
            out.push_str(&replaced);
        }
        out
    }
}

fn brace_balance(s: &str) -> i64 {
    s.chars().fold(0, |acc, c| match c {
        '{' | '(' | '[' => acc + 1,
        '}' | ')' | ']' => acc - 1,
        _ => acc,
    })
}

/// Joins a JSX opening tag written over several lines (`<PartialsComponent\n  name="x"\n/>`) into one line.
fn join_multiline_tags(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    let mut iter = lines.into_iter().peekable();
    while let Some(mut line) = iter.next() {
        if fences.step(&line.text) {
            out.push(line);
            continue;
        }
        let t = line.text.trim_start();
        let starts_component =
            t.starts_with('<') && t[1..].starts_with(|c: char| c.is_ascii_uppercase());
        if starts_component && !t.contains('>') {
            let mut joined = 0;
            while joined < 20 {
                let Some(next) = iter.next() else { break };
                line.text.push(' ');
                line.text.push_str(next.text.trim());
                out.push(Line::new("", next.source_line));
                joined += 1;
                if next.text.contains('>') {
                    break;
                }
            }
            // The joined tag goes before the blank placeholders so the output order stays the source order.
            let at = out.len() - joined;
            out.insert(at, line);
            continue;
        }
        out.push(line);
    }
    out
}

/// The `<TabItem>`s directly inside a `<Tabs>` block that starts at `lines[0]`.
fn scan_tab_items(lines: &[Line]) -> Vec<TabItem> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut fences = Fences::default();
    for line in lines {
        if fences.step(&line.text) {
            continue;
        }
        let Some(c) = WHOLE_LINE_TAG.captures(line.text.trim()) else {
            continue;
        };
        match (&c[2], c[1].is_empty()) {
            ("Tabs", true) => depth += 1,
            ("Tabs", false) => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            ("TabItem", true) if depth == 0 => {
                let attrs = parse_attrs(&c[3]);
                let value = attr(&attrs, "value").unwrap_or("").to_string();
                let label = attr(&attrs, "label").map_or_else(|| value.clone(), str::to_string);
                items.push(TabItem {
                    default: attr(&attrs, "default").is_some(),
                    value,
                    label,
                });
            }
            _ => {}
        }
    }
    items
}

fn tab_list_html(group: &TabGroup) -> String {
    let mut html = format!(
        "<div class=\"tabs\" id=\"{}\"><div role=\"tablist\" class=\"tabs-list\">",
        group.id
    );
    for (i, item) in group.items.iter().enumerate() {
        let selected = i == group.selected;
        html.push_str(&format!(
            "<button type=\"button\" role=\"tab\" class=\"tab\" id=\"{id}-tab-{i}\" aria-controls=\"{id}-panel-{i}\" aria-selected=\"{selected}\" tabindex=\"{tabindex}\" data-value=\"{value}\">{label}</button>",
            id = group.id,
            tabindex = if selected { 0 } else { -1 },
            value = escape_html(&item.value),
            label = escape_html(&item.label),
        ));
    }
    html.push_str("</div>");
    html
}

/// An HTML block on its own, separated by blank lines so the markdown around it keeps parsing.
fn push_block(out: &mut Vec<Line>, n: usize, indent: &str, html: &str) {
    out.push(Line::new("", n));
    out.push(Line::new(format!("{indent}{html}"), n));
    out.push(Line::new("", n));
}

fn versioned_link(attrs: &[(String, String)]) -> String {
    let url = attr(attrs, "url").unwrap_or("");
    let text = attr(attrs, "text").unwrap_or(url);
    format!(
        "[{}]({})",
        text.replace(']', "\\]"),
        url.replace(' ', "%20")
    )
}

fn unsupported_note(component: &str) -> String {
    format!(
        "<div class=\"mdx-unsupported\" role=\"note\">Interactive content (<code>{}</code>) is not included in this offline snapshot.</div>",
        escape_html(component)
    )
}

fn missing_partial_note(category: &str, name: &str) -> String {
    format!(
        "<div class=\"mdx-unsupported\" role=\"note\">Shared content <code>{}/{}</code> is not included in this snapshot.</div>",
        escape_html(category),
        escape_html(name)
    )
}

#[cfg(test)]
mod tests {
    use super::super::lines::split;
    use super::super::LinkTarget;
    use super::*;

    struct Env;
    impl RenderEnv for Env {
        fn resolve_link(&self, href: &str) -> LinkTarget {
            LinkTarget::External { url: href.into() }
        }
        fn resolve_image(&self, _src: &str) -> Option<String> {
            None
        }
        fn partial(&self, category: &str, name: &str) -> Option<String> {
            (category == "c" && name == "p").then(|| "Hello {props.who}.\n\n- item".to_string())
        }
    }

    fn run(md: &str) -> (String, Vec<Diagnostic>) {
        let mut m = Mdx::new(&Env);
        let out = m.rewrite(split(md, 1), 0);
        (
            out.iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            m.diagnostics,
        )
    }

    #[test]
    fn partials_are_included_with_props_and_indent() {
        let (out, d) =
            run("1. Step\n\n   <PartialsComponent category=\"c\" name=\"p\" who=\"ops\" />\n");
        assert!(out.contains("   Hello ops."), "{out}");
        assert!(out.contains("   - item"));
        assert!(d.is_empty());
    }

    #[test]
    fn missing_partials_leave_a_note_and_a_warning() {
        let (out, d) = run("<PartialsComponent\n  category=\"x\"\n  name=\"y\"\n/>\n");
        assert!(out.contains("mdx-unsupported"));
        assert!(!out.contains("PartialsComponent"));
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn tabs_become_an_aria_tab_set() {
        let md = "<Tabs>\n\n<TabItem label=\"One\" value=\"1\">\n\nA\n\n</TabItem>\n<TabItem label=\"Two\" value=\"2\" default>\n\nB\n\n</TabItem>\n\n</Tabs>\n";
        let (out, _) = run(md);
        assert!(out.contains("role=\"tablist\""));
        assert_eq!(out.matches("role=\"tab\"").count(), 2);
        assert!(out.contains("aria-selected=\"true\" tabindex=\"0\" data-value=\"2\""));
        assert!(out.contains(
            "id=\"tabs-1-panel-0\" aria-labelledby=\"tabs-1-tab-0\" tabindex=\"0\" hidden"
        ));
        assert!(!out.contains("<Tab"));
    }

    #[test]
    fn imports_exports_and_unknown_components_degrade() {
        let md = "import Tabs from '@theme/Tabs';\nexport const x = {\n  a: 1,\n};\n\n<Video src=\"x\" />\n\nSee <VersionedLink text=\"Docs\" url=\"/a/b\" /> and <Badge>new</Badge> `<Keep/>`.\n";
        let (out, d) = run(md);
        assert!(!out.contains("import"));
        assert!(!out.contains("a: 1"));
        assert!(out.contains("mdx-unsupported"));
        assert!(out.contains("[Docs](/a/b)"));
        assert!(out.contains("and new `<Keep/>`."), "{out}");
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn partial_cycles_stop() {
        struct Loop;
        impl RenderEnv for Loop {
            fn resolve_link(&self, href: &str) -> LinkTarget {
                LinkTarget::External { url: href.into() }
            }
            fn resolve_image(&self, _: &str) -> Option<String> {
                None
            }
            fn partial(&self, _: &str, _: &str) -> Option<String> {
                Some("<PartialsComponent category=\"a\" name=\"b\" />".into())
            }
        }
        let mut m = Mdx::new(&Loop);
        let out = m.rewrite(
            split("<PartialsComponent category=\"a\" name=\"b\" />", 1),
            0,
        );
        assert!(out.iter().any(|l| l.text.contains("mdx-unsupported")));
        assert_eq!(m.diagnostics.len(), 1);
    }
}

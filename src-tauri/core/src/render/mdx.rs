//! The MDX the Docusaurus sources use, turned into markdown and HTML blocks before parsing:
//! `<PartialsComponent>` and imported partials, `<Tabs>`/`<TabItem>`, `<VersionedLink>`,
//! `<PaletteVertexUrlMapper>`, `<TpBadge>`, `<Video>`, `<CveReportsTable>`, `import`/`export` lines
//! and `{/* … */}` comments. Components the app cannot run degrade to their readable content or a
//! visible note — never raw tag text.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::comments;
use super::components::{self, ComponentUse};
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
/// `{props.name}`, and before it `=` when it is an attribute value (`edition={props.edition}`).
static PROPS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(=\s*)?\{\s*props\.([A-Za-z_][\w]*)\s*\}").expect("valid regex"));
/// `<Video title="…" src="…"></Video>`: an element with nothing inside, opened and closed on one line.
static EMPTY_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<([A-Z][A-Za-z0-9_.]*)((?:\s[^<>]*?)?)\s*>\s*</([A-Z][A-Za-z0-9_.]*)>$")
        .expect("valid regex")
});
/// A list item line holding one component: marker prefix, then the tag (name in group 3).
static LIST_ITEM_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*(?:[-*+]|\d{1,9}[.)])\s+)(<([A-Z][A-Za-z0-9_.]*)[^<>]*/?>(?:\s*</[A-Z][A-Za-z0-9_.]*>)?\s*)$")
        .expect("valid regex")
});
/// `import Name from "…/_partials/….mdx";` — a partial used as the component `<Name />`.
static PARTIAL_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^import\s+([A-Za-z_$][\w$]*)\s+from\s+["']([^"']*_partials/[^"']+)["']"#)
        .expect("valid regex")
});

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
    /// Every component met and how it was rendered, for the `bundle check` census.
    pub components: Vec<ComponentUse>,
    tab_groups: usize,
}

struct TabItem {
    value: String,
    label: String,
    default: bool,
}

struct TabGroup {
    id: String,
    /// `groupId`: tab sets sharing it switch together on the original site.
    group_id: Option<String>,
    items: Vec<TabItem>,
    next: usize,
    selected: usize,
}

impl<'a> Mdx<'a> {
    pub fn new(env: &'a dyn RenderEnv) -> Mdx<'a> {
        Mdx {
            env,
            diagnostics: Vec::new(),
            components: Vec::new(),
            tab_groups: 0,
        }
    }

    fn record(&mut self, component: &str, rendered_as: &str, line: usize) {
        self.components.push(ComponentUse {
            component: component.to_string(),
            rendered_as: rendered_as.to_string(),
            line,
        });
    }

    fn warn(&mut self, line: usize, message: String) {
        self.diagnostics
            .push(Diagnostic::new(Severity::Warning, line, message));
    }

    /// Rewrites a page's lines. `depth` counts partial inclusion.
    pub fn rewrite(&mut self, lines: Vec<Line>, depth: usize) -> Vec<Line> {
        let (lines, comments) = comments::strip(lines);
        for line in comments {
            self.record("{/* */}", "MDX comment, removed", line);
        }
        let imports = partial_imports(&lines);
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
            let mut indent = line.indent().to_string();
            // `- <Partial />`: a list item whose content is one component; the component is
            // rendered at the item's content column and the marker put back on its first line.
            let list_prefix = LIST_ITEM_TAG
                .captures(&line.text)
                .filter(|c| !matches!(&c[3], "Tabs" | "TabItem"))
                .map(|c| (c[1].to_string(), c.get(2).map_or(0, |m| m.start())));
            let trimmed = match &list_prefix {
                Some((prefix, at)) => {
                    indent = " ".repeat(prefix.chars().count());
                    line.text[*at..].trim()
                }
                None => trimmed,
            };
            let (closing, name, attrs, self_closing) =
                if let Some(caps) = EMPTY_PAIR.captures(trimmed).filter(|c| c[1] == c[3]) {
                    (false, caps[1].to_string(), parse_attrs(&caps[2]), true)
                } else if let Some(caps) = WHOLE_LINE_TAG.captures(trimmed) {
                    (
                        !caps[1].is_empty(),
                        caps[2].to_string(),
                        parse_attrs(&caps[3]),
                        !caps[4].is_empty(),
                    )
                } else {
                    out.push(Line::new(self.rewrite_inline(&line.text, n), n));
                    continue;
                };
            let start = out.len();
            if let Some(path) = imports.get(&name) {
                if !closing {
                    self.include_partial_file(path, &name, &attrs, &indent, n, depth, &mut out);
                } else {
                    out.push(Line::new("", n));
                }
            } else {
                match (name.as_str(), closing) {
                    ("PartialsComponent", false) => {
                        self.include_partial(&attrs, &indent, n, depth, &mut out)
                    }
                    ("PartialsComponent", true) => out.push(Line::new("", n)),
                    ("Tabs", false) if !self_closing => {
                        self.tab_groups += 1;
                        let mut group = TabGroup {
                            id: format!("tabs-{}", self.tab_groups),
                            group_id: attr(&attrs, "groupId").map(str::to_string),
                            items: scan_tab_items(&lines[idx + 1..]),
                            next: 0,
                            selected: 0,
                        };
                        group.selected = group.items.iter().position(|t| t.default).unwrap_or(0);
                        self.record("Tabs", "tab set (buttons and panels)", n);
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
                            self.components.push(ComponentUse {
                                component: "TabItem".into(),
                                rendered_as: "tab panel".into(),
                                line: n,
                            });
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
                        self.record("VersionedLink", "link", n);
                        out.push(Line::new(format!("{indent}{}", versioned_link(&attrs)), n))
                    }
                    ("PaletteVertexUrlMapper", false) => {
                        let link = self.edition_link(&attrs, n);
                        out.push(Line::new(format!("{indent}{link}"), n))
                    }
                    ("TpBadge", false) => {
                        self.record("TpBadge", "Tech Preview badge", n);
                        out.push(Line::new(
                            format!("{indent}{}", components::tech_preview_badge()),
                            n,
                        ))
                    }
                    ("Video", false) => {
                        let (html, how) = components::video(
                            self.env,
                            attr(&attrs, "title").unwrap_or(""),
                            attr(&attrs, "src").unwrap_or(""),
                        );
                        self.record("Video", how, n);
                        push_block(&mut out, n, &indent, &html);
                    }
                    ("CveReportsTable", false) => {
                        self.record(
                            "CveReportsTable",
                            "advisory explorer mount with a plain list of the advisories",
                            n,
                        );
                        for l in components::advisory_explorer(self.env, &indent) {
                            out.push(Line::new(l, n));
                        }
                    }
                    (_, true) => out.push(Line::new("", n)),
                    (other, false) => {
                        self.warn(
                        n,
                        format!("MDX component `<{other}>` is not supported offline; its content is shown without it"),
                    );
                        self.record(
                            other,
                            if self_closing {
                                "not supported: a note says it is left out"
                            } else {
                                "not supported: its text only"
                            },
                            n,
                        );
                        if self_closing {
                            push_block(&mut out, n, &indent, &unsupported_note(other));
                        } else {
                            out.push(Line::new("", n));
                        }
                    }
                }
            }
            if let Some((prefix, _)) = &list_prefix {
                put_list_marker(&mut out, start, prefix, n);
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
            self.record("PartialsComponent", "note: the partial is missing", n);
            push_block(out, n, indent, &missing_partial_note(category, name));
            return;
        };
        self.record(
            "PartialsComponent",
            "the partial's content, props filled in",
            n,
        );
        self.include_body(&body, attrs, indent, n, depth, out);
    }

    /// `<Name />` where `import Name from "…/_partials/<path>"`: that partial file's content.
    #[allow(clippy::too_many_arguments)]
    fn include_partial_file(
        &mut self,
        path: &str,
        name: &str,
        attrs: &[(String, String)],
        indent: &str,
        n: usize,
        depth: usize,
        out: &mut Vec<Line>,
    ) {
        if depth >= MAX_PARTIAL_DEPTH {
            self.warn(n, format!("partial `{path}` nests deeper than {MAX_PARTIAL_DEPTH} levels (a cycle?); not included"));
            push_block(out, n, indent, &missing_partial_file_note(path));
            return;
        }
        let Some(body) = self.env.partial_file(path) else {
            self.warn(
                n,
                format!("`<{name}>` imports the partial `_partials/{path}`, which is not in the partials folder; add the file there, or pass --partials DIR"),
            );
            self.record(name, "note: the imported partial is missing", n);
            push_block(out, n, indent, &missing_partial_file_note(path));
            return;
        };
        self.record(name, "imported partial: its content, props filled in", n);
        self.include_body(&body, attrs, indent, n, depth, out);
    }

    fn include_body(
        &mut self,
        body: &str,
        attrs: &[(String, String)],
        indent: &str,
        n: usize,
        depth: usize,
        out: &mut Vec<Line>,
    ) {
        let body = substitute_props(body, attrs);
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
                if !c[1].is_empty() {
                    return String::new();
                }
                match name {
                    "VersionedLink" => {
                        self.record("VersionedLink", "link", n);
                        versioned_link(&parse_attrs(&c[3]))
                    }
                    "PaletteVertexUrlMapper" => self.edition_link(&parse_attrs(&c[3]), n),
                    "TpBadge" => {
                        self.record("TpBadge", "Tech Preview badge", n);
                        components::tech_preview_badge().to_string()
                    }
                    _ => {
                        self.diagnostics.push(Diagnostic::new(
                            Severity::Warning,
                            n,
                            format!("MDX component `<{name}>` is not supported offline; only its text is shown"),
                        ));
                        self.record(name, "not supported: its text only", n);
                        String::new()
                    }
                }
            });
            out.push_str(&replaced);
        }
        out
    }
}

impl Mdx<'_> {
    /// `<PaletteVertexUrlMapper edition text url />` as a markdown link into the edition's section.
    fn edition_link(&mut self, attrs: &[(String, String)], n: usize) -> String {
        let edition = attr(attrs, "edition").unwrap_or("");
        let url = attr(attrs, "url").unwrap_or("");
        let target = components::edition_url(
            edition,
            url,
            attr(attrs, "vertexPath"),
            attr(attrs, "palettePath"),
        );
        let text = attr(attrs, "text").unwrap_or(url);
        if !components::is_vertex(edition) && !edition.trim().eq_ignore_ascii_case("palette") {
            self.warn(
                n,
                format!("`<PaletteVertexUrlMapper>` has edition `{edition}`, which is neither `Palette` nor `VerteX`; it links to the self-hosted Palette page. Pass `edition=\"Palette\"` or `edition=\"VerteX\"` (in a partial: the `edition` prop of the tag that includes it)"),
            );
        }
        let how = if components::is_vertex(edition) {
            "link into the Palette VerteX section"
        } else {
            "link into the self-hosted Palette section"
        };
        self.record("PaletteVertexUrlMapper", how, n);
        components::markdown_link(text, &target)
    }
}

/// Puts a list item's marker back on the first line a component rendered into (or on its own
/// line when it rendered nothing), so the component's content stays the item's content.
fn put_list_marker(out: &mut Vec<Line>, start: usize, prefix: &str, n: usize) {
    let width = prefix.chars().count();
    match out[start..].iter_mut().find(|l| !l.text.trim().is_empty()) {
        Some(first) => {
            let content = first.text.get(width..).unwrap_or("").to_string();
            first.text = format!("{prefix}{content}");
        }
        None => out.push(Line::new(prefix.trim_end(), n)),
    }
}

/// Fills `{props.name}` with the value the including tag passes. In an attribute
/// (`edition={props.edition}`) the value becomes a quoted attribute value; a prop that is not
/// passed is empty, as on the original site (never the raw `{props.…}` text).
fn substitute_props(body: &str, attrs: &[(String, String)]) -> String {
    PROPS
        .replace_all(body, |c: &regex::Captures<'_>| {
            let value = attr(attrs, &c[2]).unwrap_or("");
            if c.get(1).is_some() {
                format!("=\"{}\"", value.replace('"', "&quot;"))
            } else {
                value.to_string()
            }
        })
        .into_owned()
}

/// The partials a page imports as components: component name → path inside the partials folder.
fn partial_imports(lines: &[Line]) -> HashMap<String, String> {
    lines
        .iter()
        .filter_map(|l| PARTIAL_IMPORT.captures(l.text.trim()))
        .filter_map(|c| {
            let path = c[2].rsplit_once("_partials/").map(|(_, p)| p.to_string())?;
            Some((c[1].to_string(), path))
        })
        .collect()
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
        if opens_unfinished_component_tag(&line.text) {
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

/// Whether the line's last component tag (`<Name …`, outside code spans) is still open at its end.
fn opens_unfinished_component_tag(text: &str) -> bool {
    let mut starts = text.match_indices('<').filter(|(i, _)| {
        text[i + 1..].starts_with(|c: char| c.is_ascii_uppercase())
            && text[..*i].matches('`').count() % 2 == 0
    });
    starts
        .next_back()
        .is_some_and(|(i, _)| !text[i..].contains('>'))
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
    let group_attr = group
        .group_id
        .as_deref()
        .map(|g| format!(" data-group-id=\"{}\"", escape_html(g)))
        .unwrap_or_default();
    let mut html = format!(
        "<div class=\"tabs\" id=\"{}\"{group_attr}><div role=\"tablist\" class=\"tabs-list\">",
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

fn missing_partial_file_note(path: &str) -> String {
    format!(
        "<div class=\"mdx-unsupported\" role=\"note\">Shared content <code>{}</code> is not included in this snapshot.</div>",
        escape_html(path)
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
        let md = "import Tabs from '@theme/Tabs';\nexport const x = {\n  a: 1,\n};\n\n<Chart src=\"x\" />\n\nSee <VersionedLink text=\"Docs\" url=\"/a/b\" /> and <Badge>new</Badge> `<Keep/>`.\n";
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

    #[test]
    fn props_fill_attribute_values_and_missing_props_are_empty() {
        let body = "<PaletteVertexUrlMapper edition={props.edition} text=\"t\" url=\"/u\" /> {props.who} {props.none}.";
        let attrs = parse_attrs("edition=\"VerteX\" who='crew'");
        assert_eq!(
            substitute_props(body, &attrs),
            "<PaletteVertexUrlMapper edition=\"VerteX\" text=\"t\" url=\"/u\" /> crew ."
        );
    }

    #[test]
    fn edition_links_written_over_several_lines_in_a_sentence() {
        let (out, d) = run("Go to the <PaletteVertexUrlMapper\n  edition=\"vertex\"\n  text=\"console\"\n  url=\"/a#b\"\n/> now.\n");
        assert!(
            out.starts_with("Go to the [console](/vertex/a#b) now."),
            "{out}"
        );
        assert_eq!(out.split('\n').count(), 5, "line numbers stay: {out}");
        assert!(d.is_empty());
    }

    #[test]
    fn an_empty_element_on_one_line_is_one_component() {
        let (out, d) =
            run("<Video title=\"Tour\" src=\"/v.mp4\"></Video>\n\nCell <TpBadge /> here.\n");
        assert!(
            out.contains("video-missing") && out.contains("Video: Tour"),
            "{out}"
        );
        assert!(out.contains("Cell <span class=\"badge badge-tech-preview\""));
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn imported_partials_are_found_by_their_path() {
        struct Files;
        impl RenderEnv for Files {
            fn resolve_link(&self, href: &str) -> LinkTarget {
                LinkTarget::External { url: href.into() }
            }
            fn resolve_image(&self, _: &str) -> Option<String> {
                None
            }
            fn partial(&self, _: &str, _: &str) -> Option<String> {
                None
            }
            fn partial_file(&self, path: &str) -> Option<String> {
                (path == "team/_hello.mdx").then(|| "Hi {props.name}.".to_string())
            }
        }
        let mut m = Mdx::new(&Files);
        let md = "import Hello from \"../../_partials/team/_hello.mdx\";\n\n- <Hello name=\"Ada\" />\n\n  <Hello name=\"Bo\" />\n";
        let out: Vec<String> = m
            .rewrite(split(md, 1), 0)
            .into_iter()
            .map(|l| l.text)
            .collect();
        let out = out.join("\n");
        assert!(!out.contains("import"));
        assert!(
            out.contains("- Hi Ada."),
            "the marker stays on the item: {out}"
        );
        assert!(
            out.contains("\n  Hi Bo."),
            "indented inside the list item: {out}"
        );
        assert!(m.diagnostics.is_empty(), "{:?}", m.diagnostics);
        let uses = m.components.iter().filter(|c| c.component == "Hello");
        assert_eq!(uses.count(), 2);
    }
}

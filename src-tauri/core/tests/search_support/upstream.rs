//! Test input for search: the upstream Security pages split into heading sections.
//!
//! A stand-in for the engine's render output until the bundle builder produces `SearchDoc`s; only
//! [`upstream_docs`] needs to change then. Shared by the relevance test, the bench and the
//! `export_sections` example through `#[path]`.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use palette_docs_core::search::SearchDoc;

/// `../shared/upstream/librarium` next to the repository, if present.
pub fn upstream_root() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/upstream/librarium");
    root.join("docs/docs-content/security")
        .is_dir()
        .then_some(root)
}

/// The Security pages as search documents; empty when the upstream copy is absent.
///
/// Panics when absent and `CI=true`, because CI must not silently skip the corpus tests.
pub fn upstream_docs() -> Vec<SearchDoc> {
    let Some(root) = upstream_root() else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("../shared/upstream is required when CI=true");
        }
        return Vec::new();
    };
    let security = root.join("docs/docs-content/security");
    let mut files = Vec::new();
    collect_md(&security, &mut files);
    files.sort();
    let mut docs = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let rel = file
            .strip_prefix(root.join("docs/docs-content"))
            .unwrap_or(&file);
        let (front, body) = split_frontmatter(&text);
        let title = front_str(&front, "title").unwrap_or_else(|| "Untitled".into());
        let tags = match front.get("tags") {
            Some(serde_yaml_ng::Value::Sequence(s)) => s
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let body = inline_partials(&root, body);
        let route = route_of(rel);
        let crumbs = breadcrumbs_of(&root.join("docs/docs-content"), rel);
        docs.extend(markdown_sections(&route, &title, &crumbs, &tags, &body));
    }
    docs
}

fn collect_md(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_md(&p, out);
        } else if p.extension().is_some_and(|x| x == "md" || x == "mdx") {
            out.push(p);
        }
    }
}

fn split_frontmatter(text: &str) -> (serde_yaml_ng::Mapping, &str) {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---") {
            let yaml = &rest[..end];
            let after = &rest[end + 4..];
            let map = serde_yaml_ng::from_str(yaml).unwrap_or_default();
            return (map, after.trim_start_matches(['\r', '\n']));
        }
    }
    (serde_yaml_ng::Mapping::new(), text)
}

fn front_str(map: &serde_yaml_ng::Mapping, key: &str) -> Option<String> {
    map.get(key)
        .and_then(|v| v.as_str())
        .map(|s| s.trim().to_string())
}

/// Docusaurus routes: path without extension; `x/x.md` is the folder's index.
pub fn route_of(rel: &Path) -> String {
    let mut segs: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if segs.len() >= 2 && segs[segs.len() - 1] == segs[segs.len() - 2] {
        segs.pop();
    }
    format!("/{}/", segs.join("/"))
}

/// Category labels above a page: the index page's `sidebar_label` of each ancestor folder.
fn breadcrumbs_of(content: &Path, rel: &Path) -> Vec<String> {
    let route = route_of(rel);
    let segs: Vec<&str> = route.split('/').filter(|s| !s.is_empty()).collect();
    let mut out = Vec::new();
    let mut dir = content.to_path_buf();
    for seg in &segs[..segs.len().saturating_sub(1)] {
        dir = dir.join(seg);
        let index = dir.join(format!("{seg}.md"));
        let label = fs::read_to_string(&index)
            .ok()
            .and_then(|t| front_str(&split_frontmatter(&t).0, "sidebar_label"))
            .unwrap_or_else(|| title_case(seg));
        out.push(label);
    }
    out
}

fn title_case(seg: &str) -> String {
    seg.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces `<PartialsComponent category="c" name="n" />` by `_partials/c/_n.mdx` (frontmatter dropped).
fn inline_partials(root: &Path, body: &str) -> String {
    let mut out = String::new();
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("<PartialsComponent") {
            let attr = |name: &str| {
                t.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .map(str::to_string)
            };
            if let (Some(c), Some(n)) = (attr("category"), attr("name")) {
                if let Ok(p) = fs::read_to_string(root.join(format!("_partials/{c}/_{n}.mdx"))) {
                    out.push_str(split_frontmatter(&p).1);
                    out.push('\n');
                    continue;
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Splits markdown into an intro section and one section per heading, as plain text.
pub fn markdown_sections(
    route: &str,
    title: &str,
    breadcrumbs: &[String],
    tags: &[String],
    markdown: &str,
) -> Vec<SearchDoc> {
    let markdown = strip_comments(markdown);
    let mut docs = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut current: (Option<String>, Option<String>, String) = (None, None, String::new());
    let mut in_fence = false;
    let mut saw_heading = false;
    let new_doc = |anchor: Option<String>, section: Option<String>, body: &str| SearchDoc {
        route: route.to_string(),
        anchor,
        page_title: title.to_string(),
        section,
        breadcrumbs: breadcrumbs.to_vec(),
        body: body.split_whitespace().collect::<Vec<_>>().join(" "),
        tags: tags.to_vec(),
    };
    for line in markdown.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence && t.starts_with('#') {
            let level = t.chars().take_while(|&c| c == '#').count();
            let text = t[level..].trim();
            if (1..=6).contains(&level) && !text.is_empty() && t[level..].starts_with(' ') {
                let (heading, explicit) = match text.rfind("{#") {
                    Some(i) if text.ends_with('}') => (
                        text[..i].trim().to_string(),
                        Some(text[i + 2..text.len() - 1].to_string()),
                    ),
                    _ => (text.to_string(), None),
                };
                let heading = plain(&heading);
                let mut anchor = explicit.unwrap_or_else(|| slug(&heading));
                let base = anchor.clone();
                let mut n = 1;
                while used.contains(&anchor) {
                    anchor = format!("{base}-{n}");
                    n += 1;
                }
                used.push(anchor.clone());
                let (a, s, b) =
                    std::mem::replace(&mut current, (Some(anchor), Some(heading), String::new()));
                if a.is_some() || !b.trim().is_empty() {
                    docs.push(new_doc(a, s, &b));
                }
                saw_heading = true;
                continue;
            }
        }
        if !in_fence && (t.starts_with(":::") || t.starts_with("import ")) {
            continue;
        }
        let text = if in_fence { t.to_string() } else { plain(t) };
        current.2.push_str(&text);
        current.2.push('\n');
    }
    let (a, s, b) = current;
    if a.is_some() || !b.trim().is_empty() || !saw_heading {
        docs.push(new_doc(a, s, &b));
    }
    docs
}

fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(j) => rest = &rest[i + j + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Markdown inline syntax to plain text: links keep their text, tags and emphasis marks go.
fn plain(line: &str) -> String {
    let mut s = line.to_string();
    // Links and images: drop the `(url)` after `]`.
    while let Some(i) = s.find("](") {
        match s[i..].find(')') {
            Some(j) => s.replace_range(i + 1..i + j + 1, ""),
            None => break,
        }
    }
    // HTML/JSX tags: `<br />`, `<Tabs>` … (but not prose like `(<v1.9.4)`).
    let mut out = String::new();
    let mut rest = s.as_str();
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let tag_like = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match after.find('>') {
            Some(j) if tag_like => rest = &after[j + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out
        .replace("**", "")
        .replace('`', "")
        .replace("![", "")
        .replace(['[', ']'], "");
    let out = out.trim_start_matches(['-', '>', '*', ' ']).to_string();
    out.replace('|', " ")
}

/// GitHub-style heading slug: lower-case, punctuation dropped, spaces to hyphens.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Bytes of the upstream Security markdown (pages and the included partial): the index-size yardstick.
pub fn upstream_markdown_bytes() -> u64 {
    let Some(root) = upstream_root() else {
        return 0;
    };
    let mut files = Vec::new();
    collect_md(&root.join("docs/docs-content/security"), &mut files);
    collect_md(&root.join("_partials/security"), &mut files);
    files
        .iter()
        .filter_map(|f| fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

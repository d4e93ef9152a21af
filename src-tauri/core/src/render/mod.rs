//! Markdown → page: the pulldown-cmark pipeline. It returns data (HTML, title, headings, TOC, links,
//! plain-text sections for search, diagnostics) and writes nothing.

pub mod admonitions;
pub mod comments;
pub mod components;
pub mod headings;
pub mod highlight;
pub mod lines;
pub mod links;
pub mod mdx;
pub mod options;
pub mod sanitize;
pub mod toc;

use std::collections::{BTreeMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};
pub use components::ComponentUse;
pub use headings::Slugger;
use highlight::{escape_html, FenceInfo};
pub use links::{LinkRef, LinkTarget};
pub use toc::{Heading, TocEntry};

/// What the renderer needs to know about the world around a page.
pub trait RenderEnv {
    /// Resolves a link destination as written in the page.
    fn resolve_link(&self, href: &str) -> LinkTarget;
    /// The bundle URL (`/assets/…`) of an image, or `None` when it is not available offline.
    fn resolve_image(&self, src: &str) -> Option<String>;
    /// The markdown body (frontmatter removed) of the partial with this category and name.
    fn partial(&self, category: &str, name: &str) -> Option<String>;
    /// The markdown body of the partial file at this path inside the partials folder
    /// (`self-hosted/_customize-interface.mdx`), for partials a page imports as a component.
    fn partial_file(&self, _path: &str) -> Option<String> {
        None
    }
    /// The original site's address of a site-absolute path (`/videos/x.mp4`), shown and never fetched.
    fn site_address(&self, _path: &str) -> Option<String> {
        None
    }
    /// Every advisory page of the snapshot as (id, route), newest first, for `<CveReportsTable />`.
    fn advisories(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Deepest heading level shown in the TOC (`toc_max_heading_level`).
    pub toc_max_level: u8,
    /// Line number of the first markdown line in its file (after the frontmatter), for diagnostics.
    pub first_line: usize,
    /// Extra anchors per heading id (frontmatter `anchor_aliases`), each rendered as an empty
    /// element with that id right before the heading, so the browser scrolls there with no script.
    pub anchor_aliases: BTreeMap<String, Vec<String>>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            toc_max_level: 3,
            first_line: 1,
            anchor_aliases: BTreeMap::new(),
        }
    }
}

/// The plain text under one heading (or before the first heading), for the search index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub anchor: Option<String>,
    pub heading: Option<String>,
    pub level: u8,
    pub text: String,
}

/// An image reference and whether it is available offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    pub src: String,
    pub url: Option<String>,
    pub line: usize,
}

/// A rendered page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    /// Sanitized HTML of the body, without the leading `# title` if the page had one.
    pub html: String,
    /// The text of a leading `# heading`, which Docusaurus shows as the page title.
    pub title: Option<String>,
    pub headings: Vec<Heading>,
    pub toc: Vec<TocEntry>,
    pub links: Vec<LinkRef>,
    pub images: Vec<ImageRef>,
    pub sections: Vec<Section>,
    pub diagnostics: Vec<Diagnostic>,
    /// The alias anchors placed before headings (see [`RenderOptions::anchor_aliases`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anchor_aliases: Vec<String>,
    /// Every MDX component, admonition, comment and image met, and how it was rendered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentUse>,
}

/// A raw HTML `<img …>` tag.
static RAW_IMG: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)<img\b[^>]*>").expect("valid regex"));

/// Sections deeper than this fold into their parent section for search.
const SECTION_MAX_LEVEL: u8 = 4;

/// A page that trims its TOC below h3 (`toc_max_heading_level: 2`, like the CVE reports) reads in
/// units of that level: a CVE and its Impact/Patches/References are one search result.
fn section_max_level(toc_max_level: u8) -> u8 {
    if toc_max_level < 3 {
        toc_max_level.max(2)
    } else {
        SECTION_MAX_LEVEL
    }
}

/// Renders one page of Docusaurus-flavoured markdown (frontmatter already removed).
pub fn render(markdown: &str, env: &dyn RenderEnv, options: &RenderOptions) -> Rendered {
    let mut mdx = mdx::Mdx::new(env);
    let lines = mdx.rewrite(lines::split(markdown, options.first_line), 0);
    let mut diagnostics = std::mem::take(&mut mdx.diagnostics);
    let mut components = std::mem::take(&mut mdx.components);
    let lines = admonitions::rewrite(lines, &mut diagnostics, &mut components);
    let (text, line_map) = lines::join(&lines);

    let mut r = Renderer::new(env, &text, line_map);
    r.diagnostics = diagnostics;
    r.components = components;
    r.section_max_level = section_max_level(options.toc_max_level);
    let parser = Parser::new_ext(&text, options::parser_options()).into_offset_iter();
    for (event, range) in parser {
        r.event(event, range.start);
    }
    r.finish(options)
}

struct HeadingBuf<'a> {
    level: u8,
    explicit_id: Option<String>,
    events: Vec<Event<'a>>,
    text: String,
}

struct ImageBuf {
    src: String,
    title: String,
    alt: String,
    line: usize,
}

struct CodeBuf {
    info: FenceInfo,
    code: String,
}

struct Renderer<'a, 'e> {
    env: &'e dyn RenderEnv,
    line_starts: Vec<usize>,
    line_map: Vec<usize>,
    out: Vec<Event<'a>>,
    heading: Option<HeadingBuf<'a>>,
    image: Option<ImageBuf>,
    code: Option<CodeBuf>,
    slugger: Slugger,
    title: Option<String>,
    headings: Vec<Heading>,
    /// Where each heading's opening tag sits in `out`, by heading id.
    heading_starts: Vec<(usize, String)>,
    links: Vec<LinkRef>,
    images: Vec<ImageRef>,
    sections: Vec<Section>,
    diagnostics: Vec<Diagnostic>,
    components: Vec<ComponentUse>,
    html_comment_open: bool,
    section_max_level: u8,
}

impl<'a, 'e> Renderer<'a, 'e> {
    fn new(env: &'e dyn RenderEnv, text: &str, line_map: Vec<usize>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Renderer {
            env,
            line_starts,
            line_map,
            out: Vec::new(),
            heading: None,
            image: None,
            code: None,
            slugger: Slugger::default(),
            title: None,
            headings: Vec::new(),
            heading_starts: Vec::new(),
            links: Vec::new(),
            images: Vec::new(),
            sections: vec![Section {
                anchor: None,
                heading: None,
                level: 0,
                text: String::new(),
            }],
            diagnostics: Vec::new(),
            components: Vec::new(),
            html_comment_open: false,
            section_max_level: SECTION_MAX_LEVEL,
        }
    }

    fn source_line(&self, offset: usize) -> usize {
        let idx = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        self.line_map.get(idx).copied().unwrap_or(1)
    }

    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(h) => h.events.push(event),
            None => self.out.push(event),
        }
    }

    fn add_text(&mut self, text: &str) {
        if let Some(img) = &mut self.image {
            img.alt.push_str(text);
            return;
        }
        // Heading text belongs to the section the heading opens (or, folded, the one it is in).
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
            return;
        }
        if let Some(section) = self.sections.last_mut() {
            section.text.push_str(text);
        }
    }

    fn event(&mut self, event: Event<'a>, offset: usize) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.finish_code(),
                _ => {}
            }
            return;
        }
        if self.image.is_some() {
            match event {
                Event::End(TagEnd::Image) => self.finish_image(),
                Event::Text(t) | Event::Code(t) => self.add_text(&t),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some(HeadingBuf {
                    level: heading_level(level),
                    explicit_id: id.map(|i| i.to_string()),
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let raw = dest_url.to_string();
                let target = match link_type {
                    LinkType::Email => LinkTarget::External {
                        url: format!("mailto:{raw}"),
                    },
                    _ => self.env.resolve_link(&raw),
                };
                let line = self.source_line(offset);
                if let LinkTarget::Broken { reason } = &target {
                    self.diagnostics.push(Diagnostic::new(
                        Severity::Error,
                        line,
                        format!("broken link `{raw}`: {reason}"),
                    ));
                }
                self.emit(Event::Html(links::open_tag(&target, &title).into()));
                self.links.push(LinkRef { raw, target, line });
            }
            Event::End(TagEnd::Link) => self.emit(Event::Html("</a>".into())),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                self.image = Some(ImageBuf {
                    src: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    line: self.source_line(offset),
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => FenceInfo::parse(&info),
                    CodeBlockKind::Indented => FenceInfo::default(),
                };
                self.code = Some(CodeBuf {
                    info,
                    code: String::new(),
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // Comments never render: upstream keeps whole templates (with headings) inside them.
                let t = html.trim_start();
                if self.html_comment_open || t.starts_with("<!--") {
                    self.html_comment_open = !html.contains("-->");
                    return;
                }
                let html = self.raw_images(html, offset);
                self.emit(Event::Html(html));
            }
            Event::Text(t) => {
                self.add_text(&t);
                self.emit(Event::Text(t));
            }
            Event::Code(t) => {
                self.add_text(&t);
                self.emit(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.add_text(" ");
                self.emit(event);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => {
                self.add_text("\n");
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let text = h.text.trim().to_string();
        if h.level == 1 && self.title.is_none() && self.headings.is_empty() && !self.has_content() {
            // A leading `# Title` is the page title, which the UI shows above the body.
            self.title = Some(text);
            return;
        }
        let id = match h.explicit_id {
            Some(explicit) => self.slugger.claim(explicit),
            None => self.slugger.slug(&text),
        };
        let label = escape_html(&text);
        self.heading_starts.push((self.out.len(), id.clone()));
        self.out.push(Event::Html(
            format!("<h{} id=\"{}\">", h.level, escape_html(&id)).into(),
        ));
        self.out.extend(h.events);
        self.out.push(Event::Html(
            format!(
                " <a class=\"hash-link\" href=\"#{}\" aria-label=\"Direct link to {label}\" title=\"Direct link to {label}\">#</a></h{}>\n",
                escape_html(&id),
                h.level
            )
            .into(),
        ));
        if h.level <= self.section_max_level {
            self.sections.push(Section {
                anchor: Some(id.clone()),
                heading: Some(text.clone()),
                level: h.level,
                text: String::new(),
            });
        } else if let Some(s) = self.sections.last_mut() {
            // Deeper headings stay in their parent's section, and their words stay searchable there.
            s.text.push(' ');
            s.text.push_str(&text);
            s.text.push(' ');
        }
        self.headings.push(Heading {
            level: h.level,
            id,
            text,
        });
    }

    fn has_content(&self) -> bool {
        self.out.iter().any(|e| match e {
            Event::Html(h) => !h.trim().is_empty() && !h.trim_start().starts_with("<!--"),
            Event::Text(t) => !t.trim().is_empty(),
            _ => false,
        })
    }

    fn finish_image(&mut self) {
        let Some(img) = self.image.take() else { return };
        let html = self.image_html(img.src, img.alt.trim(), &img.title, img.line);
        self.emit(Event::Html(html.into()));
    }

    /// An image of the snapshot, or — when its file is not available offline — a labelled
    /// placeholder showing its alt text (never a broken image), reported as a warning.
    fn image_html(&mut self, src: String, alt: &str, title: &str, line: usize) -> String {
        let url = self.env.resolve_image(&src);
        let alt = escape_html(alt);
        let html = match &url {
            Some(u) => {
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape_html(title))
                };
                format!(
                    "<img src=\"{}\" alt=\"{alt}\" loading=\"lazy\"{title}>",
                    escape_html(u)
                )
            }
            None => {
                self.diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    line,
                    format!("image `{src}` is not available offline; add it to one of the static folders next to the docs"),
                ));
                // Without alt text the file name is the only label the reader can be given.
                let label = if alt.is_empty() {
                    escape_html(src.rsplit('/').next().unwrap_or(&src))
                } else {
                    alt
                };
                format!(
                    "<span class=\"image-missing\" role=\"img\" aria-label=\"{label}\">Image not included in this snapshot: {label}</span>"
                )
            }
        };
        self.components.push(ComponentUse {
            component: "image".into(),
            rendered_as: if url.is_some() {
                "image from the snapshot".into()
            } else {
                "labelled placeholder (image missing)".into()
            },
            line,
        });
        self.images.push(ImageRef { src, url, line });
        html
    }

    /// Raw `<img>` tags in the page's HTML resolve like markdown images.
    fn raw_images(&mut self, html: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if !html.to_ascii_lowercase().contains("<img") {
            return html;
        }
        let line = self.source_line(offset);
        let mut out = String::with_capacity(html.len());
        let mut last = 0;
        for m in RAW_IMG.find_iter(&html) {
            out.push_str(&html[last..m.start()]);
            let tag = m.as_str();
            let attrs = mdx::parse_attrs(&tag[4..tag.len() - 1]);
            let get = |name: &str| {
                attrs
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map_or("", |(_, v)| v.as_str())
            };
            let (src, alt, title) = (
                get("src").to_string(),
                get("alt").to_string(),
                get("title").to_string(),
            );
            out.push_str(&self.image_html(src, &alt, &title, line));
            last = m.end();
        }
        out.push_str(&html[last..]);
        out.into()
    }

    fn finish_code(&mut self) {
        let Some(code) = self.code.take() else { return };
        let mut html = format!(
            "<div class=\"code-block\" data-clipboard=\"{}\">",
            !code.info.hide_clipboard
        );
        if let Some(title) = &code.info.title {
            html.push_str(&format!(
                "<div class=\"code-title\">{}</div>",
                escape_html(title)
            ));
        }
        let lang = code.info.lang.as_deref().unwrap_or("text");
        html.push_str(&format!(
            "<pre class=\"code\"><code class=\"language-{}\">",
            escape_html(lang)
        ));
        html.push_str(&highlight::highlight(&code.code, &code.info));
        html.push_str("</code></pre></div>\n");
        self.add_text(&code.code);
        self.add_text("\n");
        self.emit(Event::Html(CowStr::from(html)));
    }

    fn finish(mut self, options: &RenderOptions) -> Rendered {
        // An unterminated heading or image at the end still renders.
        self.finish_heading();
        self.finish_image();
        self.finish_code();
        let anchor_aliases = self.place_anchor_aliases(&options.anchor_aliases);
        let mut raw = String::with_capacity(self.out.len() * 32);
        pulldown_cmark::html::push_html(&mut raw, self.out.into_iter());
        let sections = self
            .sections
            .into_iter()
            .map(|mut s| {
                s.text = collapse_whitespace(&s.text);
                s
            })
            .collect();
        Rendered {
            html: sanitize::sanitize(&raw),
            toc: toc::toc(&self.headings, options.toc_max_level),
            title: self.title,
            headings: self.headings,
            links: self.links,
            images: self.images,
            sections,
            diagnostics: self.diagnostics,
            anchor_aliases,
            components: self.components,
        }
    }

    /// Puts an empty `<span id="alias">` before each aliased heading and returns the aliases placed.
    /// An alias that names no heading, repeats an id or cannot be an id is reported and left out.
    fn place_anchor_aliases(&mut self, aliases: &BTreeMap<String, Vec<String>>) -> Vec<String> {
        let mut taken: HashSet<String> = self.headings.iter().map(|h| h.id.clone()).collect();
        let mut inserts: Vec<(usize, String)> = Vec::new();
        let mut placed = Vec::new();
        // Frontmatter sits above the body; its problems are reported on line 1 of the file.
        let line = 1;
        for (target, entries) in aliases {
            let Some(start) = self
                .heading_starts
                .iter()
                .find(|(_, id)| id == target)
                .map(|(i, _)| *i)
            else {
                self.diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    line,
                    format!(
                        "`anchor_aliases` names `{target}`, but no heading on this page has that id; use one of the page's heading ids"
                    ),
                ));
                continue;
            };
            let mut spans = String::new();
            for entry in entries {
                let alias = headings::alias_anchor(entry);
                if let Some(why) = headings::alias_problem(alias) {
                    self.diagnostics.push(Diagnostic::new(
                        Severity::Warning,
                        line,
                        format!("anchor alias `{entry}` cannot be used because {why}; write it as the bare anchor or an address ending in `#anchor`"),
                    ));
                    continue;
                }
                if !taken.insert(alias.to_string()) {
                    self.diagnostics.push(Diagnostic::new(
                        Severity::Warning,
                        line,
                        format!("anchor alias `{alias}` is already an id on this page; remove it from `anchor_aliases`"),
                    ));
                    continue;
                }
                spans.push_str(&format!(
                    "<span id=\"{}\" class=\"anchor-alias\"></span>",
                    escape_html(alias)
                ));
                placed.push(alias.to_string());
            }
            if !spans.is_empty() {
                inserts.push((start, spans));
            }
        }
        // Back to front, so earlier positions stay valid.
        inserts.sort_by_key(|insert| std::cmp::Reverse(insert.0));
        for (at, spans) in inserts {
            self.out.insert(at, Event::Html(spans.into()));
        }
        placed
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Env;
    impl RenderEnv for Env {
        fn resolve_link(&self, href: &str) -> LinkTarget {
            LinkTarget::External { url: href.into() }
        }
        fn resolve_image(&self, _src: &str) -> Option<String> {
            None
        }
        fn partial(&self, _category: &str, _name: &str) -> Option<String> {
            None
        }
    }

    fn render_with_aliases(md: &str, aliases: &[(&str, &[&str])]) -> Rendered {
        let options = RenderOptions {
            anchor_aliases: aliases
                .iter()
                .map(|(id, a)| (id.to_string(), a.iter().map(|s| s.to_string()).collect()))
                .collect(),
            ..RenderOptions::default()
        };
        render(md, &Env, &options)
    }

    #[test]
    fn anchor_aliases_sit_right_before_their_heading() {
        let r = render_with_aliases(
            "Intro.\n\n## Our words {#cve-2031-0042}\n\nBody.\n\n### Impact\n",
            &[(
                "cve-2031-0042",
                &[
                    "https://example.com/p/#march-03-2031---cve-2031-0042-parser-flaw",
                    "impact-7",
                ],
            )],
        );
        assert!(
            r.html.contains(
                "<span id=\"march-03-2031---cve-2031-0042-parser-flaw\" class=\"anchor-alias\"></span>\
                 <span id=\"impact-7\" class=\"anchor-alias\"></span><h2 id=\"cve-2031-0042\">"
            ),
            "{}",
            r.html
        );
        assert_eq!(
            r.anchor_aliases,
            ["march-03-2031---cve-2031-0042-parser-flaw", "impact-7"]
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        // Aliases are not headings: the TOC and the search sections stay as they were.
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn unusable_anchor_aliases_are_reported_not_rendered() {
        let r = render_with_aliases(
            "## One\n\n## Two\n",
            &[
                ("one", &["two", "a b", "old"]),
                ("missing", &["x"]),
                ("two", &["old"]),
            ],
        );
        let messages: Vec<_> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages
            .iter()
            .any(|m| m.contains("`two` is already an id")));
        assert!(messages.iter().any(|m| m.contains("`a b` cannot be used")));
        assert!(messages.iter().any(|m| m.contains("names `missing`")));
        assert!(messages
            .iter()
            .any(|m| m.contains("`old` is already an id")));
        assert_eq!(r.anchor_aliases, ["old"]);
        assert_eq!(r.html.matches("id=\"old\"").count(), 1);
    }

    #[test]
    fn raw_images_never_break() {
        let r = render(
            "Before <img src=\"/gone.webp\" alt=\"A gone picture\" /> after.\n\n<img src=\"https://remote.example/x.png\">\n",
            &Env,
            &RenderOptions::default(),
        );
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(
            r.html.contains("aria-label=\"A gone picture\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("aria-label=\"x.png\""), "{}", r.html);
        assert_eq!(r.images.len(), 2);
        assert_eq!(r.diagnostics.len(), 2);
    }
}

//! What the vendor's own MDX components become offline: the markup (or markdown) each one is
//! rewritten into, and the name the `bundle check` census gives that rendering.

use super::highlight::escape_html;
use super::links::{self, LinkTarget};
use super::RenderEnv;

/// One MDX component met while rendering a page, and how it was rendered (for the census).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ComponentUse {
    pub component: String,
    pub rendered_as: String,
    pub line: usize,
}

/// The two editions a `<PaletteVertexUrlMapper>` link can point into.
const VERTEX_BASE: &str = "/vertex";
const PALETTE_BASE: &str = "/enterprise-version";

/// Whether an `edition` prop names Palette VerteX (`VerteX`, `vertex`); anything else is the
/// self-hosted Palette edition, as on the original site.
pub fn is_vertex(edition: &str) -> bool {
    edition.trim().eq_ignore_ascii_case("vertex")
}

/// The site path a `<PaletteVertexUrlMapper>` links to: the edition's section followed by `url`,
/// or by `vertexPath`/`palettePath` when the page gives the edition its own path.
pub fn edition_url(
    edition: &str,
    url: &str,
    vertex_path: Option<&str>,
    palette_path: Option<&str>,
) -> String {
    let (base, own) = if is_vertex(edition) {
        (VERTEX_BASE, vertex_path)
    } else {
        (PALETTE_BASE, palette_path)
    };
    let path = own.filter(|p| !p.is_empty()).unwrap_or(url);
    if path.starts_with('/') {
        format!("{base}{path}")
    } else {
        format!("{base}/{path}")
    }
}

/// A markdown link, so the renderer resolves it like any link written in the page.
pub fn markdown_link(text: &str, url: &str) -> String {
    format!(
        "[{}]({})",
        text.replace('[', "\\[").replace(']', "\\]"),
        url.replace(' ', "%20")
    )
}

/// The "Tech Preview" badge (`<TpBadge />`), inline so it also fits a table cell or a heading.
pub fn tech_preview_badge() -> &'static str {
    "<span class=\"badge badge-tech-preview\" title=\"This feature is a Tech Preview\">Tech Preview</span>"
}

/// A `<Video>`: the file itself when the snapshot carries it, else a titled placeholder that shows
/// the online address as an outside-snapshot link (which the reader opens on its notice, never
/// fetching it). Returns the HTML and the census name of the rendering.
pub fn video(env: &dyn RenderEnv, title: &str, src: &str) -> (String, &'static str) {
    let label = if title.trim().is_empty() {
        "Video"
    } else {
        title.trim()
    };
    if !src.is_empty() {
        if let Some(url) = env.resolve_image(src) {
            let html = format!(
                "<figure class=\"video\"><video controls preload=\"metadata\" src=\"{}\" title=\"{}\"></video><figcaption>{}</figcaption></figure>",
                escape_html(&url),
                escape_html(label),
                escape_html(label)
            );
            return (html, "video from the snapshot");
        }
    }
    let online = match env.site_address(src) {
        Some(url) if !src.is_empty() => format!(
            " Watch it online: {}{}</a>",
            links::open_tag(&LinkTarget::OutsideSnapshot { url: url.clone() }, ""),
            escape_html(&url)
        ),
        _ => String::new(),
    };
    let html = format!(
        "<div class=\"video-missing\" role=\"note\"><strong>Video: {}</strong> — not included in this offline snapshot.{online}</div>",
        escape_html(label)
    );
    (html, "titled placeholder with the online address")
}

/// `<CveReportsTable />`: the mount point of the reader's advisory explorer, holding a plain list
/// of every advisory page, which is what a reader sees until (or without) the explorer.
/// Returns markdown lines, so the links resolve and are checked like any other.
pub fn advisory_explorer(env: &dyn RenderEnv, indent: &str) -> Vec<String> {
    let mut lines = vec![
        String::new(),
        format!("{indent}<div class=\"advisory-explorer\" data-explorer=\"advisories\">"),
        String::new(),
    ];
    let advisories = env.advisories();
    if advisories.is_empty() {
        lines.push(format!(
            "{indent}<p class=\"advisory-explorer-empty\">This snapshot holds no advisories.</p>"
        ));
    } else {
        for (id, route) in advisories {
            lines.push(format!("{indent}- {}", markdown_link(&id, &route)));
        }
    }
    lines.extend([String::new(), format!("{indent}</div>"), String::new()]);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_pick_their_section() {
        assert_eq!(
            edition_url("VerteX", "/system-management#console", None, None),
            "/vertex/system-management#console"
        );
        assert_eq!(
            edition_url("vertex", "a/b", None, None),
            "/vertex/a/b",
            "a relative url still lands under the section"
        );
        assert_eq!(
            edition_url("Palette", "/system-management", None, None),
            "/enterprise-version/system-management"
        );
        assert_eq!(
            edition_url("", "/x", Some("/v-only"), Some("/p-only")),
            "/enterprise-version/p-only"
        );
        assert_eq!(
            edition_url("VERTEX", "/x", Some("/v-only"), None),
            "/vertex/v-only"
        );
    }

    #[test]
    fn link_text_cannot_close_the_link_early() {
        assert_eq!(markdown_link("a]b", "/c d"), "[a\\]b](/c%20d)");
    }
}

//! The HTML sanitizer every rendered page passes through before it can reach the webview.

use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::default();
    b.add_tags([
        "div",
        "span",
        "button",
        "details",
        "summary",
        "input",
        "figure",
        "figcaption",
        "mark",
        "section",
        "kbd",
        "sup",
        "sub",
        "del",
        "s",
        "video",
    ])
    .add_generic_attributes([
        "id", "class", "role", "hidden", "tabindex", "title", "lang", "dir",
    ])
    .add_generic_attribute_prefixes(["aria-", "data-"])
    .add_tag_attributes("button", ["type"])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("img", ["loading"])
    .add_tag_attributes("video", ["src", "controls", "preload"])
    .add_tag_attributes("ol", ["start"])
    .url_schemes(HashSet::from(["http", "https", "mailto"]))
    .url_relative(UrlRelative::PassThrough)
    .link_rel(Some("noopener noreferrer"))
    .attribute_filter(|element, attribute, value| match (element, attribute) {
        // Only images shipped in the snapshot may load: a remote `src` would be a network request.
        ("img" | "video", "src") => value.starts_with("/assets/").then(|| value.into()),
        ("input", "type") => (value == "checkbox").then(|| value.into()),
        // Page content must not be able to pose as the app's own widgets.
        (_, "id") if value.starts_with("app-") => None,
        _ => Some(value.into()),
    });
    b
});

/// Cleans rendered HTML: scripts, event handlers, `javascript:`/`data:` URLs, styles, frames and
/// remote images go; headings, tables, code, admonitions, tabs and links stay.
pub fn sanitize(html: &str) -> String {
    // Table alignment arrives as inline styles, which the CSP forbids; classes carry it instead.
    let html = html
        .replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"");
    CLEANER.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_script_handlers_and_dangerous_urls() {
        let dirty = r#"<video controls src="https://evil.example/v.mp4"></video><p onclick="x()">a<script>window.pwned=1</script></p><a href="javascript:alert(1)">j</a><a href="data:text/html,x">d</a><iframe src="https://e"></iframe><object data="x"></object><img src="https://evil.example/t.png"><img src="/assets/ok.svg" alt="ok"><svg><script>1</script></svg><p style="background:url(https://e/x)">s</p>"#;
        let clean = sanitize(dirty);
        for bad in [
            "onclick",
            "<script",
            "javascript:",
            "data:",
            "<iframe",
            "<object",
            "evil.example",
            "style=",
            "<svg",
        ] {
            assert!(!clean.contains(bad), "{bad} survived: {clean}");
        }
        assert!(clean.contains(r#"<img src="/assets/ok.svg" alt="ok">"#));
        assert!(clean.contains("<video controls=\"\"></video>"), "{clean}");
    }

    #[test]
    fn snapshot_videos_play() {
        let clean = sanitize(
            r#"<video controls preload="metadata" src="/assets/videos/a.mp4" title="A"></video>"#,
        );
        assert!(clean.contains(r#"src="/assets/videos/a.mp4""#), "{clean}");
        assert!(clean.contains("controls"));
    }

    #[test]
    fn keeps_the_structure_the_ui_needs() {
        let html = r#"<br><div class="admonition admonition-tip" role="note"><button type="button" role="tab" aria-selected="true" data-value="a">A</button></div><td style="text-align: center">c</td><details><summary>s</summary>d</details>"#;
        let clean = sanitize(html);
        assert!(clean.contains("<br>"));
        assert!(clean.contains(r#"class="admonition admonition-tip""#));
        assert!(clean.contains(r#"aria-selected="true""#));
        assert!(clean.contains(r#"data-value="a""#));
        assert!(clean.contains("<details><summary>s</summary>d</details>"));
    }

    #[test]
    fn inputs_stay_checkboxes_only() {
        let clean = sanitize(
            r#"<input type="checkbox" checked disabled><input type="text" value="x"><input type="file">"#,
        );
        assert!(
            clean.contains(r#"<input type="checkbox" checked="" disabled="">"#),
            "{clean}"
        );
        assert_eq!(clean.matches("type=").count(), 1, "{clean}");
    }

    #[test]
    fn page_ids_stay_unless_they_pose_as_the_app() {
        let clean = sanitize(
            r#"<h2 id="install-the-agent">I</h2><div id="app-search">fake search</div><p id="mapp-notes">n</p>"#,
        );
        assert!(clean.contains(r#"<h2 id="install-the-agent">"#), "{clean}");
        assert!(clean.contains(r#"<p id="mapp-notes">"#), "{clean}");
        assert!(clean.contains("<div>fake search</div>"), "{clean}");
    }
}

//! Fuzz check: the page pipeline — frontmatter split and parse, then markdown → sanitized HTML.
//! Shared by the libFuzzer target (`fuzz/fuzz_targets/render.rs`) and the corpus replay that
//! `cargo test` runs (`src-tauri/core/tests/engine/fuzz_replay`).

use palette_docs_core::render::{render, LinkTarget, RenderEnv, RenderOptions};
use palette_docs_core::source::frontmatter;

/// A world where every link is external and partials exist, so the MDX import path is exercised too.
struct Env;

impl RenderEnv for Env {
    fn resolve_link(&self, href: &str) -> LinkTarget {
        LinkTarget::External {
            url: href.to_string(),
        }
    }
    fn resolve_image(&self, src: &str) -> Option<String> {
        Some(format!("/assets/{src}"))
    }
    fn partial(&self, _category: &str, name: &str) -> Option<String> {
        // A partial that includes text but no further partials keeps recursion finite.
        Some(format!("Partial {name} with **bold** text.\n"))
    }
}

/// Panics on a finding; returns normally for any input the code handles.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let split = frontmatter::split(text);
    let anchor_aliases = split
        .yaml
        .and_then(|yaml| frontmatter::parse(yaml).ok())
        .map(|fm| fm.anchor_aliases)
        .unwrap_or_default();
    let options = RenderOptions {
        toc_max_level: 3,
        first_line: split.body_first_line,
        anchor_aliases,
    };
    let out = render(split.body, &Env, &options);
    // The sanitizer's promise: no script element survives, whatever the input.
    assert!(
        !out.html.to_ascii_lowercase().contains("<script"),
        "script element survived sanitizing"
    );
}

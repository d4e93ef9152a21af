//! The docs engine end to end: our feature fixture (snapshot-tested HTML), bad input, and the real
//! upstream Security sources from ../shared (structural assertions only).

use std::path::{Path, PathBuf};

use palette_docs_core::bundle::{self, BuildOptions, Compiled};
use palette_docs_core::diagnostics::Severity;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features")
}

/// The upstream docs root, or `None` after recording that `test` was skipped.
fn upstream_docs(test: &str) -> Option<PathBuf> {
    crate::shared_input::shared_path("upstream/librarium/docs/docs-content", test)
}

fn compile(source: &Path) -> Compiled {
    bundle::compile(source, &BuildOptions::default(), None).expect("compiles")
}

fn page<'a>(c: &'a Compiled, route: &str) -> &'a bundle::build::CompiledPage {
    c.pages
        .iter()
        .find(|p| p.page.route == route)
        .unwrap_or_else(|| {
            panic!(
                "no page {route}; have {:?}",
                c.pages.iter().map(|p| &p.page.route).collect::<Vec<_>>()
            )
        })
}

#[test]
fn fixture_pages_render_as_snapshotted() {
    let c = compile(&fixture());
    for p in &c.pages {
        let name = p.page.route.trim_matches('/').replace('/', "__");
        insta::assert_snapshot!(format!("html__{name}"), p.page.html);
    }
    insta::assert_snapshot!("nav", serde_json::to_string_pretty(&c.nav).expect("json"));
}

#[test]
fn fixture_page_data_is_complete() {
    let c = compile(&fixture());
    let guide = page(&c, "/guide/");
    assert_eq!(guide.page.title, "Fixture Guide");
    assert_eq!(guide.page.sidebar_label, "Guide");
    assert_eq!(guide.page.tags, ["fixture", "landing"]);
    let ids: Vec<_> = guide.page.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "heading-one",
            "heading-one-1",
            "custom-id",
            "links-of-every-kind"
        ]
    );
    assert!(!guide.page.html.contains("Commented heading"));
    assert!(!guide.page.html.contains(":::"));

    let reference = page(&c, "/guide/reference/");
    assert_eq!(
        reference.rendered.title.as_deref(),
        Some("Reference"),
        "leading h1 is the title"
    );
    assert!(!reference.page.html.contains("<h1"));
    let toc: Vec<_> = reference.page.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        toc,
        ["tables-and-lists", "level-three", "level-four", "code"],
        "toc_max_heading_level: 4"
    );
    assert_eq!(
        reference
            .page
            .prev
            .as_ref()
            .and_then(|l| l.route.as_deref()),
        Some("/guide/")
    );
    assert_eq!(
        reference
            .page
            .next
            .as_ref()
            .and_then(|l| l.route.as_deref()),
        Some("/guide/deep/deep-page/")
    );

    let deep = page(&c, "/guide/deep/deep-page/");
    let crumbs: Vec<_> = deep
        .page
        .breadcrumbs
        .iter()
        .map(|b| b.label.as_str())
        .collect();
    assert_eq!(crumbs, ["Guide", "Deep", "Deep"]);
    assert!(
        deep.page.html.contains("Open Palette."),
        "partial with props"
    );
    assert!(deep.page.html.contains("role=\"tablist\""));
    for raw in [
        "<PartialsComponent",
        "<Tabs",
        "<TabItem",
        "<FancyWidget",
        "<Callout",
        "import Tabs",
        "<VersionedLink",
    ] {
        assert!(!deep.page.html.contains(raw), "raw MDX {raw} on the page");
    }
    assert!(deep.page.html.contains("Readable callout text."));
    assert!(
        deep.page.html.contains("href=\"/guide/reference/\""),
        "VersionedLink became an in-app link"
    );

    let search = c.search_docs();
    assert!(search
        .iter()
        .any(|d| d.anchor.as_deref() == Some("custom-id") && d.body.contains("explicit id")));
    assert!(
        search.iter().any(|d| d.body.contains("echo \"two\"")),
        "code is searchable"
    );
}

#[test]
fn fixture_diagnostics_name_file_and_line() {
    let c = compile(&fixture());
    let find = |needle: &str| {
        c.diagnostics
            .iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no diagnostic with {needle:?} in {:#?}", c.diagnostics))
    };
    let broken = find("missing-page.md");
    assert_eq!(broken.severity, Severity::Error);
    assert!(broken
        .file
        .as_ref()
        .is_some_and(|f| f.ends_with("guide/guide.md")));
    assert_eq!(broken.line, 59);
    assert_eq!(find("`javascript` links").severity, Severity::Error);
    assert_eq!(find("missing.webp").severity, Severity::Warning);
    assert_eq!(find("FancyWidget").severity, Severity::Warning);
    assert_eq!(find("fixture/absent").severity, Severity::Warning);
    assert_eq!(c.errors(), 2, "{:#?}", c.diagnostics);
}

fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, body) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, body).expect("write");
    }
    dir
}

#[test]
fn bad_input_is_reported_and_the_build_continues() {
    let big = format!("---\ntitle: Big\n---\n{}", "word ".repeat(1_100_000));
    let dir = tree(&[
        ("s/good.md", b"---\ntitle: Good\n---\nfine\n"),
        ("s/bad-yaml.md", b"---\ntitle: ok\ntags: [a, b\n---\nbody\n"),
        ("s/unclosed.md", b":::note\n\nnever closed\n"),
        ("s/latin1.md", b"caf\xe9\n"),
        ("s/empty.md", b""),
        ("s/big.md", big.as_bytes()),
        ("s/one.md", b"---\nslug: /same\n---\nA\n"),
        ("s/two.md", b"---\nslug: /same\n---\nB\n"),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("s"), dir.path().join("s/loop")).expect("symlink");
    let c = compile(dir.path());
    let has = |file: &str, needle: &str| {
        c.diagnostics.iter().any(|d| {
            d.file
                .as_ref()
                .is_some_and(|f| f.to_string_lossy().contains(file))
                && d.message.contains(needle)
        })
    };
    let yaml = c
        .diagnostics
        .iter()
        .find(|d| d.message.contains("frontmatter"))
        .expect("yaml error");
    assert!(
        yaml.file
            .as_ref()
            .is_some_and(|f| f.ends_with("bad-yaml.md"))
            && yaml.line >= 3,
        "{yaml}"
    );
    assert!(has("unclosed.md", "never closed"));
    assert!(has("latin1.md", "UTF-8"));
    assert!(has("two.md", "already used"));
    assert!(
        c.diagnostics
            .iter()
            .any(|d| d.message.contains("visited twice")),
        "symlink loop reported"
    );
    let routes: Vec<_> = c.pages.iter().map(|p| p.page.route.as_str()).collect();
    for r in ["/s/good/", "/s/empty/", "/s/big/", "/same/", "/s/unclosed/"] {
        assert!(routes.contains(&r), "{r} missing from {routes:?}");
    }
    assert!(!page(&c, "/s/unclosed/").page.html.contains(":::"));
    assert_eq!(page(&c, "/s/empty/").page.title, "Empty");

    let strict = bundle::build(
        dir.path(),
        &dir.path().join("out"),
        &BuildOptions {
            strict: true,
            ..Default::default()
        },
        &bundle::sign::SigningKey::from_bytes(&[1; 32]),
        bundle::SignerKind::Development,
        None,
    )
    .expect_err("strict stops");
    let text = strict.to_string();
    for needle in ["bad-yaml.md", "unclosed.md", "latin1.md", "two.md"] {
        assert!(text.contains(needle), "strict error lists {needle}: {text}");
    }
    assert!(!dir.path().join("out").exists(), "strict writes nothing");
}

/// A diagnostic about a file of the upstream Security section (the Security Bulletins that the upstream
/// copy now also holds carry upstream's own broken anchors, which are not ours to fix).
fn in_security_section(d: &palette_docs_core::diagnostics::Diagnostic) -> bool {
    d.file
        .as_ref()
        .is_some_and(|f| f.to_string_lossy().contains("docs-content/security/"))
}

#[test]
fn upstream_security_section_renders_completely() {
    let Some(docs) = upstream_docs("build::upstream_security_section_renders_completely") else {
        return;
    };
    let c = compile(&docs);
    // The upstream copy now holds the Security Bulletins too (their advisory pages are tested in
    // tests/advisories.rs); the Security section itself is these 18 pages.
    let security = c
        .pages
        .iter()
        .filter(|p| p.page.route.starts_with("/security/"))
        .count();
    assert_eq!(security, 18, "every upstream Security page renders");
    assert_eq!(page(&c, "/security/").page.title, "Spectro Cloud Security");
    assert_eq!(
        page(&c, "/security/core-principles/").page.sidebar_label,
        "Core Principles"
    );
    page(&c, "/security/lifecycle/");
    for p in &c.pages {
        let html = &p.page.html;
        assert!(!html.contains(":::"), "{} shows ':::'", p.page.route);
        for raw in [
            "<PartialsComponent",
            "<Tabs",
            "<TabItem",
            "&lt;PartialsComponent",
            "&lt;Tabs",
        ] {
            assert!(!html.contains(raw), "{} shows {raw}", p.page.route);
        }
        assert!(
            !html.lines().any(|l| l.trim_start().starts_with("import ")),
            "{} shows an import line",
            p.page.route
        );
        assert!(!html.contains("<script"), "{}", p.page.route);
    }
    // Every relative link resolves to a page, an anchor, the original site — or is reported.
    let broken: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| in_security_section(d) && d.message.starts_with("broken link"))
        .collect();
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert!(broken[0].message.contains(
        "secure-software-development-lifecycle/secure-software-development-lifecycle.md"
    ));
    assert!(
        !c.diagnostics
            .iter()
            .any(|d| in_security_section(d) && d.message.contains("has no heading")),
        "{:#?}",
        c.diagnostics
    );

    // The CVE index's anchors land on CVE report headings.
    let index = page(&c, "/security/security-bulletins/index/");
    let reports = page(&c, "/security/security-bulletins/cve-reports/");
    let report_ids: Vec<_> = reports
        .page
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .collect();
    let mut anchored = 0;
    for link in &index.rendered.links {
        if let palette_docs_core::render::LinkTarget::Page {
            route,
            anchor: Some(a),
        } = &link.target
        {
            assert_eq!(route, "/security/security-bulletins/cve-reports/");
            assert!(
                report_ids.contains(&a.as_str()),
                "#{a} not a heading of cve-reports"
            );
            anchored += 1;
        }
    }
    assert_eq!(anchored, 14);
    // Dates, dashes and decimal scores slug the github-slugger way: "- 9.8 CVSS" becomes "---98-cvss".
    assert!(
        report_ids
            .iter()
            .any(|id| id.starts_with("september-01-2023---cve-2023-38408-")
                && id.ends_with("---98-cvss")),
        "{report_ids:?}"
    );
    // The commented-out template never renders.
    assert!(!reports.page.headings.iter().any(|h| h.text == "Title"));
    assert_eq!(
        reports.page.toc.iter().map(|t| t.level).max(),
        Some(2),
        "toc_max_heading_level: 2"
    );

    // Artifact Signatures shows its partial's steps with working tabs.
    let sig = page(&c, "/security/artifact-signatures/");
    assert!(sig.page.html.contains("spectro_public_key.pem"));
    assert_eq!(sig.page.html.matches("role=\"tab\"").count(), 3);
    assert_eq!(sig.page.html.matches("role=\"tabpanel\"").count(), 3);
    assert!(sig.page.html.contains("openssl") && sig.page.html.contains("sha256"));
    assert!(
        sig.page.html.contains("data-clipboard=\"false\""),
        "hideClipboard fence"
    );
    assert!(
        sig.page.html.contains("code-line highlighted"),
        "{{10}} highlights a line"
    );
    assert!(sig.page.html.contains("admonition-warning"));

    // Outside links keep the original site address; once the upstream copy holds the Security
    // Bulletins too, the same link stays inside the snapshot.
    let security = page(&c, "/security/");
    let bulletins = if docs.join("security-bulletins").is_dir() {
        "href=\"/security-bulletins/"
    } else {
        "https://docs.spectrocloud.com/security-bulletins/"
    };
    assert!(
        security.page.html.contains(bulletins),
        "{bulletins} in {}",
        security.page.html
    );
    assert!(security.page.html.contains("admonition-tip"));
}

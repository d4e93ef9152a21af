//! Checks the documentation snapshot in `docs-bundle/` against the upstream Security pages in `../shared`:
//! the text is our own, every upstream page has a counterpart, the facts are carried, and the anchors
//! that pages link to exist.
//!
//! These tests read plain files only (no engine API), so they keep working while the engine changes.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};

#[path = "shared_input/mod.rs"]
mod shared_input;

/// Length of the word runs that count as copied text.
const SHINGLE: usize = 10;

/// Upstream pages that are documented stale duplicates and deliberately have no counterpart.
const STALE_UPSTREAM: &[&str] = &["security/lifecycle/secure-software-development-lifecycle.md"];

/// Upstream `slug` overrides we drop on purpose (documented in docs-bundle/README.md).
const DROPPED_SLUGS: &[&str] = &["security/security-bulletins/cve-index.md"];

fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // Canonical, so that paths resolved lexically from links compare equal to it.
    fs::canonicalize(&root).unwrap_or(root)
}

fn bundle_dir() -> PathBuf {
    repo_root().join("docs-bundle")
}

fn docs_root() -> PathBuf {
    bundle_dir().join("docs")
}

/// The shared upstream copy, or `None` (after saying so) when it is not there.
/// On CI its absence is a failure, because then nothing would be checked.
fn shared_dir(test: &str) -> Option<PathBuf> {
    shared_input::shared_path("upstream", test)
        .and_then(|upstream| upstream.parent().map(Path::to_path_buf))
}

fn upstream_librarium(shared: &Path) -> PathBuf {
    shared.join("upstream/librarium")
}

fn upstream_docs_root(shared: &Path) -> PathBuf {
    upstream_librarium(shared).join("docs/docs-content")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every file under `dir` whose name ends with one of `exts`, sorted.
fn files_with_ext(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(_) => continue,
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if exts
                .iter()
                .any(|x| p.extension().and_then(|e| e.to_str()) == Some(x))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn rel_slash(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers (deliberately small: just enough to compare prose and find headings and links)
// ---------------------------------------------------------------------------------------------

/// Splits a page into (frontmatter YAML, body).
fn split_frontmatter(text: &str) -> (Option<&str>, &str) {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(rest) = t.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---") {
            let yaml = &rest[..end];
            let after = &rest[end + 4..];
            let body = after.split_once('\n').map(|(_, b)| b).unwrap_or("");
            return (Some(yaml), body);
        }
    }
    (None, t)
}

fn frontmatter(text: &str) -> serde_yaml_ng::Mapping {
    match split_frontmatter(text).0 {
        Some(yaml) => serde_yaml_ng::from_str(yaml).unwrap_or_default(),
        None => serde_yaml_ng::Mapping::new(),
    }
}

fn fm_get<'a>(fm: &'a serde_yaml_ng::Mapping, key: &str) -> Option<&'a serde_yaml_ng::Value> {
    fm.get(serde_yaml_ng::Value::String(key.to_string()))
}

/// Body lines that are not inside fenced code blocks, with a flag telling whether they were.
fn body_lines_outside_fences(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        match (fence, marker) {
            (None, Some(c)) => {
                let n = trimmed.chars().take_while(|x| *x == c).count();
                if n >= 3 {
                    fence = Some((c, n));
                    continue;
                }
                out.push(line);
            }
            (Some((c, n)), Some(m)) if m == c => {
                let k = trimmed.chars().take_while(|x| *x == c).count();
                if k >= n && trimmed[k..].trim().is_empty() {
                    fence = None;
                }
            }
            (Some(_), _) => {}
            (None, None) => out.push(line),
        }
    }
    out
}

fn strip_html_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes spans opened by `open` and closed by `close` (e.g. inline code, link targets, tags).
fn strip_spans(line: &str, open: &str, close: char) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        match after.find(close) {
            Some(end) => {
                // Keep the closing bracket of a link text so words on both sides stay apart.
                out.push(' ');
                rest = &after[end + close.len_utf8()..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes web addresses (`scheme://...`): an address is a fact that cannot be said in other words.
fn strip_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find("://") {
        let scheme_start = rest[..p]
            .rfind(|c: char| !c.is_ascii_alphanumeric())
            .map(|i| i + 1)
            .unwrap_or(0);
        out.push_str(&rest[..scheme_start]);
        out.push(' ');
        let after = &rest[p + 3..];
        let end = after
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | ']' | '"' | '\''))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The words of a whole file, as the copy check sees them: everything counts (frontmatter,
/// headings, tables, code, link text and relative link targets) except web addresses; lowercased;
/// a word is a run of ASCII letters and digits, so punctuation and markup only separate words.
fn prose_words(text: &str) -> Vec<String> {
    strip_addresses(text)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Word runs of `text` that also occur in `reference` (each reported once, merged into maximal runs).
fn shared_runs(text: &str, reference: &str) -> Vec<String> {
    let ours = prose_words(text);
    let theirs = prose_words(reference);
    if ours.len() < SHINGLE || theirs.len() < SHINGLE {
        return Vec::new();
    }
    let set: std::collections::HashSet<&[String]> = theirs.windows(SHINGLE).collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i + SHINGLE <= ours.len() {
        if set.contains(&ours[i..i + SHINGLE]) {
            let start = i;
            while i + SHINGLE <= ours.len() && set.contains(&ours[i..i + SHINGLE]) {
                i += 1;
            }
            runs.push(ours[start..i - 1 + SHINGLE].join(" "));
        } else {
            i += 1;
        }
    }
    runs
}

/// github-slugger style id: lowercase, keep letters, digits, spaces, '-' and '_', spaces become '-'.
fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Heading ids of a page, with duplicates numbered `-1`, `-2` like the site does.
fn heading_ids(text: &str) -> Vec<String> {
    let (_, body) = split_frontmatter(text);
    let body = strip_html_comments(body);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut ids = Vec::new();
    for line in body_lines_outside_fences(&body) {
        let t = line.trim_start();
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if hashes == 0 || hashes > 6 || !t[hashes..].starts_with([' ', '\t']) {
            continue;
        }
        let mut text = t[hashes..].trim().trim_end_matches('#').trim().to_string();
        let explicit = text
            .rfind("{#")
            .filter(|_| text.ends_with('}'))
            .map(|p| (p, text[p + 2..text.len() - 1].to_string()));
        let base = match explicit {
            Some((p, id)) => {
                text.truncate(p);
                id
            }
            None => slug(&text),
        };
        let n = seen.entry(base.clone()).or_insert(0);
        let id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        ids.push(id);
    }
    ids
}

/// Inline link targets `](target)` outside code.
fn link_targets(text: &str) -> Vec<String> {
    let (_, body) = split_frontmatter(text);
    let mut out = Vec::new();
    for line in body_lines_outside_fences(body) {
        let line = strip_spans(line, "`", '`');
        let mut rest = line.as_str();
        while let Some(p) = rest.find("](") {
            let after = &rest[p + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let target = after[..end].split_whitespace().next().unwrap_or("");
            out.push(target.to_string());
            rest = &after[end..];
        }
    }
    out
}

/// Joins `rel` onto `dir` lexically (no file system access), resolving `.` and `..`.
fn join_lexically(dir: &Path, rel: &str) -> PathBuf {
    let mut parts: Vec<std::ffi::OsString> = Vec::new();
    for c in dir.join(rel).components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir => {}
            other => parts.push(other.as_os_str().to_os_string()),
        }
    }
    let mut p = PathBuf::new();
    for part in parts {
        p.push(part);
    }
    p
}

// ---------------------------------------------------------------------------------------------
// Mapping between our files and upstream files, and routes
// ---------------------------------------------------------------------------------------------

/// Our bulletins live at the top level (`security-bulletins/X`); the upstream copy keeps them at
/// the older location `security/security-bulletins/X`.
fn upstream_rel_for_ours(docs_rel: &str) -> String {
    match docs_rel.strip_prefix("security-bulletins/") {
        Some(rest) => format!("security/security-bulletins/{rest}"),
        None => docs_rel.to_string(),
    }
}

fn ours_rel_for_upstream(upstream_rel: &str) -> String {
    match upstream_rel.strip_prefix("security/security-bulletins/") {
        Some(rest) => format!("security-bulletins/{rest}"),
        None => upstream_rel.to_string(),
    }
}

/// The route of a doc path under the docs root: no extension, and a file named like its folder is
/// the folder's index.
fn route_of(docs_rel: &str) -> String {
    let no_ext = docs_rel
        .strip_suffix(".mdx")
        .or_else(|| docs_rel.strip_suffix(".md"))
        .unwrap_or(docs_rel);
    let mut segs: Vec<&str> = no_ext.split('/').collect();
    if segs.len() >= 2 && segs[segs.len() - 1] == segs[segs.len() - 2] {
        segs.pop();
    }
    format!("/{}/", segs.join("/"))
}

/// The upstream counterpart of one of our files (a path relative to docs-bundle), if it has one.
fn upstream_counterpart(shared: &Path, bundle_rel: &str) -> Option<PathBuf> {
    if let Some(docs_rel) = bundle_rel.strip_prefix("docs/") {
        let p = upstream_docs_root(shared).join(upstream_rel_for_ours(docs_rel));
        return p.is_file().then_some(p);
    }
    if let Some(partial) = bundle_rel.strip_prefix("_partials/") {
        let p = upstream_librarium(shared).join("_partials").join(partial);
        return p.is_file().then_some(p);
    }
    None
}

fn bundle_pages() -> Vec<PathBuf> {
    files_with_ext(&bundle_dir(), &["md", "mdx"])
}

// ---------------------------------------------------------------------------------------------
// 1. The text is ours
// ---------------------------------------------------------------------------------------------

/// Problems found when comparing `ours` (relative names and texts) against the upstream texts.
fn copied_runs(ours: &[(String, String)], upstream: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, text) in ours {
        for (up_name, up_text) in upstream {
            for run in shared_runs(text, up_text) {
                problems.push(format!("{name} shares with upstream {up_name}: \"{run}\""));
            }
        }
    }
    problems
}

#[test]
fn text_is_ours() {
    let Some(shared) = shared_dir("upstream_text::text_is_ours") else {
        return;
    };
    let bundle = bundle_dir();
    let pages = bundle_pages();
    assert!(
        !pages.is_empty(),
        "no pages found under {}",
        bundle.display()
    );

    // Every stored upstream file counts, older versions included.
    let upstream_root = shared.join("upstream");
    let upstream: Vec<(String, String)> = files_with_ext(&upstream_root, &["md", "mdx"])
        .iter()
        .map(|p| (rel_slash(p, &upstream_root), read(p)))
        .collect();

    let mut problems = Vec::new();
    let mut compared = 0;
    for page in &pages {
        let rel = rel_slash(page, &bundle);
        let text = read(page);
        // The counterpart is the page this one retells; the other upstream files are checked too,
        // because prose moved between pages is still copied prose.
        if upstream_counterpart(&shared, &rel).is_some() {
            compared += 1;
        }
        problems.extend(copied_runs(&[(rel, text)], &upstream));
    }
    assert!(
        compared >= 10,
        "only {compared} pages had an upstream counterpart"
    );
    assert!(
        problems.is_empty(),
        "runs of {SHINGLE}+ words copied from upstream (rewrite them in our own words):\n{}",
        problems.join("\n")
    );
}

#[test]
fn text_check_fails_on_upstream_copy() {
    let Some(shared) = shared_dir("upstream_text::text_check_fails_on_upstream_copy") else {
        return;
    };
    let page = upstream_docs_root(&shared)
        .join("security/vulnerability-management/vulnerability-management.md");
    let text = read(&page);
    let problems = copied_runs(
        &[("upstream copy".to_string(), text.clone())],
        &[("vulnerability-management.md".to_string(), text)],
    );
    assert!(
        !problems.is_empty(),
        "the copy check found nothing in an upstream file compared with itself"
    );
}

#[test]
fn every_part_of_a_file_counts_except_web_addresses() {
    let page = "---\ntitle: \"Xy\"\n---\n\n## One two\n\n```bash\nrun --flag=3\n```\n\n\
                | a | b |\n| --- | --- |\n| cell `co_de` | [text](../path/page.md#part) |\n\
                See <https://example.com/a/b?c=d> and [site](http://example.org/x).\n";
    assert_eq!(
        prose_words(page),
        [
            "title", "xy", "one", "two", "bash", "run", "flag", "3", "a", "b", "cell", "co", "de",
            "text", "path", "page", "md", "part", "see", "and", "site",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Every upstream page has a counterpart
// ---------------------------------------------------------------------------------------------

#[test]
fn every_upstream_page_has_a_counterpart() {
    let Some(shared) = shared_dir("upstream_text::every_upstream_page_has_a_counterpart") else {
        return;
    };
    let up_root = upstream_docs_root(&shared);
    let up_pages = files_with_ext(&up_root.join("security"), &["md", "mdx"]);
    let mut problems = Vec::new();
    let mut checked = 0;
    for up in &up_pages {
        let up_rel = rel_slash(up, &up_root);
        if STALE_UPSTREAM.contains(&up_rel.as_str()) {
            continue;
        }
        checked += 1;
        let ours_rel = ours_rel_for_upstream(&up_rel);
        let ours = docs_root().join(&ours_rel);
        if !ours.is_file() {
            problems.push(format!("{up_rel}: no counterpart at docs/{ours_rel}"));
            continue;
        }
        let up_fm = frontmatter(&read(up));
        let our_fm = frontmatter(&read(&ours));

        for key in [
            "title",
            "sidebar_label",
            "sidebar_position",
            "tags",
            "hide_table_of_contents",
            "toc_max_heading_level",
        ] {
            if fm_get(&up_fm, key) != fm_get(&our_fm, key) {
                problems.push(format!(
                    "docs/{ours_rel}: `{key}` is {:?}, upstream has {:?}",
                    fm_get(&our_fm, key),
                    fm_get(&up_fm, key)
                ));
            }
        }
        if fm_get(&our_fm, "description").is_none() {
            problems.push(format!("docs/{ours_rel}: no description"));
        }

        // Routes follow the file path; the one upstream slug override we drop is documented.
        let expected_route = route_of(&ours_rel_for_upstream(&up_rel));
        let our_route = route_of(&ours_rel);
        if expected_route != our_route {
            problems.push(format!(
                "docs/{ours_rel}: route {our_route}, expected {expected_route}"
            ));
        }
        if let Some(s) = fm_get(&our_fm, "slug") {
            let upstream_slug = fm_get(&up_fm, "slug");
            if DROPPED_SLUGS.contains(&up_rel.as_str()) || upstream_slug != Some(s) {
                problems.push(format!(
                    "docs/{ours_rel}: slug {s:?} changes the route away from {expected_route}"
                ));
            }
        }
    }
    assert_eq!(checked, 17, "expected 17 upstream Security pages to map");

    // Spot-check the routes we promise in the README and snapshot.toml.
    assert_eq!(
        route_of("security-bulletins/cve-index.md"),
        "/security-bulletins/cve-index/"
    );
    assert_eq!(
        route_of("security-bulletins/security-bulletins.md"),
        "/security-bulletins/"
    );
    assert_eq!(route_of("security/security.md"), "/security/");

    // The partial is found by its frontmatter, so that must match upstream too.
    let partial_rel = "security/_artifact-studio-signature-verification.mdx";
    let ours = bundle_dir().join("_partials").join(partial_rel);
    let up = upstream_librarium(&shared)
        .join("_partials")
        .join(partial_rel);
    if ours.is_file() {
        let (o, u) = (frontmatter(&read(&ours)), frontmatter(&read(&up)));
        for key in ["partial_category", "partial_name"] {
            if fm_get(&o, key) != fm_get(&u, key) {
                problems.push(format!("partial: `{key}` differs from upstream"));
            }
        }
    } else {
        problems.push(format!("no partial at _partials/{partial_rel}"));
    }

    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// 3. Facts are carried
// ---------------------------------------------------------------------------------------------

/// (file under docs-bundle, fact that must appear in it). Facts come from the upstream pages.
const FACTS: &[(&str, &str)] = &[
    // security.md
    ("docs/security/security.md", "security@spectrocloud.com"),
    ("docs/security/security.md", "OWASP"),
    ("docs/security/security.md", "Top 10"),
    // core-principles.md
    ("docs/security/core-principles.md", "Confidentiality"),
    ("docs/security/core-principles.md", "Integrity"),
    ("docs/security/core-principles.md", "Availability"),
    ("docs/security/core-principles.md", "Defense in Depth"),
    ("docs/security/core-principles.md", "Least Privilege"),
    ("docs/security/core-principles.md", "Okta"),
    // lifecycle/*
    ("docs/security/lifecycle/lifecycle.md", "Release Process"),
    (
        "docs/security/lifecycle/lifecycle.md",
        "Vulnerability Management",
    ),
    (
        "docs/security/lifecycle/release-process.md",
        "Major.Minor.Patch",
    ),
    ("docs/security/lifecycle/release-process.md", "Production"),
    ("docs/security/lifecycle/release-process.md", "DevOps"),
    ("docs/security/lifecycle/secure-development.md", "CI/CD"),
    // product-architecture/*
    (
        "docs/security/product-architecture/product-architecture.md",
        "us-east-1",
    ),
    (
        "docs/security/product-architecture/product-architecture.md",
        "us-west-1",
    ),
    (
        "docs/security/product-architecture/product-architecture.md",
        "us-west-2",
    ),
    (
        "docs/security/product-architecture/product-architecture.md",
        "Kairos",
    ),
    (
        "docs/security/product-architecture/product-architecture.md",
        "AWS Shield Standard",
    ),
    (
        "docs/security/product-architecture/product-architecture.md",
        "48-bit",
    ),
    (
        "docs/security/product-architecture/platform-security.md",
        "Ubuntu 20.04 LTS",
    ),
    (
        "docs/security/product-architecture/platform-security.md",
        "Containerd",
    ),
    (
        "docs/security/product-architecture/platform-security.md",
        "distroless",
    ),
    (
        "docs/security/product-architecture/data-encryption.md",
        "64-bit",
    ),
    (
        "docs/security/product-architecture/data-encryption.md",
        "2048-bit",
    ),
    (
        "docs/security/product-architecture/data-encryption.md",
        "MongoDB",
    ),
    (
        "docs/security/product-architecture/data-encryption.md",
        "etcd",
    ),
    (
        "docs/security/product-architecture/saas-operation.md",
        "Private Cloud Gateway",
    ),
    (
        "docs/security/product-architecture/saas-operation.md",
        "TLS",
    ),
    (
        "docs/security/product-architecture/self-hosted-operation.md",
        "SOCKS5",
    ),
    (
        "docs/security/product-architecture/self-hosted-operation.md",
        "Helm",
    ),
    (
        "docs/security/product-architecture/tenant-cluster.md",
        "1.2",
    ),
    (
        "docs/security/product-architecture/tenant-cluster.md",
        "kube-bench",
    ),
    (
        "docs/security/product-architecture/tenant-cluster.md",
        "Sonobuoy",
    ),
    (
        "docs/security/product-architecture/tenant-cluster.md",
        "Prisma Cloud",
    ),
    // vulnerability-management
    (
        "docs/security/vulnerability-management/vulnerability-management.md",
        "NIST",
    ),
    (
        "docs/security/vulnerability-management/vulnerability-management.md",
        "24/7",
    ),
    (
        "docs/security/vulnerability-management/vulnerability-management.md",
        "Bug Bounty Program",
    ),
    // artifact-signatures + partial
    (
        "docs/security/artifact-signatures/artifact-signatures.md",
        "ECDSA-P256",
    ),
    (
        "docs/security/artifact-signatures/artifact-signatures.md",
        "SHA256",
    ),
    (
        "docs/security/artifact-signatures/artifact-signatures.md",
        "PKCS8",
    ),
    (
        "docs/security/artifact-signatures/artifact-signatures.md",
        "NIST SP 800-218",
    ),
    (
        "docs/security/artifact-signatures/artifact-signatures.md",
        "CMMC",
    ),
    (
        "docs/security/artifact-signatures/artifact-signatures.md",
        "4.7.0",
    ),
    (
        "docs/security/artifact-signatures/artifact-signatures.md",
        "gcr.io/spectro-images-public",
    ),
    (
        "docs/security/artifact-signatures/artifact-signatures.md",
        "us-docker.pkg.dev/palette-images-fips",
    ),
    (
        "_partials/security/_artifact-studio-signature-verification.mdx",
        "spectro_public_key.pem",
    ),
    (
        "_partials/security/_artifact-studio-signature-verification.mdx",
        "openssl dgst -sha256 -verify",
    ),
    (
        "_partials/security/_artifact-studio-signature-verification.mdx",
        "Bundle Verification Instructions",
    ),
    // secure-configuration-guide
    ("docs/security/secure-configuration-guide.md", "240 minutes"),
    ("docs/security/secure-configuration-guide.md", "365 days"),
    (
        "docs/security/secure-configuration-guide.md",
        "64 characters",
    ),
    ("docs/security/secure-configuration-guide.md", "audit.list"),
    ("docs/security/secure-configuration-guide.md", "team.create"),
    // security bulletins
    (
        "docs/security-bulletins/security-bulletins.md",
        "9.0 - 10.0",
    ),
    ("docs/security-bulletins/security-bulletins.md", "7.0 - 8.9"),
    ("docs/security-bulletins/cve-index.md", "CVE-2022-1292"),
    ("docs/security-bulletins/cve-index.md", "CVE-2023-4911"),
    // CVE reports: versions and numbers (ids and scores are checked per heading below)
    ("docs/security-bulletins/cve-reports.md", "CVE-2022-1292"),
    ("docs/security-bulletins/cve-reports.md", "9.8"),
    ("docs/security-bulletins/cve-reports.md", "9.3p2"),
    ("docs/security-bulletins/cve-reports.md", "1.9.12p2"),
    ("docs/security-bulletins/cve-reports.md", "v2.6.70"),
    ("docs/security-bulletins/cve-reports.md", "v1.9.4"),
    ("docs/security-bulletins/cve-reports.md", "250 streams"),
    ("docs/security-bulletins/cve-reports.md", "5.21.7"),
    ("docs/security-bulletins/cve-reports.md", "116.0.5845.187"),
    ("docs/security-bulletins/cve-reports.md", "2.4.37"),
    (
        "docs/security-bulletins/cve-reports.md",
        "jstmpllitinterp=1",
    ),
    (
        "docs/security-bulletins/cve-reports.md",
        "palette-controller-manager:mold-manager",
    ),
];

/// What one side (upstream or ours) says in the sentences that contain `at`: each such sentence
/// holds every phrase of `has` and none of `lacks` (case-insensitive), and there is at least one.
struct Said {
    at: &'static str,
    has: &'static [&'static str],
    lacks: &'static [&'static str],
}

/// A fact that lives in wording ("we recommend" vs "must", who manages what, "may" vs "always"):
/// the upstream page is read at test time to show that the vendor says it, and our page must say
/// the same at the same place. `point` is the item of issue 21 the fact comes from.
struct Meaning {
    point: u8,
    ours: &'static str,
    upstream: &'static str,
    theirs: &'static [Said],
    we: &'static [Said],
}

const PRODUCT_ARCHITECTURE: &str = "security/product-architecture/product-architecture.md";
const SECURE_CONFIGURATION: &str = "security/secure-configuration-guide.md";
const VULNERABILITY_MANAGEMENT: &str =
    "security/vulnerability-management/vulnerability-management.md";

const MEANINGS: &[Meaning] = &[
    // 1. Only multi-tenant SaaS runs in AWS; dedicated SaaS runs where the customer chooses.
    Meaning {
        point: 1,
        ours: PRODUCT_ARCHITECTURE,
        upstream: PRODUCT_ARCHITECTURE,
        theirs: &[
            Said {
                at: "**Multi-tenant SaaS**",
                has: &["AWS"],
                lacks: &[],
            },
            Said {
                at: "**Dedicated SaaS**",
                has: &["cloud or region", "you specify"],
                lacks: &["AWS"],
            },
        ],
        we: &[
            Said {
                at: "**Multi-tenant SaaS**",
                has: &["AWS"],
                lacks: &[],
            },
            Said {
                at: "**Dedicated SaaS**",
                has: &["cloud or region", "your choice"],
                lacks: &["AWS"],
            },
            // The diagram's alt text.
            Said {
                at: "multi-tenant SaaS, where",
                has: &["AWS"],
                lacks: &["dedicated"],
            },
            Said {
                at: "dedicated SaaS, where",
                has: &["cloud or region"],
                lacks: &["AWS"],
            },
        ],
    },
    // 2. Self-hosted on a public cloud: the cloud manages the compute instances, not the customer.
    Meaning {
        point: 2,
        ours: PRODUCT_ARCHITECTURE,
        upstream: PRODUCT_ARCHITECTURE,
        theirs: &[Said {
            at: "compute instances",
            has: &["public clouds that manage your"],
            lacks: &["you manage"],
        }],
        we: &[Said {
            at: "compute instances",
            has: &["provider manages the compute instances"],
            lacks: &["you manage"],
        }],
    },
    // 3. A new cluster profile version is recommended, not required.
    Meaning {
        point: 3,
        ours: SECURE_CONFIGURATION,
        upstream: SECURE_CONFIGURATION,
        theirs: &[Said {
            at: "creating a new cluster profile version",
            has: &["we recommend"],
            lacks: &["must", "do not"],
        }],
        we: &[Said {
            at: "publish another version of it",
            has: &["we recommend"],
            lacks: &["must", "do not", "never"],
        }],
    },
    // 4. The tenant-scope page is referred to; nobody claims it lists every built-in role.
    Meaning {
        point: 4,
        ours: SECURE_CONFIGURATION,
        upstream: SECURE_CONFIGURATION,
        theirs: &[Said {
            at: "palette-rbac/tenant-scope-roles-permissions.md",
            has: &[],
            lacks: &["every built-in role", "all built-in roles"],
        }],
        we: &[Said {
            at: "palette-rbac/tenant-scope-roles-permissions.md",
            has: &[],
            lacks: &["every built-in role", "all built-in roles", "is listed on"],
        }],
    },
    // 5. Unrevoked API keys may allow persistent access; keys get expiration dates.
    Meaning {
        point: 5,
        ours: SECURE_CONFIGURATION,
        upstream: SECURE_CONFIGURATION,
        theirs: &[
            Said {
                at: "Unrevoked keys",
                has: &["may allow persistent access"],
                lacks: &["indefinitely"],
            },
            Said {
                at: "Assign expiration dates",
                has: &[],
                lacks: &[],
            },
        ],
        we: &[
            Said {
                at: "A key nobody revokes",
                has: &["may", "persists"],
                lacks: &["indefinitely", "forever"],
            },
            Said {
                at: "an expiration date",
                has: &["key"],
                lacks: &[],
            },
        ],
    },
    // 6. Third-party components, open source ones included (nothing about buying).
    Meaning {
        point: 6,
        ours: VULNERABILITY_MANAGEMENT,
        upstream: VULNERABILITY_MANAGEMENT,
        theirs: &[Said {
            at: "originate in third-party",
            has: &["open source components"],
            lacks: &[],
        }],
        we: &[Said {
            at: "third-party components,",
            has: &["open source"],
            lacks: &["buy", "other vendors"],
        }],
    },
    // 7. The stages serve a culture of security resilience.
    Meaning {
        point: 7,
        ours: VULNERABILITY_MANAGEMENT,
        upstream: VULNERABILITY_MANAGEMENT,
        theirs: &[Said {
            at: "culture of security resilience",
            has: &["each stage"],
            lacks: &[],
        }],
        we: &[Said {
            at: "culture of security resilience",
            has: &["every stage"],
            lacks: &["harder to break"],
        }],
    },
    // 8. External penetration testing, said as upstream says it.
    Meaning {
        point: 8,
        ours: VULNERABILITY_MANAGEMENT,
        upstream: VULNERABILITY_MANAGEMENT,
        theirs: &[Said {
            at: "external penetration testing",
            has: &["24/7"],
            lacks: &[],
        }],
        we: &[Said {
            at: "external penetration testing",
            has: &["24/7"],
            lacks: &["outside parties"],
        }],
    },
    // 9. Image signatures must be verified by existing Secure Supply Chain validation flows.
    Meaning {
        point: 9,
        ours: "security/artifact-signatures/artifact-signatures.md",
        upstream: "security/artifact-signatures/artifact-signatures.md",
        theirs: &[Said {
            at: "Secure Supply Chain validation flows",
            has: &["must be verified", "existing"],
            lacks: &[],
        }],
        we: &[Said {
            at: "Secure Supply Chain validation flows",
            has: &["must be checked", "existing"],
            lacks: &["already operate"],
        }],
    },
    // 10. Add-on defaults are based on third-party best practices.
    Meaning {
        point: 10,
        ours: "security/product-architecture/tenant-cluster.md",
        upstream: "security/product-architecture/tenant-cluster.md",
        theirs: &[Said {
            at: "third-party best practices",
            has: &["based on"],
            lacks: &[],
        }],
        we: &[Said {
            at: "third-party best practices",
            has: &["based on"],
            lacks: &["that make them"],
        }],
    },
    // 11. Secure coding is the developers' first line of defense.
    Meaning {
        point: 11,
        ours: "security/security.md",
        upstream: "security/security.md",
        theirs: &[Said {
            at: "first line of defense",
            has: &["secure coding"],
            lacks: &[],
        }],
        we: &[Said {
            at: "first line of defense",
            has: &["secure coding"],
            lacks: &["most attacks"],
        }],
    },
    // 12. The PCG uses an outgoing connection; neither side says it opens "only" those.
    Meaning {
        point: 12,
        ours: "security/product-architecture/saas-operation.md",
        upstream: "security/product-architecture/saas-operation.md",
        theirs: &[Said {
            at: "outgoing internet connection",
            has: &["TLS"],
            lacks: &["only"],
        }],
        we: &[Said {
            at: "outgoing internet connection",
            has: &["TLS"],
            lacks: &["only"],
        }],
    },
    // 13. The controls can be configured in every deployment model (not "work the same way").
    Meaning {
        point: 13,
        ours: SECURE_CONFIGURATION,
        upstream: SECURE_CONFIGURATION,
        theirs: &[Said {
            at: "deployment models",
            has: &["configure"],
            lacks: &["same way"],
        }],
        we: &[Said {
            at: "deployment model:",
            has: &["configure"],
            lacks: &["same way"],
        }],
    },
];

/// The sentences of a markdown file as the meaning check reads them: paragraphs split at blank
/// lines, whitespace collapsed, then cut at `. `, `; ` and table cell borders.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let block = collapse_whitespace(block);
        let mut rest = block.as_str();
        while !rest.is_empty() {
            let cut = [". ", "; ", " | "]
                .iter()
                .filter_map(|b| rest.find(b).map(|i| i + b.len()))
                .min()
                .unwrap_or(rest.len());
            out.push(rest[..cut].trim().to_string());
            rest = &rest[cut..];
        }
    }
    out
}

/// What is wrong with `said` in `text` (one line per problem; empty when it holds).
fn said_problems(text: &str, said: &Said) -> Vec<String> {
    let at = said.at.to_lowercase();
    let found: Vec<String> = sentences(text)
        .into_iter()
        .filter(|s| s.to_lowercase().contains(&at))
        .collect();
    if found.is_empty() {
        return vec![format!("no sentence contains {:?}", said.at)];
    }
    let mut problems = Vec::new();
    for sentence in &found {
        let lower = sentence.to_lowercase();
        for phrase in said.has {
            if !lower.contains(&phrase.to_lowercase()) {
                problems.push(format!("lacks {phrase:?} in: {sentence}"));
            }
        }
        for phrase in said.lacks {
            if lower.contains(&phrase.to_lowercase()) {
                problems.push(format!("says {phrase:?} in: {sentence}"));
            }
        }
    }
    problems
}

/// Every way our pages or upstream's depart from the meanings in [`MEANINGS`].
fn meaning_problems(shared: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for m in MEANINGS {
        let up_path = upstream_docs_root(shared).join(m.upstream);
        let ours_path = docs_root().join(m.ours);
        let (Ok(theirs), Ok(ours)) = (fs::read_to_string(&up_path), fs::read_to_string(&ours_path))
        else {
            problems.push(format!(
                "point {}: cannot read {} or {}",
                m.point,
                up_path.display(),
                ours_path.display()
            ));
            continue;
        };
        for said in m.theirs {
            for p in said_problems(&theirs, said) {
                problems.push(format!(
                    "point {}: upstream {} no longer backs this fact ({p}); re-check our wording against it",
                    m.point, m.upstream
                ));
            }
        }
        for said in m.we {
            for p in said_problems(&ours, said) {
                problems.push(format!("point {}: docs/{} {p}", m.point, m.ours));
            }
        }
    }
    problems
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn facts_are_carried() {
    // The facts are our own list, but only meaningful while the upstream they came from is around.
    let Some(shared) = shared_dir("upstream_text::facts_are_carried") else {
        return;
    };
    assert!(FACTS.len() >= 40, "keep at least 40 facts");
    let mut problems = Vec::new();
    let mut cache: BTreeMap<&str, Option<String>> = BTreeMap::new();
    for (file, fact) in FACTS {
        // Whitespace is collapsed on both sides: a fact may be wrapped across lines.
        let text = cache.entry(file).or_insert_with(|| {
            fs::read_to_string(bundle_dir().join(file))
                .ok()
                .map(|t| collapse_whitespace(&t))
        });
        match text {
            None => problems.push(format!("{file}: missing (needed for fact {fact:?})")),
            Some(t) if !t.contains(&collapse_whitespace(fact)) => {
                problems.push(format!("{file}: lacks {fact:?}"))
            }
            Some(_) => {}
        }
    }
    // Facts carried by wording: read from the upstream page now, and matched on ours.
    problems.extend(meaning_problems(shared.as_path()));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn meaning_check_catches_a_shifted_statement() {
    let shifted = "Once a profile has deployed clusters, do not edit it in place; \
                   publish another version of it instead.\n";
    let faithful = "When you update a deployed profile, we recommend that you\n\
                    publish another version of it rather than edit it.\n";
    let said = Said {
        at: "publish another version of it",
        has: &["we recommend"],
        lacks: &["do not"],
    };
    assert_eq!(said_problems(faithful, &said), Vec::<String>::new());
    assert_eq!(
        said_problems(shifted, &said).len(),
        1,
        "the \"must\" version is caught"
    );
    let alt = "![models: multi-tenant SaaS and dedicated SaaS, where Spectro Cloud runs it in AWS](/x.svg)";
    let dedicated = Said {
        at: "dedicated SaaS, where",
        has: &[],
        lacks: &["AWS"],
    };
    assert_eq!(
        said_problems(alt, &dedicated).len(),
        1,
        "the wrong AWS fact is caught"
    );
    assert_eq!(
        said_problems("nothing here", &dedicated),
        ["no sentence contains \"dedicated SaaS, where\""]
    );
}

/// The CVE id (`CVE-2023-4911`) and CVSS score (`7.8`) a heading line names, if it names both.
fn cve_id_and_score(heading: &str) -> Option<(String, String)> {
    let start = heading.find("CVE-")?;
    let id: String = heading[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let score = heading
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .rfind(|w| {
            let mut parts = w.split('.');
            // One decimal (`9.8`), except the top of the scale, which is written `10`.
            *w == "10"
                || matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
                if !a.is_empty() && a.len() <= 2 && b.len() == 1)
        })?
        .to_string();
    Some((id, score))
}

/// (CVE id, score) of every `##` report heading of a CVE reports page, in order.
fn cve_report_headings(text: &str) -> Vec<(String, String)> {
    let (_, body) = split_frontmatter(text);
    let body = strip_html_comments(body);
    body_lines_outside_fences(&body)
        .into_iter()
        .filter_map(|line| line.strip_prefix("## "))
        .filter_map(cve_id_and_score)
        .collect()
}

#[test]
fn every_cve_report_keeps_its_id_and_score() {
    let Some(shared) = shared_dir("upstream_text::every_cve_report_keeps_its_id_and_score") else {
        return;
    };
    // Our page retells the vendor's current top-level page; the older copy inside the Security
    // section stops at January 10, 2024 and must be the tail of the same list.
    let theirs = cve_report_headings(&read(
        &upstream_docs_root(&shared).join("security-bulletins/cve-reports.md"),
    ));
    let older = cve_report_headings(&read(
        &upstream_docs_root(&shared).join("security/security-bulletins/cve-reports.md"),
    ));
    let ours = cve_report_headings(&read(
        &docs_root().join("security-bulletins/cve-reports.md"),
    ));
    assert!(
        theirs.len() >= 14,
        "upstream has only {} CVE reports",
        theirs.len()
    );
    assert_eq!(
        ours, theirs,
        "our CVE report headings must name the same CVE ids with the same scores, in the same order"
    );
    assert!(
        ours.ends_with(&older),
        "the reports of the older upstream copy must still close our page, in their order"
    );
}

#[test]
fn cve_heading_parts_are_found() {
    assert_eq!(
        cve_id_and_score("CVE-2031-0042: a parser flaw in v1.2.3 (CVSS 9.8)"),
        Some(("CVE-2031-0042".to_string(), "9.8".to_string()))
    );
    assert_eq!(
        cve_id_and_score("April 2, 2031 - CVE-2031-3094 Made-up flaw - 10 CVSS"),
        Some(("CVE-2031-3094".to_string(), "10".to_string()))
    );
    assert_eq!(cve_id_and_score("No id here - 9.8 CVSS"), None);
}

// ---------------------------------------------------------------------------------------------
// 4. Anchors linked between pages exist
// ---------------------------------------------------------------------------------------------

#[test]
fn anchors_linked_between_pages_exist() {
    let docs = docs_root();
    let bundle = bundle_dir();
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut index_to_reports = 0;
    for page in bundle_pages() {
        let rel = rel_slash(&page, &bundle);
        let text = read(&page);
        let dir = page.parent().unwrap_or(&bundle).to_path_buf();
        for target in link_targets(&text) {
            if target.contains("://") || target.starts_with("mailto:") || target.starts_with('/') {
                continue;
            }
            let (path_part, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let file = if path_part.is_empty() {
                page.clone()
            } else if path_part.ends_with(".md") || path_part.ends_with(".mdx") {
                join_lexically(&dir, path_part)
            } else {
                continue;
            };
            // Only targets in a section this snapshot carries must exist; the rest are
            // outside-snapshot links by design.
            let Ok(under_docs) = file.strip_prefix(&docs) else {
                continue;
            };
            let section = under_docs.components().next();
            let in_snapshot = section
                .map(|c| docs.join(c.as_os_str()).is_dir())
                .unwrap_or(false);
            if !in_snapshot {
                continue;
            }
            if !file.is_file() {
                problems.push(format!("{rel}: link {target} points to a missing page"));
                continue;
            }
            let Some(anchor) = anchor else { continue };
            checked += 1;
            if rel.ends_with("cve-index.md") && path_part == "cve-reports.md" {
                index_to_reports += 1;
            }
            if !heading_ids(&read(&file)).iter().any(|id| id == anchor) {
                problems.push(format!(
                    "{rel}: link {target}: no heading with id `{anchor}`"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links or anchors:\n{}",
        problems.join("\n")
    );
    assert!(checked > 0, "no anchored links between pages were found");
    assert!(
        index_to_reports >= 14,
        "the CVE index links only {index_to_reports} CVE report anchors (upstream has 14)"
    );
}

#[test]
fn slugs_follow_github_slugger() {
    assert_eq!(
        slug("March 03, 2031 - CVE-2031-0042 Parser Flaw - 9.8 CVSS"),
        "march-03-2031---cve-2031-0042-parser-flaw---98-cvss"
    );
    assert_eq!(
        slug("CVE-2031-0043 c_rehash-like helper in a CSI pack - 7.5 CVSS"),
        "cve-2031-0043-c_rehash-like-helper-in-a-csi-pack---75-cvss"
    );
    let ids = heading_ids("## Impact\n\n```md\n## Impact\n```\n\n### Impact\n## Setup {#custom}\n");
    assert_eq!(ids, vec!["impact", "impact-1", "custom"]);
}

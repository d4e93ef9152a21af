//! Page routes exactly as the original site builds them (Docusaurus, `routeBasePath: "/"`, trailing slash).

/// The route of a docs file from its path relative to the docs root (`/`-separated, with extension)
/// and its frontmatter `slug`.
///
/// `security/core-principles.md` → `/security/core-principles/`; a file named like its folder, `index`
/// or `README` is the folder's page (`security/lifecycle/lifecycle.md` → `/security/lifecycle/`);
/// an absolute slug replaces the route, a relative one replaces the last segment.
pub fn route_for(rel_path: &str, slug: Option<&str>) -> String {
    let without_ext = rel_path.rsplit_once('.').map_or(rel_path, |(stem, _)| stem);
    let mut segments: Vec<&str> = without_ext.split('/').filter(|s| !s.is_empty()).collect();
    let is_index = match segments.as_slice() {
        [.., parent, last] => last == parent || is_index_name(last),
        [last] => is_index_name(last),
        [] => true,
    };
    if is_index {
        segments.pop();
    }
    match slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(abs) if abs.starts_with('/') => normalize(abs),
        Some(rel) => {
            let mut dir: Vec<&str> = without_ext.split('/').filter(|s| !s.is_empty()).collect();
            dir.pop();
            let base = dir.join("/");
            normalize(&format!("/{base}/{rel}"))
        }
        None => normalize(&segments.join("/")),
    }
}

/// Whether a file is its folder's page.
pub fn is_index_file(rel_path: &str) -> bool {
    let without_ext = rel_path.rsplit_once('.').map_or(rel_path, |(s, _)| s);
    let segments: Vec<&str> = without_ext.split('/').collect();
    match segments.as_slice() {
        [.., parent, last] => last == parent || is_index_name(last),
        [last] => is_index_name(last),
        [] => false,
    }
}

fn is_index_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("index") || name.eq_ignore_ascii_case("readme")
}

/// `/a/./b/../c` → `/a/c/`; always a leading and trailing slash.
pub fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    if out.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", out.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_follow_docusaurus() {
        assert_eq!(route_for("security/security.md", None), "/security/");
        assert_eq!(
            route_for("security/core-principles.md", None),
            "/security/core-principles/"
        );
        assert_eq!(
            route_for("security/lifecycle/lifecycle.md", None),
            "/security/lifecycle/"
        );
        assert_eq!(route_for("a/index.mdx", None), "/a/");
        assert_eq!(route_for("index.md", None), "/");
        assert_eq!(route_for("a/b/cve-index.md", Some("index")), "/a/b/index/");
        assert_eq!(route_for("a/b/x.md", Some("/top")), "/top/");
        assert_eq!(route_for("a/b/x.md", Some("../y")), "/a/y/");
        assert!(is_index_file("security/security.md"));
        assert!(!is_index_file("security/core-principles.md"));
    }
}

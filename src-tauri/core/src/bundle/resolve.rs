//! Link and image resolution for the pages of one docs tree: what is in the snapshot, what is on the
//! original site, what is broken, and which static files get copied into the bundle.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::render::links::has_scheme;
use crate::render::{LinkTarget, RenderEnv};
use crate::source::route::{normalize, route_for};
use crate::source::SourceTree;

/// What every page of a tree resolves against.
pub struct SiteIndex<'t> {
    tree: &'t SourceTree,
    route_by_path: BTreeMap<&'t str, &'t str>,
    routes: BTreeSet<&'t str>,
    /// First route segments this snapshot has pages under: a missing page there is a broken link,
    /// anywhere else it is a page of the original site that the snapshot leaves out.
    sections: BTreeSet<String>,
    site_url: String,
    /// The site's static folders, the main one first.
    static_roots: Vec<PathBuf>,
    docs_root: Option<PathBuf>,
}

impl<'t> SiteIndex<'t> {
    pub fn new(tree: &'t SourceTree) -> SiteIndex<'t> {
        SiteIndex {
            route_by_path: tree
                .docs
                .iter()
                .map(|d| (d.rel_path.as_str(), d.route.as_str()))
                .collect(),
            routes: tree.docs.iter().map(|d| d.route.as_str()).collect(),
            sections: tree
                .docs
                .iter()
                .filter_map(|d| d.route.trim_matches('/').split('/').next())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            site_url: tree
                .config
                .snapshot
                .site_url
                .trim_end_matches('/')
                .to_string(),
            static_roots: tree
                .static_dirs
                .iter()
                .filter_map(|d| d.canonicalize().ok())
                .collect(),
            docs_root: tree.root.canonicalize().ok(),
            tree,
        }
    }

    pub fn has_route(&self, route: &str) -> bool {
        self.routes.contains(route)
    }

    fn missing(&self, route: &str, anchor: Option<&str>, what: &str) -> LinkTarget {
        let first = route.trim_matches('/').split('/').next().unwrap_or("");
        if self.sections.contains(first) {
            LinkTarget::Broken {
                reason: format!("no page `{what}` in this snapshot"),
            }
        } else {
            LinkTarget::OutsideSnapshot {
                url: with_anchor(&format!("{}{route}", self.site_url), anchor),
            }
        }
    }

    /// A resolver for one page.
    pub fn page<'a>(&'a self, rel_path: &'a str, route: &'a str) -> PageEnv<'a, 't> {
        PageEnv {
            index: self,
            rel_path,
            route,
            assets: RefCell::new(BTreeMap::new()),
        }
    }

    /// The static file a site-absolute or page-relative image path names, when it stays inside
    /// a static folder or the docs folder. A site-absolute path is looked up in each static
    /// folder in turn (as the site does); the bundle names the file by its path in the main one,
    /// so `/assets/docs/images/a.webp` and `/a.webp` are one file in the bundle.
    fn find_file(&self, rel_dir: &str, src: &str) -> Option<(String, PathBuf)> {
        let inside = |base: &PathBuf, rel: &str| {
            let rel = rel.trim_matches('/');
            if rel.is_empty() {
                return None;
            }
            let candidate = base.join(rel).canonicalize().ok()?;
            (candidate.starts_with(base) && candidate.is_file()).then_some(candidate)
        };
        if let Some(abs) = src.strip_prefix('/') {
            let rel = normalize(abs);
            let file = self
                .static_roots
                .iter()
                .find_map(|base| inside(base, &rel))?;
            let main = self.static_roots.first()?;
            let bundle_rel = match file.strip_prefix(main) {
                Ok(r) => r
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
                Err(_) => rel.trim_matches('/').to_string(),
            };
            return Some((bundle_rel, file));
        }
        let base = self.docs_root.as_ref()?;
        let rel = normalize(&format!("{rel_dir}/{src}"));
        let file = inside(base, &rel)?;
        Some((rel.trim_matches('/').to_string(), file))
    }

    pub fn tree(&self) -> &'t SourceTree {
        self.tree
    }
}

fn with_anchor(url: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) if !a.is_empty() => format!("{url}#{a}"),
        _ => url.to_string(),
    }
}

fn split_anchor(href: &str) -> (&str, Option<&str>) {
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (href, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    (path, anchor.filter(|a| !a.is_empty()))
}

fn parent_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Resolves the links and images of one page and remembers which static files it uses.
pub struct PageEnv<'a, 't> {
    index: &'a SiteIndex<'t>,
    rel_path: &'a str,
    route: &'a str,
    /// Asset path in the bundle → file on disk.
    pub assets: RefCell<BTreeMap<String, PathBuf>>,
}

impl PageEnv<'_, '_> {
    fn resolve_route(&self, route: &str, anchor: Option<&str>, what: &str) -> LinkTarget {
        if self.index.has_route(route) {
            LinkTarget::Page {
                route: route.to_string(),
                anchor: anchor.map(str::to_string),
            }
        } else {
            self.index.missing(route, anchor, what)
        }
    }
}

impl RenderEnv for PageEnv<'_, '_> {
    fn resolve_link(&self, href: &str) -> LinkTarget {
        let href = href.trim();
        if let Some(id) = href.strip_prefix('#') {
            return LinkTarget::Anchor { id: id.to_string() };
        }
        if has_scheme(href) {
            let lower = href.to_ascii_lowercase();
            if let Some(path) = href
                .strip_prefix(self.index.site_url.as_str())
                .filter(|p| p.is_empty() || p.starts_with('/'))
            {
                let (path, anchor) = split_anchor(path);
                let route = normalize(path);
                return if self.index.has_route(&route) {
                    self.resolve_route(&route, anchor, path)
                } else {
                    LinkTarget::OutsideSnapshot {
                        url: href.to_string(),
                    }
                };
            }
            if lower.starts_with("https://")
                || lower.starts_with("http://")
                || lower.starts_with("mailto:")
            {
                return LinkTarget::External {
                    url: href.to_string(),
                };
            }
            let scheme: String = lower.chars().take_while(|c| *c != ':').take(20).collect();
            return LinkTarget::Broken {
                reason: format!(
                    "`{scheme}` links are not allowed; use https or a page of the snapshot"
                ),
            };
        }
        let (path, anchor) = split_anchor(href);
        if path.is_empty() {
            return LinkTarget::Anchor {
                id: anchor.unwrap_or("").to_string(),
            };
        }
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        if path.ends_with(".md") || path.ends_with(".mdx") {
            let joined = if let Some(abs) = path.strip_prefix('/') {
                normalize(abs)
            } else {
                normalize(&format!("{}/{path}", parent_dir(self.rel_path)))
            };
            let rel = joined.trim_matches('/');
            if let Some(route) = self.index.route_by_path.get(rel) {
                return LinkTarget::Page {
                    route: route.to_string(),
                    anchor: anchor.map(str::to_string),
                };
            }
            let route = route_for(rel, None);
            return self.index.missing(&route, anchor, rel);
        }
        let route = if path.starts_with('/') {
            normalize(&path)
        } else {
            normalize(&format!("{}{path}", self.route))
        };
        if let Some((rel, file)) = self.index.find_file(parent_dir(self.rel_path), &path) {
            if !self.index.has_route(&route) {
                let url = format!("/assets/{rel}");
                self.assets.borrow_mut().insert(rel, file);
                return LinkTarget::Asset { url };
            }
        }
        self.resolve_route(&route, anchor, &path)
    }

    fn resolve_image(&self, src: &str) -> Option<String> {
        if has_scheme(src) {
            return None;
        }
        let (path, _) = split_anchor(src.trim());
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let (rel, file) = self.index.find_file(parent_dir(self.rel_path), &path)?;
        let url = format!("/assets/{rel}");
        self.assets.borrow_mut().insert(rel, file);
        Some(url)
    }

    fn partial(&self, category: &str, name: &str) -> Option<String> {
        self.index
            .tree
            .partial(category, name)
            .map(|p| p.body.clone())
    }

    fn partial_file(&self, path: &str) -> Option<String> {
        self.index.tree.partial_file(path).map(|p| p.body.clone())
    }

    fn site_address(&self, path: &str) -> Option<String> {
        let path = path.trim();
        if has_scheme(path) {
            return Some(path.to_string());
        }
        path.starts_with('/')
            .then(|| format!("{}{path}", self.index.site_url))
    }

    fn advisories(&self) -> Vec<(String, String)> {
        let folder = format!("{}/", crate::advisories::compile::REPORTS_FOLDER);
        let mut found: Vec<(String, String)> = self
            .index
            .tree
            .docs
            .iter()
            .filter(|d| d.rel_path.starts_with(&folder) && !d.is_index)
            .map(|d| {
                let id = d.frontmatter.title.clone().unwrap_or_else(|| {
                    d.rel_path[folder.len()..]
                        .trim_end_matches(".md")
                        .to_ascii_uppercase()
                });
                (id, d.route.clone())
            })
            .collect();
        found.sort_by_key(|(id, _)| std::cmp::Reverse(newest_first_key(id)));
        found
    }
}

/// Orders advisory ids newest first: CVEs by year then number, then other kinds (GHSA) by name.
fn newest_first_key(id: &str) -> (bool, u32, u64, String) {
    let mut parts = id.split('-');
    let kind = parts.next().unwrap_or("");
    let year = parts.next().and_then(|y| y.parse().ok()).unwrap_or(0);
    let number = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    (
        kind.eq_ignore_ascii_case("cve"),
        year,
        number,
        id.to_string(),
    )
}

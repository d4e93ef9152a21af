//! The compiled bundle's files and their JSON shapes: plain, uncompressed, diffable by a reviewer.

use serde::{Deserialize, Serialize};

use crate::nav::{NavItem, NavLink};
use crate::render::{Heading, TocEntry};

/// Bump when a reader of the previous version could misread a new bundle.
pub const FORMAT_VERSION: u32 = 1;

pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.sig";
pub const NAV: &str = "nav.json";
pub const TAGS: &str = "tags.json";
pub const PAGES_DIR: &str = "pages";
pub const ASSETS_DIR: &str = "assets";
pub const SEARCH_DIR: &str = "search";

/// What a snapshot is, as shown in "About this snapshot".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    pub name: String,
    pub version: String,
    pub date: String,
    pub edition: String,
    pub upstream_repo: String,
    pub upstream_commit: String,
    pub site_url: String,
}

/// One file of the bundle with its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub snapshot: SnapshotInfo,
    pub files: Vec<FileEntry>,
}

/// `manifest.sig`: an Ed25519 signature over the exact bytes of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureFile {
    pub algorithm: String,
    pub key_id: String,
    pub public_key: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NavFile {
    pub items: Vec<NavItem>,
}

/// A page as the UI receives it from `/api/page/…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFile {
    pub route: String,
    pub title: String,
    pub sidebar_label: String,
    pub description: String,
    pub tags: Vec<String>,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub headings: Vec<Heading>,
    pub hide_table_of_contents: bool,
    pub breadcrumbs: Vec<NavLink>,
    pub prev: Option<NavLink>,
    pub next: Option<NavLink>,
    pub source_path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagPage {
    pub route: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub tag: String,
    pub pages: Vec<TagPage>,
}

/// The bundle path of a page: `/security/core-principles/` → `pages/security/core-principles.json`,
/// `/` → `pages/index.json`.
pub fn page_path(route: &str) -> String {
    let trimmed = route.trim_matches('/');
    if trimmed.is_empty() {
        format!("{PAGES_DIR}/index.json")
    } else {
        format!("{PAGES_DIR}/{trimmed}.json")
    }
}

/// Whether a bundle-relative path is safe to join to the bundle folder: relative, no `..`, no
/// backslashes or NULs, nothing hidden.
pub fn is_safe_relative_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() < 1024
        && !path.starts_with('/')
        && !path.contains(['\\', '\0', ':'])
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != ".." && !seg.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_and_safety() {
        assert_eq!(
            page_path("/security/core-principles/"),
            "pages/security/core-principles.json"
        );
        assert_eq!(page_path("/"), "pages/index.json");
        assert!(is_safe_relative_path("pages/a.json"));
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a\\b",
            "a/.hidden",
            "C:x",
            "a//b",
            "a\0b",
        ] {
            assert!(!is_safe_relative_path(bad), "{bad:?}");
        }
    }
}

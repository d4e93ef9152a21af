//! `snapshot.toml`: what a snapshot is (name, version, edition, upstream commit) and the original site's sidebar.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const DEFAULT_SITE_URL: &str = "https://docs.spectrocloud.com";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotMeta {
    pub name: String,
    pub version: String,
    pub date: String,
    #[serde(default)]
    pub edition: String,
    #[serde(default = "default_docs_root")]
    pub docs_root: String,
    #[serde(default = "default_site_url")]
    pub site_url: String,
}

fn default_docs_root() -> String {
    ".".into()
}

fn default_site_url() -> String {
    DEFAULT_SITE_URL.into()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Upstream {
    #[serde(default)]
    pub repository: String,
    #[serde(default)]
    pub commit: String,
}

/// A top-level entry of the original site's docs sidebar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteSection {
    pub label: String,
    pub route: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Site {
    #[serde(default)]
    pub sections: Vec<SiteSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotConfig {
    pub snapshot: SnapshotMeta,
    #[serde(default)]
    pub upstream: Upstream,
    #[serde(default)]
    pub site: Site,
}

impl Default for SnapshotConfig {
    fn default() -> Self {
        SnapshotConfig {
            snapshot: SnapshotMeta {
                name: "Docs snapshot".into(),
                version: "unversioned".into(),
                date: String::new(),
                edition: String::new(),
                docs_root: default_docs_root(),
                site_url: default_site_url(),
            },
            upstream: Upstream::default(),
            site: Site::default(),
        }
    }
}

/// Reads `source/snapshot.toml` when there is one and returns it with the docs root it names;
/// otherwise `source` itself is the docs root and the defaults apply.
pub fn locate(source: &Path) -> crate::Result<(SnapshotConfig, PathBuf)> {
    if !source.is_dir() {
        return Err(crate::Error::Invalid(format!(
            "{} is not a folder; pass --source a Docusaurus docs folder or a snapshot folder with snapshot.toml",
            source.display()
        )));
    }
    let file = source.join("snapshot.toml");
    if !file.is_file() {
        return Ok((SnapshotConfig::default(), source.to_path_buf()));
    }
    let text = std::fs::read_to_string(&file).map_err(|e| crate::Error::io(&file, e))?;
    let config: SnapshotConfig = toml::from_str(&text).map_err(|e| {
        crate::Error::Invalid(format!(
            "{}: {e}; fix the snapshot description",
            file.display()
        ))
    })?;
    let root = source.join(&config.snapshot.docs_root);
    if !root.is_dir() {
        return Err(crate::Error::Invalid(format!(
            "{}: docs_root `{}` is not a folder next to it",
            file.display(),
            config.snapshot.docs_root
        )));
    }
    Ok((config, root))
}

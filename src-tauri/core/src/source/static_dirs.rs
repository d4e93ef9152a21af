//! The site's static folders, where site-absolute files (`/assets/docs/images/x.webp`, `/x.webp`,
//! `/videos/x.mp4`) live: the `staticDirectories` of `docusaurus.config.js`, else `static/`.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

/// Folders above the source searched for the site root (upstream keeps `static/` and
/// `docusaurus.config.js` at the repository root, two levels above the docs root).
const SEARCH_PARENTS: usize = 4;

static STATIC_DIRECTORIES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"staticDirectories\s*:\s*\[([^\]]*)\]").expect("valid regex"));
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]*)"|'([^']*)'"#).expect("valid regex"));

/// The static folders for a source, in the order the site looks files up; the first one is the
/// main one, whose relative paths name files in the bundle.
pub fn locate(source: &Path) -> Vec<PathBuf> {
    let Ok(start) = source.canonicalize() else {
        return Vec::new();
    };
    for dir in start.ancestors().take(SEARCH_PARENTS) {
        let config = dir.join("docusaurus.config.js");
        let configured = std::fs::read_to_string(&config)
            .ok()
            .map(|text| configured_dirs(&text))
            .unwrap_or_default();
        // A configured folder must stay inside the site (a config naming `/etc` serves nothing).
        let found: Vec<PathBuf> = configured
            .iter()
            .filter_map(|rel| dir.join(rel.trim_end_matches('/')).canonicalize().ok())
            .filter(|p| p.starts_with(dir) && p.is_dir())
            .collect();
        if !found.is_empty() {
            return found;
        }
        let plain = dir.join("static");
        if plain.is_dir() {
            return vec![plain];
        }
    }
    Vec::new()
}

/// The folder names listed in a Docusaurus config's `staticDirectories: [...]`.
fn configured_dirs(config: &str) -> Vec<String> {
    let Some(list) = STATIC_DIRECTORIES.captures(config) else {
        return Vec::new();
    };
    QUOTED
        .captures_iter(&list[1])
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_string())
        .filter(|s| !s.is_empty() && !s.contains("..") && !Path::new(s).is_absolute())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_configured_list() {
        let config = "module.exports = {\n  staticDirectories: [\"static\", 'static/assets/docs/images', \"../outside\", \"/etc\"],\n};";
        assert_eq!(
            configured_dirs(config),
            ["static", "static/assets/docs/images"]
        );
        assert!(configured_dirs("module.exports = {}").is_empty());
    }

    #[test]
    fn the_config_wins_over_the_plain_static_folder() {
        let site = tempfile::tempdir().expect("tempdir");
        let docs = site.path().join("docs/docs-content");
        std::fs::create_dir_all(&docs).expect("docs");
        std::fs::create_dir_all(site.path().join("static/assets/docs/images")).expect("static");
        let site_dir = site.path().canonicalize().expect("canonical");
        assert_eq!(locate(&docs), [site.path().join("static")]);
        std::fs::write(
            site.path().join("docusaurus.config.js"),
            "staticDirectories: [\"static\", \"static/assets/docs/images\", \"static/missing\"]",
        )
        .expect("config");
        let found = locate(&docs);
        assert_eq!(found.len(), 2);
        assert!(found[1].ends_with("static/assets/docs/images"));
        assert!(found.iter().all(|f| f.starts_with(&site_dir)));
    }
}

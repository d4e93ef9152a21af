//! `_category_.json` / `_category_.yml`: a folder's sidebar label, position and collapsed state.

use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct CategoryMeta {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub position: Option<f64>,
    #[serde(default)]
    pub collapsed: Option<bool>,
}

/// Reads a folder's category file, if any. A broken file is an error message naming it.
pub fn read(dir: &Path) -> Result<Option<CategoryMeta>, String> {
    for (name, is_json) in [
        ("_category_.json", true),
        ("_category_.yml", false),
        ("_category_.yaml", false),
    ] {
        let path = dir.join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let parsed = if is_json {
            serde_json::from_str(&text).map_err(|e| e.to_string())
        } else {
            serde_yaml_ng::from_str(&text).map_err(|e| e.to_string())
        };
        return parsed.map(Some).map_err(|e| {
            format!(
                "{}: {e}; fix the category file or remove it",
                path.display()
            )
        });
    }
    Ok(None)
}

//! Where user state lives: the per-user data folder from `directories`, never the bundle or install folder.

use std::path::PathBuf;

/// Overrides the data folder (tests, CI, portable installs).
pub const DATA_DIR_ENV: &str = "PALETTE_DOCS_DATA_DIR";

/// `$PALETTE_DOCS_DATA_DIR`, else the platform data folder (`~/.local/share/palette-docs` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "palette-docs").map(|p| p.data_dir().to_path_buf())
}

//! Where the user's data lives on this machine: the data folder (bookmarks, reading state, the
//! development signing key), the library folder inside it, and the keys the app trusts.

use std::path::PathBuf;

use crate::bundle::TrustStore;
use crate::{Error, Result};

/// Overrides the data directory (tests, CI, portable installs).
pub const DATA_DIR_ENV: &str = "PALETTE_DOCS_DATA_DIR";

/// The user's data directory: `$PALETTE_DOCS_DATA_DIR` if set and non-empty, else the platform
/// data dir of `ProjectDirs::from("com", "Palette Docs Offline", "palette-docs")`
/// (e.g. `~/.local/share/palette-docs` on Linux). Never the install or bundle directory.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("com", "Palette Docs Offline", "palette-docs")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            Error::Invalid(format!(
                "could not find a home directory to keep bookmarks and snapshots in; set {DATA_DIR_ENV} to a writable folder"
            ))
        })
}

/// Where installed snapshots live: `<data dir>/snapshots`.
pub fn library_dir() -> Result<PathBuf> {
    Ok(data_dir()?.join("snapshots"))
}

/// The keys this app trusts: the compiled-in ones plus this machine's development key.
pub fn trust_store() -> TrustStore {
    TrustStore::for_app(data_dir().ok().as_deref())
}

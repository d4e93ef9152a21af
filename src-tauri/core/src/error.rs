//! The error type of the core library: each variant reads as a sentence that says what to do.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(String),
    /// A compiled bundle that cannot be used: missing, damaged, tampered with or from a newer app.
    #[error("{0}")]
    Bundle(String),
    #[error("could not save {path}: {source}. Check that the folder is writable and the disk is not full.")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("this bookmarks file ({path}) was written by a newer Palette Docs (format {found}); update the app to use it. This version reads formats up to {supported} and left the file untouched.")]
    BookmarksTooNew {
        path: PathBuf,
        found: u64,
        supported: u32,
    },
    #[error("{path} is not a Palette Docs bookmarks file ({reason}). Choose a file made with \"Export bookmarks\".")]
    BookmarksFile { path: PathBuf, reason: String },
    #[error("there is no bookmark with id {0}; it may have been removed in another window. Reload the bookmarks list and try again.")]
    BookmarkNotFound(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

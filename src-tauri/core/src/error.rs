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
    /// Input that is not acceptable as given (a malformed value, an impossible request).
    #[error("{0}")]
    Invalid(String),
    /// Something named by the user does not exist: an installed snapshot, a page, a file.
    #[error("{0}")]
    NotFound(String),
    /// A snapshot whose signature is missing or wrong, whose key this app does not trust, or whose
    /// files changed after signing.
    #[error("{0}")]
    Untrusted(String),
    /// Something the user chose was checked and refused; what was there before is kept.
    #[error("{0}")]
    Refused(String),
    /// Input beyond a size the app accepts.
    #[error("{0}")]
    TooLarge(String),
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

    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }
}

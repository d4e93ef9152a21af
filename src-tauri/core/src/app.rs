//! The state one reader keeps while it runs: the library (which snapshot is open), the bookmarks
//! and the reading position. The API router in the server crate answers requests over it.

use std::sync::Arc;

use crate::bookmarks::{BookmarkStore, StateStore};
use crate::library::{Library, OpenSnapshot};

/// A reader's state. A store that could not be opened is kept as the sentence saying why, so the
/// app still reads docs without it.
#[derive(Debug)]
pub struct AppState {
    pub library: Library,
    pub bookmarks: Result<BookmarkStore, String>,
    /// Where the user left off and the recently viewed pages.
    pub reading_state: Result<StateStore, String>,
}

impl AppState {
    /// A reader of `library` that keeps no bookmarks and no reading position.
    pub fn new(library: impl Into<Library>) -> AppState {
        AppState {
            library: library.into(),
            bookmarks: Err("bookmarks are not available in this reader".into()),
            reading_state: Err("the reading position is not kept by this reader".into()),
        }
    }

    /// A reader of `library` with this user's bookmarks and reading position from the data folder.
    pub fn for_user(library: impl Into<Library>) -> AppState {
        AppState::new(library)
            .with_bookmarks(
                BookmarkStore::open_default()
                    .map_err(|e| format!("Bookmarks are unavailable: {e}")),
            )
            .with_reading_state(
                StateStore::open_default()
                    .map_err(|e| format!("The reading position cannot be kept: {e}")),
            )
    }

    /// Keeps bookmarks in `store` (or says why not).
    pub fn with_bookmarks(mut self, store: Result<BookmarkStore, String>) -> AppState {
        self.bookmarks = store;
        self
    }

    /// Keeps the reading position and recently viewed pages in `state` (or says why not).
    pub fn with_reading_state(mut self, state: Result<StateStore, String>) -> AppState {
        self.reading_state = state;
        self
    }

    /// The snapshot being read.
    pub fn snapshot(&self) -> Arc<OpenSnapshot> {
        self.library.current()
    }
}

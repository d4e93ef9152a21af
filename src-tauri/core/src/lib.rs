//! Palette Docs Offline core, the engine: sources, rendering, nav, snapshots, search, the library of
//! installed snapshots and bookmarks — no Tauri, no tokio, no hyper (those sit on top, in the server
//! and shell crates).

pub mod advisories;
pub mod app;
pub mod bookmarks;
pub mod bundle;
mod clock;
pub mod diagnostics;
pub mod diff;
pub mod error;
mod fsio;
pub mod html;
pub mod library;
pub mod nav;
pub mod render;
pub mod search;
pub mod source;
pub mod sync;
pub mod terminal;

pub use error::{Error, Result};

//! Palette Docs Offline core: everything the app does, without any Tauri dependency.

pub mod advisories;
pub mod api;
pub mod bookmarks;
pub mod bundle;
pub mod diagnostics;
pub mod error;
pub mod html;
pub mod nav;
pub mod render;
pub mod search;
pub mod serve;
pub mod source;
pub mod ui_bundle;

pub use error::{Error, Result};

//! The UI's own files: where they come from ([`UiFiles`], [`UiDir`]) and everything served outside
//! `/api/` — bundle assets, `/highlight.css`, UI files (the bundled script `js/app.bundle.js` among them,
//! made at build time by the CLI crate) and the `index.html` shell.

use std::borrow::Cow;
use std::path::PathBuf;

use super::http::content_type;
use super::{Api, Response};

/// The UI's files (`index.html`, `js/…`, `css/…`), embedded in the binary or read from a folder.
pub trait UiFiles: Send + Sync {
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>>;
}

/// UI files read from a folder on disk (development, tests).
#[derive(Debug, Clone)]
pub struct UiDir(pub PathBuf);

impl UiFiles for UiDir {
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        if !palette_docs_core::bundle::format::is_safe_relative_path(path) {
            return None;
        }
        let file = self.0.join(path);
        std::fs::symlink_metadata(&file)
            .ok()
            .filter(|m| m.is_file())?;
        std::fs::read(file).ok().map(Cow::Owned)
    }
}

impl Api {
    /// A `GET` or `HEAD` outside `/api/`: a bundle asset, `/highlight.css`, a UI file,
    /// otherwise `index.html` (client-side routing).
    pub(super) fn static_file(&self, path: &str) -> Response {
        if let Some(asset) = path.strip_prefix("/assets/") {
            return match self.snapshot().bundle.asset(asset) {
                Some(bytes) => Response::new(200, content_type(asset), bytes.to_vec()),
                None => Response::not_found(),
            };
        }
        if path == "/highlight.css" {
            let css = self
                .highlight_css
                .get_or_init(|| palette_docs_core::render::highlight::theme_css().into_bytes());
            return Response::new(200, "text/css; charset=utf-8", css.clone());
        }
        let file = path.trim_start_matches('/');
        if !file.is_empty() && file != "index.html" {
            if let Some(bytes) = self.ui.get(file) {
                return Response::new(200, content_type(file), bytes.into_owned());
            }
            // A missing script or stylesheet is a 404, not the app shell.
            if file.contains('.') && !file.ends_with('/') {
                return Response::not_found();
            }
        }
        match self.ui.get("index.html") {
            Some(bytes) => Response::new(200, "text/html; charset=utf-8", self.shell(&bytes, path)),
            None => Response::error(500, "the UI files are missing from this build"),
        }
    }
}

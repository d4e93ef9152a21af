//! Files the reader window saves (the bookmarks export): into the user's Downloads folder, never
//! over an existing file, and the page is told where the file went.
//!
//! WebKitGTK hands a download (`<a download>` on a `blob:` of the app) to this handler; without one
//! wry would save it wherever its own default points, and the page would never know.

use std::path::{Path, PathBuf};

use tauri::webview::DownloadEvent;
use tauri::{Runtime, Url, Webview};

use crate::protocol;

/// The DOM event the page receives when a download ends: `detail = { "path": string | null, "ok": bool }`.
pub const FINISHED_EVENT: &str = "palette:download";

/// Name used when the page suggests none.
const FALLBACK_NAME: &str = "palette-docs-download";

/// The window's download handler: accepts only the app's own files, picks a free path in the
/// Downloads folder, and reports the outcome to the page.
pub fn handle<R: Runtime>(webview: Webview<R>, event: DownloadEvent<'_>) -> bool {
    match event {
        DownloadEvent::Requested { url, destination } => {
            if !is_own_download(&url) {
                return false;
            }
            let name = destination
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| FALLBACK_NAME.to_string());
            match downloads_dir() {
                Some(dir) => {
                    *destination = free_path(&dir, &name);
                    true
                }
                None => {
                    tell_page(&webview, None, false);
                    false
                }
            }
        }
        DownloadEvent::Finished { path, success, .. } => {
            tell_page(&webview, path.as_deref(), success);
            true
        }
        _ => true,
    }
}

/// A download the app itself started: a `blob:` made by the page, or an address of the app.
fn is_own_download(url: &Url) -> bool {
    is_own_blob(url) || protocol::is_app_url(url)
}

/// A `blob:` URL the page made (`blob:palette://localhost/…`). WebKit asks the navigation guard
/// before it turns an `<a download>` of one into a download, so the guard must let these through.
pub fn is_own_blob(url: &Url) -> bool {
    url.scheme() == "blob" && Url::parse(url.path()).is_ok_and(|inner| protocol::is_app_url(&inner))
}

/// The user's Downloads folder (created if the desktop names one that does not exist yet), else
/// the home folder; `None` only without a home folder.
fn downloads_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    if let Some(downloads) = dirs.download_dir() {
        if std::fs::create_dir_all(downloads).is_ok() {
            return Some(downloads.to_path_buf());
        }
    }
    Some(dirs.home_dir().to_path_buf())
}

/// `dir/name`, or `dir/stem (1).ext`, `dir/stem (2).ext`… — the first that does not exist.
/// Only the last component of `name` is used. (WebKit also refuses to overwrite, so a file that
/// appears in between makes the download fail rather than replace it.)
fn free_path(dir: &Path, name: &str) -> PathBuf {
    let name = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .unwrap_or_else(|| FALLBACK_NAME.to_string());
    let first = dir.join(&name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
        _ => (name.clone(), String::new()),
    };
    (1u32..)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

fn tell_page<R: Runtime>(webview: &Webview<R>, path: Option<&Path>, ok: bool) {
    let detail = serde_json::json!({
        "path": path.map(|p| p.display().to_string()),
        "ok": ok,
    });
    let script = format!(
        "window.dispatchEvent(new CustomEvent({}, {{ detail: {detail} }}));",
        serde_json::Value::from(FINISHED_EVENT)
    );
    // The file is saved either way; a page that cannot be told only misses the message.
    let _ = webview.eval(script);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn only_the_apps_own_files_download() {
        let origin = protocol::ORIGIN;
        assert!(is_own_download(&url(&format!("blob:{origin}/0b8c-11"))));
        assert!(is_own_download(&url(&format!(
            "{origin}/api/bookmarks/export"
        ))));
        assert!(!is_own_download(&url("blob:https://evil.example/0b8c")));
        assert!(!is_own_download(&url("https://evil.example/x.json")));
        assert!(!is_own_download(&url("data:application/json,{}")));
        assert!(is_own_blob(&url(&format!("blob:{origin}/0b8c-11"))));
        assert!(!is_own_blob(&url(&format!("{origin}/x"))));
    }

    #[test]
    fn existing_files_are_never_reused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = "palette-docs-bookmarks-2026-11-27.json";
        let first = free_path(dir.path(), name);
        assert_eq!(first, dir.path().join(name));
        std::fs::write(&first, b"{}").expect("write");
        let second = free_path(dir.path(), name);
        assert_eq!(
            second,
            dir.path()
                .join("palette-docs-bookmarks-2026-11-27 (1).json")
        );
        std::fs::write(&second, b"{}").expect("write");
        assert_eq!(
            free_path(dir.path(), name),
            dir.path()
                .join("palette-docs-bookmarks-2026-11-27 (2).json")
        );
    }

    #[test]
    fn names_cannot_leave_the_folder_or_hide() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(
            free_path(dir.path(), "../../etc/x.json"),
            dir.path().join("x.json")
        );
        assert_eq!(
            free_path(dir.path(), ".bashrc"),
            dir.path().join(FALLBACK_NAME)
        );
        assert_eq!(free_path(dir.path(), ""), dir.path().join(FALLBACK_NAME));
    }
}

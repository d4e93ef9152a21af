//! The reader window: where it opens, where it may navigate, and how its title follows the page.

use tauri::webview::NewWindowResponse;
use tauri::{Manager, Runtime, Url, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

use crate::protocol;

mod downloads;

/// Label of the one window; the capabilities file grants permissions by this name.
pub const MAIN_WINDOW: &str = "main";

/// Title shown until the page sets its own `document.title`.
pub const APP_TITLE: &str = "Palette Docs Offline";

/// What to do when no window can be opened (said after the reason).
pub const NO_WINDOW_HINT: &str = "could not open the reader window; on a machine without a desktop (over SSH, in a container), run `palette-docs serve` and open the address it prints in a browser";

/// Fails with a sentence, rather than the event loop's panic, when there is no display to open a
/// window on: `DISPLAY`/`WAYLAND_DISPLAY` unset, or set to a display that does not answer.
pub fn require_display() -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    {
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            anyhow::bail!("no display: DISPLAY and WAYLAND_DISPLAY are not set; {NO_WINDOW_HINT}");
        }
        if gtk::init().is_err() {
            let display = std::env::var("WAYLAND_DISPLAY")
                .or_else(|_| std::env::var("DISPLAY"))
                .unwrap_or_default();
            anyhow::bail!("the display `{display}` does not answer; {NO_WINDOW_HINT}");
        }
    }
    Ok(())
}

/// Opens the reader window on `url` (an address of the `palette` scheme).
pub fn open_main_window<R: Runtime, M: Manager<R>>(
    manager: &M,
    url: Url,
) -> tauri::Result<WebviewWindow<R>> {
    WebviewWindowBuilder::new(manager, MAIN_WINDOW, WebviewUrl::CustomProtocol(url))
        .title(APP_TITLE)
        .inner_size(1280.0, 860.0)
        .min_inner_size(420.0, 360.0)
        // The UI binds Ctrl +/-/0 to its own persisted zoom; the webview's zoom keys would fight it.
        .zoom_hotkeys_enabled(false)
        // Every link that leaves the snapshot is shown, not followed, by the UI; this guard makes
        // sure nothing (a stray form, a script, a drag-and-dropped URL) can load another origin.
        // The page's own `blob:` files pass: that is how WebKit starts a download (an export).
        // Snapshot files and API answers are never the window's page (see `is_reader_page`).
        .on_navigation(|url| protocol::is_reader_page(url) || downloads::is_own_blob(url))
        .on_new_window(|_url, _features| NewWindowResponse::Deny)
        // Exports go to the Downloads folder, never over an existing file; the page hears where.
        .on_download(downloads::handle)
        // Dropping a file would navigate the webview to it; the UI has its own import action.
        .disable_drag_drop_handler()
        .on_document_title_changed(|window, title| {
            let title = title.trim();
            let title = if title.is_empty() { APP_TITLE } else { title };
            // A failure here only leaves the previous title in place: nothing to report.
            let _ = window.set_title(title);
        })
        .build()
}

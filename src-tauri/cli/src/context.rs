//! What every reading command shares: finding the packaged snapshot, the embedded UI files, and
//! opening the library and the API.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use include_dir::{include_dir, Dir};
use palette_docs_core::app::AppState;
use palette_docs_core::library::Library;
use palette_docs_server::api::{Api, UiFiles};

static UI: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../ui");

/// Overrides where the packaged snapshot is looked for.
pub const DEFAULT_BUNDLE_ENV: &str = "PALETTE_DOCS_DEFAULT_BUNDLE";

/// The UI's one script, bundled from `ui/js/app.js` at build time (see `build.rs`).
static UI_SCRIPT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app.bundle.js"));

/// The UI compiled into the binary: the files of `ui/`, and the script `index.html` loads.
pub struct EmbeddedUi;

impl UiFiles for EmbeddedUi {
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        if path == "js/app.bundle.js" {
            return Some(Cow::Borrowed(UI_SCRIPT));
        }
        UI.get_file(path).map(|f| Cow::Borrowed(f.contents()))
    }
}

/// The packaged snapshot: next to an installed binary (`/usr/lib/palette-docs/default-bundle` for
/// the desktop package, `/usr/lib/palette-docs-server/default-bundle` for the headless one and its
/// tarball), or the one `scripts/run.sh` builds in a source checkout.
pub fn default_bundle_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os(DEFAULT_BUNDLE_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let mut candidates = Vec::new();
    let exe = std::env::current_exe().ok();
    // Each package carries the snapshot: a binary reads its own package's copy first, so with both
    // installed at different versions each reads the snapshot it was released with.
    let headless = exe
        .as_deref()
        .and_then(Path::file_stem)
        .is_some_and(|stem| stem == crate::HEADLESS_NAME);
    let products = if headless {
        [
            "palette-docs-server",
            "palette-docs",
            "Palette Docs Offline",
        ]
    } else {
        [
            "palette-docs",
            "Palette Docs Offline",
            "palette-docs-server",
        ]
    };
    if let Some(exe_dir) = exe.as_deref().and_then(Path::parent) {
        for product in products {
            candidates.push(exe_dir.join("../lib").join(product).join("default-bundle"));
        }
        // In a source checkout the bundle `scripts/run.sh` builds is fresher than the copy the Tauri
        // build places next to the binary.
        candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/default-bundle"));
        candidates.push(exe_dir.join("default-bundle"));
    }
    candidates
        .into_iter()
        .find(|c| c.join("manifest.json").is_file())
        .context("no packaged snapshot was found; build one with `palette-docs bundle build --source docs-bundle --out target/default-bundle` or pass --bundle PATH")
}

/// Opens the snapshot to read: exactly `--bundle PATH` when given (never a fallback), else the one
/// chosen last in the app (see `Library::for_app`).
pub fn open_library(bundle: Option<&Path>) -> anyhow::Result<Library> {
    read_snapshot(bundle, Library::for_app)
}

/// `read(packaged snapshot, --bundle PATH)` for the snapshot to read, with the errors said the way
/// every reading command says them.
pub fn read_snapshot<T>(
    bundle: Option<&Path>,
    read: impl FnOnce(Option<&Path>, Option<&Path>) -> palette_docs_core::Result<T>,
) -> anyhow::Result<T> {
    let default = default_bundle_dir();
    if let (Err(e), None) = (&default, bundle) {
        anyhow::bail!("{e}");
    }
    let read = read(default.ok().as_deref(), bundle);
    Ok(match bundle {
        Some(b) => read.with_context(|| {
            format!(
                "cannot open the snapshot at {}; check the --bundle path, or run `palette-docs verify --bundle {}` to see what is wrong with it",
                b.display(),
                b.display()
            )
        })?,
        None => read?,
    })
}

/// The API over the snapshot to read (see [`open_library`]) with this user's bookmarks and reading
/// position; a notice about the snapshot (e.g. a refused choice) is said on stderr too.
pub fn open_api(bundle: Option<&Path>) -> anyhow::Result<Api> {
    let library = open_library(bundle)?;
    if let Some(notice) = &library.current().notice {
        eprintln!(
            "warning: {}",
            palette_docs_core::terminal::escape_keeping_lines(notice)
        );
    }
    Ok(Api::new(AppState::for_user(library), Box::new(EmbeddedUi)))
}

/// The API for `serve --allow-remote` (team mode): the snapshot to read as [`open_api`] chooses it,
/// but no bookmarks or reading position are opened, so the data folder is never written; readers
/// keep theirs in their browsers.
pub fn open_shared_api(bundle: Option<&Path>) -> anyhow::Result<Api> {
    let library = open_library(bundle)?;
    if let Some(notice) = &library.current().notice {
        eprintln!("warning: {notice}");
    }
    Ok(Api::new(AppState::new(library), Box::new(EmbeddedUi)).shared_read_only())
}

/// `/security/core-principles#a` or `security/core-principles` → `/security/core-principles/#a`.
pub fn normalize_deep_link(raw: &str) -> String {
    let raw = raw.strip_prefix("palette://localhost").unwrap_or(raw);
    let (path, anchor) = raw
        .split_once('#')
        .map_or((raw, None), |(p, a)| (p, Some(a)));
    let trimmed = path.trim_matches('/');
    let route = if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    };
    match anchor.filter(|a| !a.is_empty()) {
        Some(a) => format!("{route}#{a}"),
        None => route,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_links_become_routes() {
        assert_eq!(
            normalize_deep_link("/security/core-principles#x"),
            "/security/core-principles/#x"
        );
        assert_eq!(normalize_deep_link("security"), "/security/");
        assert_eq!(normalize_deep_link("/"), "/");
    }

    #[test]
    fn the_ui_is_embedded() {
        assert!(EmbeddedUi.get("index.html").is_some());
    }

    /// The script index.html loads is the real modules bundled at build time: one file, no module
    /// left to fetch, with code of the entry point and of modules it imports.
    #[test]
    fn the_embedded_ui_serves_the_modules_bundled_at_build_time() {
        let index = EmbeddedUi
            .get("index.html")
            .expect("index.html is embedded");
        let index = String::from_utf8_lossy(&index);
        assert!(index.contains(r#"<script type="module" src="/js/app.bundle.js"></script>"#));
        let script = EmbeddedUi
            .get("js/app.bundle.js")
            .expect("the script is embedded");
        let script = std::str::from_utf8(&script).expect("UTF-8");
        for import in ["from\"./", "from './", "import(\"./"] {
            assert!(
                !script.contains(import),
                "a module is left unbundled: {import}"
            );
        }
        // Strings of the entry point (app.js), the API module and the What's new page.
        for text in ["/api/nav", "/api/diff", "/whats-new/", "aria-busy"] {
            assert!(script.contains(text), "the bundle holds `{text}`");
        }
    }
}

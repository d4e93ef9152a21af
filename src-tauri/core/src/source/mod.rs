//! Reading a Docusaurus docs tree: files, frontmatter, categories, routes, partials, static files.

pub mod category;
pub mod frontmatter;
pub mod route;
pub mod snapshot;
pub mod static_dirs;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Severity};
pub use frontmatter::Frontmatter;
pub use snapshot::SnapshotConfig;

/// Pages larger than this are refused: a reader of docs does not need them, and they would
/// make the build slow for everyone.
pub const MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Deeper folder trees are refused (and symlink loops end here at the latest).
const MAX_DEPTH: usize = 32;

/// One page of the docs tree.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// Path relative to the docs root, `/`-separated (`security/core-principles.md`).
    pub rel_path: String,
    pub abs_path: PathBuf,
    pub route: String,
    pub frontmatter: Frontmatter,
    pub body: String,
    pub body_first_line: usize,
    /// The page of its folder (`lifecycle/lifecycle.md`, `index.md`).
    pub is_index: bool,
}

/// A folder of the docs tree (a sidebar category).
#[derive(Debug, Clone, Default)]
pub struct SourceDir {
    /// Path relative to the docs root, `/`-separated, empty for the root.
    pub rel_path: String,
    pub meta: category::CategoryMeta,
}

/// A shared markdown fragment from the partials folder.
#[derive(Debug, Clone)]
pub struct Partial {
    /// `partial_category`/`partial_name` from its frontmatter, which `<PartialsComponent>` names;
    /// a partial only ever imported by path has none.
    pub category: Option<String>,
    pub name: Option<String>,
    /// Its path inside the partials folder, `/`-separated (`self-hosted/_customize.mdx`), which an
    /// `import X from "…/_partials/…"` names.
    pub rel_path: String,
    pub body: String,
    pub path: PathBuf,
}

/// A docs tree as read from disk.
#[derive(Debug, Default)]
pub struct SourceTree {
    pub root: PathBuf,
    pub docs: Vec<SourceDoc>,
    pub dirs: Vec<SourceDir>,
    pub partials: Vec<Partial>,
    /// The site's static folders, the main one first (see [`static_dirs::locate`]).
    pub static_dirs: Vec<PathBuf>,
    pub config: SnapshotConfig,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where to read from: `source` is a docs root or a snapshot folder whose `snapshot.toml` names its docs root.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    pub partials: Option<PathBuf>,
}

impl SourceTree {
    /// Reads a docs tree. Problems in single files become diagnostics; only an unreadable root is an error.
    pub fn read(source: &Path, options: &SourceOptions) -> crate::Result<SourceTree> {
        let (config, root) = snapshot::locate(source)?;
        let mut tree = SourceTree {
            root: root.clone(),
            config,
            ..SourceTree::default()
        };
        let mut visited = HashSet::new();
        tree.walk(&root, "", 0, &mut visited)?;
        tree.docs.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
        tree.dedupe_routes();
        let partials_dir = options
            .partials
            .clone()
            .or_else(|| find_upwards(source, "_partials"));
        if let Some(dir) = partials_dir {
            tree.read_partials(&dir);
        }
        tree.static_dirs = static_dirs::locate(source);
        Ok(tree)
    }

    fn walk(
        &mut self,
        dir: &Path,
        rel: &str,
        depth: usize,
        visited: &mut HashSet<PathBuf>,
    ) -> crate::Result<()> {
        let canonical = dir.canonicalize().map_err(|e| crate::Error::io(dir, e))?;
        if !visited.insert(canonical) {
            self.diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    0,
                    "folder visited twice (a symlink loop?); skipped",
                )
                .in_file(dir),
            );
            return Ok(());
        }
        if depth > MAX_DEPTH {
            self.diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    0,
                    format!("folders nest deeper than {MAX_DEPTH} levels; skipped"),
                )
                .in_file(dir),
            );
            return Ok(());
        }
        match category::read(dir) {
            Ok(meta) => self.dirs.push(SourceDir {
                rel_path: rel.to_string(),
                meta: meta.unwrap_or_default(),
            }),
            Err(message) => {
                self.diagnostics
                    .push(Diagnostic::new(Severity::Warning, 1, message).in_file(dir));
                self.dirs.push(SourceDir {
                    rel_path: rel.to_string(),
                    meta: Default::default(),
                });
            }
        }
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| crate::Error::io(dir, e))?
            .filter_map(|e| e.ok())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Docusaurus ignores `_`-prefixed files and folders (partials) and hidden ones.
            if name.starts_with('_') || name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let child_rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let Ok(meta) = std::fs::metadata(&path) else {
                self.diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        0,
                        "cannot be read (a dangling symlink?); skipped",
                    )
                    .in_file(&path),
                );
                continue;
            };
            if meta.is_dir() {
                self.walk(&path, &child_rel, depth + 1, visited)?;
            } else if name.ends_with(".md") || name.ends_with(".mdx") {
                self.read_doc(&path, child_rel, meta.len());
            }
        }
        Ok(())
    }

    fn read_doc(&mut self, path: &Path, rel_path: String, len: u64) {
        if len > MAX_PAGE_BYTES {
            self.diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    0,
                    format!(
                        "page is {} MB, over the {} MB limit; split it into smaller pages",
                        len / 1_048_576,
                        MAX_PAGE_BYTES / 1_048_576
                    ),
                )
                .in_file(path),
            );
            return;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.diagnostics.push(
                    Diagnostic::new(Severity::Error, 0, format!("cannot be read: {e}"))
                        .in_file(path),
                );
                return;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1;
                self.diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        line,
                        "is not valid UTF-8; save the file as UTF-8",
                    )
                    .in_file(path),
                );
                return;
            }
        };
        let split = frontmatter::split(&text);
        let frontmatter = match split.yaml.map(frontmatter::parse).transpose() {
            Ok(fm) => fm.unwrap_or_default(),
            Err(e) => {
                self.diagnostics
                    .push(Diagnostic::new(Severity::Error, e.line, e.message).in_file(path));
                return;
            }
        };
        if frontmatter.draft {
            return;
        }
        let route = route::route_for(&rel_path, frontmatter.slug.as_deref());
        self.docs.push(SourceDoc {
            is_index: route::is_index_file(&rel_path) && frontmatter.slug.is_none(),
            rel_path,
            abs_path: path.to_path_buf(),
            route,
            body: split.body.to_string(),
            body_first_line: split.body_first_line,
            frontmatter,
        });
    }

    /// Two files with one route: the first (by path) keeps it, the other is reported and left out.
    fn dedupe_routes(&mut self) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut kept = Vec::with_capacity(self.docs.len());
        for doc in std::mem::take(&mut self.docs) {
            if let Some(first) = seen.get(&doc.route) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        1,
                        format!("route `{}` is already used by `{first}`; give one of them another `slug`", doc.route),
                    )
                    .in_file(&doc.abs_path),
                );
                continue;
            }
            seen.insert(doc.route.clone(), doc.rel_path.clone());
            kept.push(doc);
        }
        self.docs = kept;
    }

    fn read_partials(&mut self, dir: &Path) {
        let mut stack = vec![(dir.to_path_buf(), 0usize)];
        while let Some((d, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() && depth < 4 {
                    stack.push((path, depth + 1));
                    continue;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                if !(name.ends_with(".md") || name.ends_with(".mdx")) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Severity::Warning,
                            0,
                            "partial is not readable UTF-8; skipped",
                        )
                        .in_file(&path),
                    );
                    continue;
                };
                let split = frontmatter::split(&text);
                let frontmatter = match split.yaml.map(frontmatter::parse).transpose() {
                    Ok(fm) => fm.unwrap_or_default(),
                    Err(e) => {
                        self.diagnostics.push(
                            Diagnostic::new(Severity::Warning, e.line, e.message).in_file(&path),
                        );
                        continue;
                    }
                };
                let rel_path = path
                    .strip_prefix(dir)
                    .map(|r| {
                        r.components()
                            .map(|c| c.as_os_str().to_string_lossy())
                            .collect::<Vec<_>>()
                            .join("/")
                    })
                    .unwrap_or_else(|_| name.clone());
                self.partials.push(Partial {
                    category: frontmatter.partial_category,
                    name: frontmatter.partial_name,
                    rel_path,
                    body: split.body.to_string(),
                    path: path.clone(),
                });
            }
        }
        self.partials.sort_by(|a, b| a.path.cmp(&b.path));
    }

    pub fn partial(&self, category: &str, name: &str) -> Option<&Partial> {
        self.partials
            .iter()
            .find(|p| p.category.as_deref() == Some(category) && p.name.as_deref() == Some(name))
    }

    /// The partial at this path inside the partials folder (`./` and a leading `/` ignored).
    pub fn partial_file(&self, rel_path: &str) -> Option<&Partial> {
        let wanted = rel_path.trim_start_matches("./").trim_start_matches('/');
        self.partials.iter().find(|p| p.rel_path == wanted)
    }

    pub fn dir(&self, rel_path: &str) -> Option<&SourceDir> {
        self.dirs.iter().find(|d| d.rel_path == rel_path)
    }
}

/// Looks for a folder named `name` in `start` and up to three parents (upstream keeps `_partials/`
/// and `static/` at the repository root, two levels above the docs root).
fn find_upwards(start: &Path, name: &str) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .take(4)
        .map(|a| a.join(name))
        .find(|p| p.is_dir())
}

//! `bundle build` / `bundle check`: read a docs tree, render every page once, build nav, tags and the
//! search index from that same output, and write a signed, plain-file bundle.

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::format::{self, FileEntry, Manifest, NavFile, PageFile, SnapshotInfo, Tag, TagPage};
use super::resolve::SiteIndex;
use super::sign::{self, Signer, SignerKind};
use crate::diagnostics::{Diagnostic, Severity};
use crate::nav::{self, NavItem};
use crate::render::{self, LinkTarget, RenderEnv, RenderOptions, Rendered};
use crate::search::SearchDoc;
use crate::source::{SourceDoc, SourceOptions, SourceTree};
use crate::{Error, Result};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The partials folder; found upwards from the source when not given.
    pub partials: Option<PathBuf>,
    /// Any diagnostic (warnings included) stops the build.
    pub strict: bool,
}

/// A page after rendering, before it is written.
#[derive(Debug, Clone)]
pub struct CompiledPage {
    pub page: PageFile,
    pub rendered: Rendered,
}

/// A whole docs tree rendered in memory.
#[derive(Debug)]
pub struct Compiled {
    pub config: crate::source::SnapshotConfig,
    pub nav: Vec<NavItem>,
    pub pages: Vec<CompiledPage>,
    pub tags: Vec<Tag>,
    /// Bundle asset path → file on disk.
    pub assets: BTreeMap<String, PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every advisory record, written to the snapshot as `advisories.json`.
    pub advisories: Vec<crate::advisories::Advisory>,
    /// Advisories without our summary yet (notes, not warnings: `--strict` does not count them).
    pub summaries_missing: Vec<String>,
}

impl Compiled {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// One search document per heading section of every page.
    pub fn search_docs(&self) -> Vec<SearchDoc> {
        let mut docs = Vec::new();
        for p in &self.pages {
            let crumbs: Vec<String> = p
                .page
                .breadcrumbs
                .iter()
                .map(|b| b.label.clone())
                .filter(|l| *l != p.page.sidebar_label)
                .collect();
            for s in &p.rendered.sections {
                // A page's intro stands for the page: with no text of its own, its description does.
                let body = if s.anchor.is_none() && s.text.is_empty() {
                    p.page.description.clone()
                } else {
                    s.text.clone()
                };
                docs.push(SearchDoc {
                    route: p.page.route.clone(),
                    anchor: s.anchor.clone(),
                    page_title: p.page.title.clone(),
                    section: s.heading.clone(),
                    breadcrumbs: crumbs.clone(),
                    body,
                    tags: p.page.tags.clone(),
                });
            }
        }
        docs
    }
}

/// Progress callback: (pages done, pages total).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Reads and renders a docs tree without writing anything (what `bundle check` runs).
pub fn compile(
    source: &Path,
    options: &BuildOptions,
    progress: Option<Progress<'_>>,
) -> Result<Compiled> {
    let mut tree = SourceTree::read(
        source,
        &SourceOptions {
            partials: options.partials.clone(),
        },
    )?;
    let mut diagnostics = tree.diagnostics.clone();
    let advisories = crate::advisories::compile::attach(source, &mut tree, &mut diagnostics)?;
    let index = SiteIndex::new(&tree);
    let rendered = render_all(&index, progress, &render_page)?;

    let mut titles = BTreeMap::new();
    for (doc, (r, _)) in tree.docs.iter().zip(&rendered) {
        let title = doc
            .frontmatter
            .title
            .clone()
            .or_else(|| r.title.clone())
            .unwrap_or_else(|| {
                nav::humanize(doc.rel_path.rsplit('/').next().unwrap_or(&doc.rel_path))
            });
        titles.insert(doc.route.clone(), title);
    }
    let nav_items = nav::build(&tree, &titles);
    let order = nav::reading_order(&nav_items);
    let position: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.route.as_deref().map(|r| (r, i)))
        .collect();
    let headings: HashMap<&str, Vec<&str>> = tree
        .docs
        .iter()
        .zip(&rendered)
        .map(|(d, (r, _))| {
            (
                d.route.as_str(),
                r.headings
                    .iter()
                    .map(|h| h.id.as_str())
                    .chain(r.anchor_aliases.iter().map(String::as_str))
                    .collect(),
            )
        })
        .collect();

    let mut assets = BTreeMap::new();
    let mut pages = Vec::with_capacity(tree.docs.len());
    let mut tag_map: BTreeMap<String, Vec<TagPage>> = BTreeMap::new();
    for (doc, (r, page_assets)) in tree.docs.iter().zip(&rendered) {
        for d in &r.diagnostics {
            diagnostics.push(d.clone().in_file(&doc.abs_path));
        }
        check_anchors(r, &doc.route, &headings, &doc.abs_path, &mut diagnostics);
        assets.extend(page_assets.clone());
        let title = titles.get(&doc.route).cloned().unwrap_or_default();
        let idx = position.get(doc.route.as_str()).copied();
        let neighbour = |i: Option<usize>| i.and_then(|i| order.get(i)).cloned();
        let page = PageFile {
            route: doc.route.clone(),
            sidebar_label: nav::sidebar_label(doc, &title),
            description: doc
                .frontmatter
                .description
                .clone()
                .unwrap_or_default()
                .trim()
                .to_string(),
            tags: doc.frontmatter.tags.clone(),
            html: r.html.clone(),
            toc: r.toc.clone(),
            headings: r.headings.clone(),
            hide_table_of_contents: doc.frontmatter.hide_table_of_contents,
            breadcrumbs: nav::breadcrumbs(&nav_items, &doc.route),
            prev: neighbour(idx.and_then(|i| i.checked_sub(1))),
            next: neighbour(idx.map(|i| i + 1)),
            source_path: doc.rel_path.clone(),
            title,
        };
        for tag in &page.tags {
            tag_map.entry(tag.clone()).or_default().push(TagPage {
                route: page.route.clone(),
                title: page.title.clone(),
                description: page.description.clone(),
            });
        }
        pages.push(CompiledPage {
            page,
            rendered: r.clone(),
        });
    }
    Ok(Compiled {
        config: tree.config.clone(),
        nav: nav_items,
        pages,
        tags: tag_map
            .into_iter()
            .map(|(tag, pages)| Tag { tag, pages })
            .collect(),
        assets,
        diagnostics,
        advisories: advisories.records,
        summaries_missing: advisories.summaries_missing,
    })
}

type RenderedPage = (Rendered, BTreeMap<String, PathBuf>);

/// Renders one page's markdown: `render::render` in a build, something else only in tests that
/// need a page to fail.
type RenderPage = dyn Fn(&SourceDoc, &dyn RenderEnv, &RenderOptions) -> Rendered + Sync;

fn render_page(doc: &SourceDoc, env: &dyn RenderEnv, options: &RenderOptions) -> Rendered {
    render::render(&doc.body, env, options)
}

/// Renders every page on all cores, in the order of `docs`. A panic while rendering one page
/// becomes an error naming that page's file instead of a hole that would shift every later page
/// onto another page's route.
fn render_all(
    index: &SiteIndex<'_>,
    progress: Option<Progress<'_>>,
    render_page: &RenderPage,
) -> Result<Vec<RenderedPage>> {
    let docs = &index.tree().docs;
    let total = docs.len();
    let done = AtomicUsize::new(0);
    let results: Vec<std::result::Result<RenderedPage, String>> = docs
        .par_iter()
        .map(|doc| {
            let rendered = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let env = index.page(&doc.rel_path, &doc.route);
                let options = RenderOptions {
                    toc_max_level: doc.frontmatter.toc_max_heading_level.unwrap_or(3),
                    first_line: doc.body_first_line,
                    anchor_aliases: doc.frontmatter.anchor_aliases.clone(),
                };
                let r = render_page(doc, &env, &options);
                (r, env.assets.into_inner())
            }));
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(p) = progress {
                p(n, total);
            }
            rendered.map_err(|panic| {
                let why = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "no message".into());
                format!("{} ({why})", doc.abs_path.display())
            })
        })
        .collect();
    let failed: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err().cloned())
        .collect();
    if !failed.is_empty() {
        return Err(Error::Invalid(format!(
            "rendering stopped on {} page(s) that crashed the renderer: {}. This is a bug in \
             Palette Docs; please report it with that file (removing the file lets the build go on).",
            failed.len(),
            failed.join("; ")
        )));
    }
    Ok(results.into_iter().flatten().collect())
}

fn check_anchors(
    r: &Rendered,
    route: &str,
    headings: &HashMap<&str, Vec<&str>>,
    file: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for link in &r.links {
        let (target_route, anchor) = match &link.target {
            LinkTarget::Page {
                route,
                anchor: Some(a),
            } => (route.as_str(), a.as_str()),
            LinkTarget::Anchor { id } if !id.is_empty() => (route, id.as_str()),
            _ => continue,
        };
        let known = headings
            .get(target_route)
            .is_some_and(|ids| ids.contains(&anchor));
        if !known {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    link.line,
                    format!(
                        "link `{}`: page {target_route} has no heading with id `{anchor}`",
                        link.raw
                    ),
                )
                .in_file(file),
            );
        }
    }
}

/// What a finished build wrote.
#[derive(Debug)]
pub struct BuildReport {
    pub out: PathBuf,
    pub pages: usize,
    pub assets: usize,
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub signer: Signer,
    pub elapsed: Duration,
}

/// Builds a bundle into `out`, replacing a previous bundle there. With `strict`, any diagnostic stops
/// the build before anything is written.
pub fn build(
    source: &Path,
    out: &Path,
    options: &BuildOptions,
    key: &SigningKey,
    key_kind: SignerKind,
    progress: Option<Progress<'_>>,
) -> Result<BuildReport> {
    let started = Instant::now();
    let compiled = compile(source, options, progress)?;
    if options.strict && !compiled.diagnostics.is_empty() {
        return Err(Error::Invalid(format!(
            "--strict: the build stopped on {} error(s) and {} warning(s):\n{}",
            compiled.errors(),
            compiled.warnings(),
            compiled
                .diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )));
    }
    let staging = staging_dir(out)?;
    let result = write_bundle(&compiled, &staging, key);
    let files = match result {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    replace_dir(&staging, out)?;
    Ok(BuildReport {
        out: out.to_path_buf(),
        pages: compiled.pages.len(),
        assets: compiled.assets.len(),
        files,
        diagnostics: compiled.diagnostics,
        signer: Signer {
            key_id: sign::key_id(&key.verifying_key()),
            kind: key_kind,
        },
        elapsed: started.elapsed(),
    })
}

fn staging_dir(out: &Path) -> Result<PathBuf> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
    }
    std::fs::create_dir_all(&staging).map_err(|e| Error::write(&staging, e))?;
    Ok(staging)
}

/// Swaps the new bundle in. An existing `out` is only replaced when it is a bundle or empty, so a
/// mistyped `--out` never deletes someone's folder.
fn replace_dir(staging: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let is_bundle = out.join(format::MANIFEST).is_file();
        let is_empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !is_bundle && !is_empty {
            let _ = std::fs::remove_dir_all(staging);
            return Err(Error::Invalid(format!(
                "{} exists and is not a bundle; choose an empty or new folder for --out",
                out.display()
            )));
        }
        let old = staging.with_extension("old");
        std::fs::rename(out, &old).map_err(|e| Error::write(out, e))?;
        std::fs::rename(staging, out).map_err(|e| Error::write(out, e))?;
        let _ = std::fs::remove_dir_all(old);
    } else {
        std::fs::rename(staging, out).map_err(|e| Error::write(out, e))?;
    }
    Ok(())
}

fn write_json<T: serde::Serialize>(dir: &Path, rel: &str, value: &T) -> Result<()> {
    let bytes = serde_json::to_vec(value)
        .map_err(|e| Error::Invalid(format!("cannot encode {rel}: {e}")))?;
    write_file(dir, rel, &bytes)
}

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| Error::write(&path, e))
}

/// Writes every file, then the manifest of their hashes and its signature. Returns the file count.
fn write_bundle(compiled: &Compiled, dir: &Path, key: &SigningKey) -> Result<usize> {
    for p in &compiled.pages {
        write_json(dir, &format::page_path(&p.page.route), &p.page)?;
    }
    write_json(
        dir,
        format::NAV,
        &NavFile {
            items: compiled.nav.clone(),
        },
    )?;
    write_json(dir, format::TAGS, &compiled.tags)?;
    if !compiled.advisories.is_empty() {
        write_json(dir, crate::advisories::SNAPSHOT_FILE, &compiled.advisories)?;
    }
    for (rel, file) in &compiled.assets {
        let mut bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        // Opened on its own, an SVG is a document: it ships without script or outside references.
        if rel.to_ascii_lowercase().ends_with(".svg") {
            bytes = super::svg::clean(&bytes).map_err(|why| {
                Error::Invalid(format!(
                    "{}: this SVG image cannot be shipped because {why}; fix or replace it",
                    file.display()
                ))
            })?;
        }
        write_file(dir, &format!("{}/{rel}", format::ASSETS_DIR), &bytes)?;
    }
    let search_dir = dir.join(format::SEARCH_DIR);
    crate::search::build_index(&search_dir, &compiled.search_docs())?;
    // Lock files and tantivy's own bookkeeping are not part of the index a reader needs.
    for entry in std::fs::read_dir(&search_dir)
        .map_err(|e| Error::io(&search_dir, e))?
        .flatten()
    {
        if entry.file_name().to_string_lossy().starts_with('.') {
            let _ = std::fs::remove_file(entry.path());
        }
    }

    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    let mut entries = Vec::with_capacity(files.len());
    for rel in files {
        let path = dir.join(&rel);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        entries.push(FileEntry {
            sha256: hex::encode(Sha256::digest(&bytes)),
            size: bytes.len() as u64,
            path: rel,
        });
    }
    let count = entries.len();
    let c = &compiled.config;
    let manifest = Manifest {
        format_version: format::FORMAT_VERSION,
        snapshot: SnapshotInfo {
            name: c.snapshot.name.clone(),
            version: c.snapshot.version.clone(),
            date: c.snapshot.date.clone(),
            edition: c.snapshot.edition.clone(),
            upstream_repo: c.upstream.repository.clone(),
            upstream_commit: c.upstream.commit.clone(),
            site_url: c.snapshot.site_url.clone(),
        },
        files: entries,
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Error::Invalid(format!("cannot encode the manifest: {e}")))?;
    write_file(dir, format::MANIFEST, &manifest_bytes)?;
    write_json(dir, format::SIGNATURE, &sign::sign(&manifest_bytes, key))?;
    Ok(count)
}

/// Every regular file under `dir`, as `/`-separated paths relative to `base`.
pub(crate) fn collect_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            collect_files(base, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(base)
                .map_err(|_| Error::Bundle(format!("{} is outside the bundle", path.display())))?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push(rel);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A docs tree of `n` pages, each saying its own number.
    fn docs_tree(n: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for i in 0..n {
            std::fs::write(
                dir.path().join(format!("page{i:02}.md")),
                format!("# Page {i:02}\n\nThis page is number marker{i:02}.\n"),
            )
            .expect("write page");
        }
        dir
    }

    fn rendered_with(
        dir: &Path,
        render_page: &RenderPage,
    ) -> (SourceTree, Result<Vec<RenderedPage>>) {
        let tree = SourceTree::read(dir, &SourceOptions::default()).expect("read tree");
        let result = {
            let index = SiteIndex::new(&tree);
            render_all(&index, None, render_page)
        };
        (tree, result)
    }

    #[test]
    fn every_result_belongs_to_its_own_page() {
        let dir = docs_tree(40);
        let (tree, result) = rendered_with(dir.path(), &render_page);
        let rendered = result.expect("renders");
        assert_eq!(rendered.len(), tree.docs.len());
        for (doc, (r, _)) in tree.docs.iter().zip(&rendered) {
            let marker = doc.rel_path.replace("page", "marker").replace(".md", "");
            assert!(
                r.html.contains(&marker),
                "{} got another page's html",
                doc.rel_path
            );
        }
    }

    #[test]
    fn a_page_that_panics_the_renderer_is_a_build_error_naming_it() {
        let dir = docs_tree(40);
        let crashing = |doc: &SourceDoc, env: &dyn RenderEnv, options: &RenderOptions| {
            if doc.rel_path == "page17.md" {
                panic!("renderer gave up");
            }
            render::render(&doc.body, env, options)
        };
        let (_, result) = rendered_with(dir.path(), &crashing);
        let message = result
            .expect_err("a crashed page fails the build")
            .to_string();
        assert!(message.contains("page17.md"), "{message}");
        assert!(message.contains("renderer gave up"), "{message}");
        assert!(message.contains("1 page(s)"), "{message}");
        assert!(
            !message.contains("page16.md") && !message.contains("page18.md"),
            "{message}"
        );
    }
}

//! The builder's advisory step: finds the records of a source (the snapshot folder's `advisories/`
//! data, or upstream report pages in the docs root) and puts one generated page per advisory into
//! the source tree before rendering, so nav, search and the manifest treat them like any page.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::source::category::CategoryMeta;
use crate::source::{route, Frontmatter, SourceDir, SourceDoc, SourceTree};
use crate::Result;

use super::import;
use super::page;
use super::record::Advisory;
use super::store;

/// The folder of the advisory pages, relative to the docs root.
pub const REPORTS_FOLDER: &str = "security-bulletins/reports";

/// What the advisory step found.
#[derive(Debug, Default)]
pub struct Attached {
    pub records: Vec<Advisory>,
    /// Advisories without our summary yet: told by `bundle check`, never failing `--strict` (the
    /// summaries are written by people and may land after the facts).
    pub summaries_missing: Vec<String>,
}

/// The data folder of a snapshot folder source (`<source>/advisories` with `advisories.json`).
pub fn data_dir(source: &Path) -> Option<PathBuf> {
    let dir = source.join("advisories");
    dir.join(store::FACTS_FILE).is_file().then_some(dir)
}

/// Finds the records for `source` and adds their pages to `tree`; problems go to `diagnostics`.
pub fn attach(
    source: &Path,
    tree: &mut SourceTree,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Attached> {
    let mut attached = Attached::default();
    if let Some(dir) = data_dir(source) {
        let (records, problems) = store::read_records(&dir)?;
        diagnostics.extend(problems);
        attached.summaries_missing = records
            .iter()
            .filter(|r| r.summary.is_none())
            .map(|r| r.id.clone())
            .collect();
        attached.records = records;
    } else {
        let folder = tree.root.join("security-bulletins");
        if import::reports_dir(&folder).is_some() {
            let imported = import::read_upstream(&folder)?;
            diagnostics.extend(imported.problems);
            diagnostics.extend(imported.disagreements);
            attached.records = imported
                .facts
                .into_iter()
                .map(|f| Advisory::new(f, None))
                .collect();
        }
    }
    if attached.records.is_empty() {
        return Ok(attached);
    }
    let abs_path = data_dir(source)
        .map(|d| d.join(store::FACTS_FILE))
        .unwrap_or_else(|| tree.root.join(REPORTS_FOLDER));
    for record in &attached.records {
        add_page(tree, record, &abs_path);
    }
    if tree.dir(REPORTS_FOLDER).is_none() {
        tree.dirs.push(SourceDir {
            rel_path: REPORTS_FOLDER.to_string(),
            meta: CategoryMeta {
                label: Some("Advisories".into()),
                position: None,
                collapsed: Some(true),
            },
        });
    }
    tree.docs.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(attached)
}

fn add_page(tree: &mut SourceTree, record: &Advisory, data_file: &Path) {
    let frontmatter = Frontmatter {
        title: Some(record.id.clone()),
        sidebar_label: Some(record.id.clone()),
        description: Some(page::description(record)),
        tags: vec!["security".into(), "cve".into()],
        hide_table_of_contents: true,
        toc_max_heading_level: Some(2),
        anchor_aliases: page::upstream_aliases(record),
        ..Frontmatter::default()
    };
    let body = page::markdown(record);
    // An upstream report page at the same route (a vendor build) is replaced by the generated one.
    if let Some(doc) = tree.docs.iter_mut().find(|d| d.route == record.route) {
        doc.frontmatter = frontmatter;
        doc.body = body;
        doc.body_first_line = 1;
        return;
    }
    let rel_path = format!("{REPORTS_FOLDER}/{}.md", record.id.to_lowercase());
    tree.docs.push(SourceDoc {
        is_index: false,
        route: route::route_for(&rel_path, None),
        rel_path,
        abs_path: data_file.to_path_buf(),
        frontmatter,
        body,
        body_first_line: 1,
    });
}

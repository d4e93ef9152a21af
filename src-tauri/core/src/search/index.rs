//! Writing the index: one tantivy document per [`SearchDoc`], merged into a single segment.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use tantivy::schema::TantivyDocument;
use tantivy::{Index, IndexSettings, IndexWriter};

use super::schema::{build_schema, register_tokenizers, slug};
use super::SearchDoc;
use crate::{Error, Result};

/// Memory budget of the single indexing thread; the whole Security corpus fits many times over.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// Bytes of stored text compressed together.
const DOCSTORE_BLOCK: usize = 64 * 1024;

/// Writes a fresh index for `docs` into `dir` (created if missing; a previous index there is replaced).
///
/// The result is one merged segment, so opening it at start-up is a few file maps.
pub fn build_index(dir: &Path, docs: &[SearchDoc]) -> Result<()> {
    prepare_dir(dir)?;
    let (schema, fields) = build_schema();
    // Larger docstore blocks compress the stored section text better (the index must stay within
    // 1.5x of the markdown); a fetch decompresses one block, still microseconds with lz4.
    let settings = IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_dir(dir)
        .map_err(|e| index_error(dir, e))?;
    register_tokenizers(&index);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, WRITER_MEMORY)
        .map_err(|e| index_error(dir, e))?;

    let mut pages: HashMap<&str, u64> = HashMap::new();
    for doc in docs {
        let next = pages.len() as u64;
        let page = *pages.entry(doc.route.as_str()).or_insert(next);
        let mut d = TantivyDocument::default();
        d.add_text(fields.title, &doc.page_title);
        d.add_text(fields.title_exact, &doc.page_title);
        // The intro of a page stands for the page itself: indexing its title as the heading makes a
        // title query land on the top of the page rather than on an arbitrary section.
        let heading = doc.section.as_deref().unwrap_or(&doc.page_title);
        d.add_text(fields.section, heading);
        d.add_text(fields.section_exact, heading);
        if let Some(section) = &doc.section {
            d.add_text(fields.heading, section);
        }
        d.add_text(fields.body, &doc.body);
        d.add_text(fields.body_exact, &doc.body);
        for tag in &doc.tags {
            d.add_text(fields.tags, tag);
        }
        for segment in doc.route.split('/').filter(|s| !s.is_empty()) {
            d.add_text(fields.scope, segment.to_lowercase());
        }
        for crumb in &doc.breadcrumbs {
            d.add_text(fields.scope, slug(crumb));
            d.add_text(fields.breadcrumbs, crumb);
        }
        d.add_text(fields.route, &doc.route);
        if let Some(anchor) = &doc.anchor {
            d.add_text(fields.anchor, anchor);
        }
        d.add_u64(fields.page, page);
        writer.add_document(d).map_err(|e| index_error(dir, e))?;
    }
    writer.commit().map_err(|e| index_error(dir, e))?;

    let segments = index
        .searchable_segment_ids()
        .map_err(|e| index_error(dir, e))?;
    if segments.len() > 1 {
        writer
            .merge(&segments)
            .wait()
            .map_err(|e| index_error(dir, e))?;
    }
    writer
        .wait_merging_threads()
        .map_err(|e| index_error(dir, e))?;
    Ok(())
}

/// Makes `dir` an empty folder, refusing to wipe a folder that does not hold a search index.
fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let is_empty = fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_none();
        if !is_empty {
            if !dir.join("meta.json").exists() {
                return Err(Error::Invalid(format!(
                    "{} is not empty and does not hold a search index; choose an empty or new folder for the index",
                    dir.display()
                )));
            }
            fs::remove_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))
}

pub(crate) fn index_error(dir: &Path, e: tantivy::TantivyError) -> Error {
    Error::Invalid(format!(
        "the search index at {} could not be written or read ({e}); rebuild the bundle with `palette-docs bundle build`",
        dir.display()
    ))
}

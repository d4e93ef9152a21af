//! What a result shows of a section, read from the index's stored fields; for small indexes, every
//! section read once at start-up and kept with its text prepared for snippets.

use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::Field;
use tantivy::DocAddress;

use super::prepared::PreparedText;
use super::schema::Fields;
use super::tokenizer::Normalizer;
use super::Hit;

/// Indexes with up to this many sections are read whole at start-up, which costs about 13 µs a
/// section (the Security bundle's hundred: about a millisecond; this many: about 7 ms, within the
/// start-up budget): a keystroke then neither decompresses stored text nor scans it for token
/// starts. Larger indexes read the sections of each answer on demand.
const PRELOAD_MAX_SECTIONS: u32 = 500;

/// The stored fields of one section.
pub(crate) struct Section {
    route: String,
    anchor: Option<String>,
    page_title: String,
    heading: Option<String>,
    breadcrumbs: Vec<String>,
    pub body: String,
}

impl Section {
    pub fn read(
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        f: &Fields,
    ) -> tantivy::Result<Section> {
        let stored: StoredFields = searcher.doc(addr)?;
        let mut section = Section {
            route: String::new(),
            anchor: None,
            page_title: String::new(),
            heading: None,
            breadcrumbs: Vec::new(),
            body: String::new(),
        };
        for (field, text) in stored.0 {
            if field == f.route {
                section.route = text;
            } else if field == f.anchor {
                section.anchor = Some(text);
            } else if field == f.title {
                section.page_title = text;
            } else if field == f.heading {
                section.heading = Some(text);
            } else if field == f.breadcrumbs {
                section.breadcrumbs.push(text);
            } else if field == f.body {
                section.body = text;
            }
        }
        Ok(section)
    }

    /// The result for this section with its snippet.
    pub fn hit(&self, snippet_html: String) -> Hit {
        Hit {
            route: self.route.clone(),
            anchor: self.anchor.clone(),
            page_title: self.page_title.clone(),
            section: self.heading.clone(),
            breadcrumbs: self.breadcrumbs.clone(),
            snippet_html,
            more: Vec::new(),
        }
    }
}

/// Every section of a small index by address, with its prepared text.
pub(crate) struct Preloaded(Vec<Vec<(Section, PreparedText)>>);

impl Preloaded {
    /// Reads all sections, or gives `None` when the index is too large to hold.
    pub fn load(searcher: &tantivy::Searcher, f: &Fields) -> tantivy::Result<Option<Preloaded>> {
        let readers = searcher.segment_readers();
        if readers.iter().map(|r| r.max_doc()).sum::<u32>() > PRELOAD_MAX_SECTIONS {
            return Ok(None);
        }
        let mut norm = Normalizer::default();
        let mut segments = Vec::with_capacity(readers.len());
        for (ord, reader) in readers.iter().enumerate() {
            let mut sections = Vec::with_capacity(reader.max_doc() as usize);
            for doc in 0..reader.max_doc() {
                let section = Section::read(searcher, DocAddress::new(ord as u32, doc), f)?;
                let prepared = PreparedText::new(&section.body, &mut norm);
                sections.push((section, prepared));
            }
            segments.push(sections);
        }
        Ok(Some(Preloaded(segments)))
    }

    pub fn get(&self, addr: DocAddress) -> Option<&(Section, PreparedText)> {
        self.0
            .get(addr.segment_ord as usize)?
            .get(addr.doc_id as usize)
    }
}

/// The stored fields of a section as read: every stored field is text, so they are read straight
/// into strings (tantivy's generic document would be decoded first and copied again).
struct StoredFields(Vec<(Field, String)>);

impl DocumentDeserialize for StoredFields {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(
        mut doc: D,
    ) -> Result<Self, DeserializeError> {
        let mut values = Vec::with_capacity(doc.size_hint());
        while let Some(value) = doc.next_field::<String>()? {
            values.push(value);
        }
        Ok(StoredFields(values))
    }
}

//! Security advisories (CVE and GHSA reports) as records: read from upstream report pages and
//! tables and our older prose page by the importer, kept as facts in `docs-bundle/advisories/` with
//! our own summaries beside them, compiled into one page per advisory and `advisories.json` in the
//! snapshot, and filtered for the CLI and the API.

pub mod compile;
pub mod date;
pub mod filter;
pub mod import;
pub mod installation;
pub mod page;
pub mod prose;
pub mod record;
pub mod report;
pub mod revision;
pub mod search;
pub mod store;
pub mod table;

pub use filter::{find, Filter};
pub use installation::Installation;
pub use record::{Advisory, Affected, Facts, Revision, SeverityBand};

/// The file of the compiled snapshot that carries every record (hashed in the manifest like any file).
pub const SNAPSHOT_FILE: &str = "advisories.json";

/// The records of an opened snapshot; an older snapshot without advisories has none.
pub fn from_bundle(bundle: &crate::bundle::Bundle) -> crate::Result<Vec<Advisory>> {
    bundle
        .advisories_json()
        .map_or(Ok(Vec::new()), |bytes| from_snapshot_file(&bytes))
}

/// The records in a snapshot's [`SNAPSHOT_FILE`].
pub fn from_snapshot_file(bytes: &[u8]) -> crate::Result<Vec<Advisory>> {
    serde_json::from_slice(bytes).map_err(|e| {
        crate::Error::Bundle(format!(
            "{SNAPSHOT_FILE} in the snapshot is damaged ({e}); rebuild the snapshot with `palette-docs bundle build`"
        ))
    })
}

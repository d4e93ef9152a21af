//! [`Library`]: an open, verified snapshot with its search index, and how the one to read is chosen.

use std::path::Path;

use serde_json::json;

use crate::bundle::{pack, Bundle, SignerKind, TrustStore};
use crate::search::Searcher;

/// An open, verified snapshot with its search index.
#[derive(Debug)]
pub struct Library {
    pub bundle: Bundle,
    pub searcher: Searcher,
    /// Said once to the user, e.g. that a requested snapshot was refused and the default is shown.
    pub notice: Option<String>,
}

impl Library {
    pub fn open(dir: &Path, trust: &TrustStore) -> crate::Result<Library> {
        let mut bundle = Bundle::open(dir, trust)?;
        let searcher = Searcher::open_in_memory(bundle.take_search_files(), dir).map_err(|e| {
            crate::Error::Bundle(format!(
                "the search index of {} cannot be opened: {e}",
                dir.display()
            ))
        })?;
        Ok(Library {
            bundle,
            searcher,
            notice: None,
        })
    }

    /// Opens `requested` if given and valid; otherwise the packaged `default`, with a notice that says
    /// why the requested snapshot was refused.
    pub fn open_or_default(
        requested: Option<&Path>,
        default: &Path,
        trust: &TrustStore,
    ) -> crate::Result<Library> {
        let Some(requested) = requested else {
            return Library::open(default, trust);
        };
        match Library::open(requested, trust) {
            Ok(lib) => Ok(lib),
            Err(refused) => {
                let mut lib = Library::open(default, trust).map_err(|e| {
                    // Both refused for one reason (e.g. both signed with a key not trusted here): say it once.
                    if e.to_string() == refused.to_string() {
                        crate::Error::Bundle(format!("{refused} (the packaged snapshot too)"))
                    } else {
                        crate::Error::Bundle(format!(
                            "{refused}; the packaged snapshot could not be opened either: {e}"
                        ))
                    }
                })?;
                lib.notice = Some(format!(
                    "The snapshot at {} was refused: {refused}. You are reading the packaged snapshot instead.",
                    requested.display()
                ));
                Ok(lib)
            }
        }
    }

    /// Opens the snapshot chosen last ([`pack::read_active`]) when it is still installed and verifies;
    /// otherwise the packaged `default_dir`, with a notice saying why, and the choice is reset so the
    /// notice is said once. Answers the library and the id of the snapshot it reads.
    pub fn open_chosen(
        default_dir: &Path,
        library_dir: &Path,
        trust: &TrustStore,
    ) -> crate::Result<(Library, String)> {
        let id = pack::read_active(library_dir);
        if id == pack::DEFAULT_ID {
            return Ok((Library::open(default_dir, trust)?, id));
        }
        let lib = match pack::find(library_dir, &id) {
            Some(dir) => Library::open_or_default(Some(&dir), default_dir, trust)?,
            None => {
                let mut lib = Library::open(default_dir, trust)?;
                lib.notice = Some(format!(
                    "The snapshot `{id}` you chose last time is no longer installed. You are reading the packaged snapshot instead."
                ));
                lib
            }
        };
        if lib.notice.is_none() {
            return Ok((lib, id));
        }
        // Best effort: if the choice cannot be reset, the same notice is simply said again next time.
        let _ = pack::write_active(library_dir, pack::DEFAULT_ID);
        Ok((lib, pack::DEFAULT_ID.to_string()))
    }

    pub(super) fn snapshot_json(&self) -> serde_json::Value {
        let s = self.bundle.snapshot();
        json!({
            "name": s.name,
            "version": s.version,
            "date": s.date,
            "edition": s.edition,
            "upstream_repo": s.upstream_repo,
            "upstream_commit": s.upstream_commit,
            "site_url": s.site_url,
            "signer_key_id": self.bundle.signer.key_id,
            "signer": match self.bundle.signer.kind {
                SignerKind::Release => "release",
                SignerKind::Development => "development",
            },
            "verified": true,
            "files": self.bundle.file_count(),
            "verify_ms": self.bundle.verify_time.as_secs_f64() * 1000.0,
            "notice": self.notice,
        })
    }
}

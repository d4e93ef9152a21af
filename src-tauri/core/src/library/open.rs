//! [`OpenSnapshot`]: one open, verified snapshot with its search index (what the reader reads now).

use std::path::Path;
use std::sync::OnceLock;

use serde_json::json;

use crate::bundle::{Bundle, SignerKind, TrustStore};
use crate::search::Searcher;

/// An open, verified snapshot with its search index.
#[derive(Debug)]
pub struct OpenSnapshot {
    pub bundle: Bundle,
    pub searcher: Searcher,
    /// Said once to the user, e.g. that a requested snapshot was refused and the default is shown.
    pub notice: Option<String>,
    /// How many advisory records the snapshot holds, counted when first asked.
    advisory_count: OnceLock<usize>,
}

/// `read(requested)` if it succeeds; otherwise `read(default)` with a notice saying why the requested
/// snapshot was refused (whatever `read` does with a snapshot folder: open it whole, or one file).
pub(crate) fn or_default<T>(
    requested: Option<&Path>,
    default: &Path,
    read: impl Fn(&Path) -> crate::Result<T>,
) -> crate::Result<(T, Option<String>)> {
    let Some(requested) = requested else {
        return Ok((read(default)?, None));
    };
    match read(requested) {
        Ok(value) => Ok((value, None)),
        Err(refused) => {
            let value = read(default).map_err(|e| {
                // Both refused for one reason (e.g. both signed with a key not trusted here): say it once.
                if e.to_string() == refused.to_string() {
                    crate::Error::Bundle(format!("{refused} (the packaged snapshot too)"))
                } else {
                    crate::Error::Bundle(format!(
                        "{refused}; the packaged snapshot could not be opened either: {e}"
                    ))
                }
            })?;
            let notice = format!(
                "The snapshot at {} was refused: {refused}. You are reading the packaged snapshot instead.",
                requested.display()
            );
            Ok((value, Some(notice)))
        }
    }
}

/// Said when the snapshot chosen last was removed from the library since.
pub(crate) fn gone_notice(id: &str) -> String {
    format!(
        "The snapshot `{id}` you chose last time is no longer installed. You are reading the packaged snapshot instead."
    )
}

impl OpenSnapshot {
    pub fn open(dir: &Path, trust: &TrustStore) -> crate::Result<OpenSnapshot> {
        let mut bundle = Bundle::open(dir, trust)?;
        let searcher = Searcher::open_in_memory(bundle.take_search_files(), dir).map_err(|e| {
            crate::Error::Bundle(format!(
                "the search index of {} cannot be opened: {e}",
                dir.display()
            ))
        })?;
        Ok(OpenSnapshot {
            bundle,
            searcher,
            notice: None,
            advisory_count: OnceLock::new(),
        })
    }

    /// Opens `requested` if given and valid; otherwise the packaged `default`, with a notice that says
    /// why the requested snapshot was refused.
    pub fn open_or_default(
        requested: Option<&Path>,
        default: &Path,
        trust: &TrustStore,
    ) -> crate::Result<OpenSnapshot> {
        let (mut lib, notice) =
            or_default(requested, default, |dir| OpenSnapshot::open(dir, trust))?;
        lib.notice = notice;
        Ok(lib)
    }

    /// Whether `route` is a page of this snapshot and, when given, `anchor` one of its headings.
    pub fn anchor_exists(&self, route: &str, anchor: Option<&str>) -> bool {
        let Some(json) = self.bundle.page_json(route) else {
            return false;
        };
        let Some(anchor) = anchor.filter(|a| !a.is_empty()) else {
            return true;
        };
        #[derive(serde::Deserialize)]
        struct Ids {
            headings: Vec<crate::render::Heading>,
        }
        serde_json::from_slice::<Ids>(&json)
            .is_ok_and(|p| p.headings.iter().any(|h| h.id == anchor))
    }

    /// How many advisory records the snapshot holds (0 for a snapshot without `advisories.json`, and for
    /// a damaged one, which `/api/advisories` reports).
    pub fn advisory_count(&self) -> usize {
        *self.advisory_count.get_or_init(|| {
            self.bundle.advisories_json().map_or(0, |bytes| {
                serde_json::from_slice::<Vec<serde::de::IgnoredAny>>(&bytes).map_or(0, |v| v.len())
            })
        })
    }

    /// What `GET /api/snapshot` answers about this snapshot.
    pub fn snapshot_json(&self) -> serde_json::Value {
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
            "advisories": self.advisory_count(),
            "verify_ms": self.bundle.verify_time.as_secs_f64() * 1000.0,
            "notice": self.notice,
        })
    }
}

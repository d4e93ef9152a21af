//! From what the user named to a diff: a compiled snapshot folder, a `.pdsnap` file (unpacked
//! and verified in a temporary folder through the library's own install path) or an installed
//! snapshot id; both sides verified, compared, and the result cached when both are installed.

use std::path::{Path, PathBuf};

use super::cache::{self, CacheKey};
use super::model::SnapshotDiff;
use super::source::DiffSource;
use crate::bundle::{pack, TrustStore};
use crate::library;
use crate::{Error, Result};

/// Where names are looked up.
#[derive(Debug, Clone, Copy)]
pub struct Places<'a> {
    /// The library of installed snapshots (no library: ids are not recognised, nothing is cached).
    pub library_dir: Option<&'a Path>,
    /// The packaged snapshot, known by the id `default`.
    pub default_dir: Option<&'a Path>,
    pub trust: &'a TrustStore,
}

/// What a name stood for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    Folder(PathBuf),
    Packed(PathBuf),
    Installed { id: String, dir: PathBuf },
}

/// Whether the diff was read from the cache, computed and kept, or computed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheUse {
    Reused,
    Stored,
    NotKept,
}

#[derive(Debug)]
pub struct Outcome {
    pub diff: SnapshotDiff,
    pub cache: CacheUse,
}

/// Finds what `name` is: an existing folder or file first, then an installed id.
pub fn resolve(name: &str, places: &Places<'_>) -> Result<Named> {
    let path = Path::new(name);
    if let Ok(meta) = std::fs::metadata(path) {
        return Ok(if meta.is_dir() {
            Named::Folder(path.to_path_buf())
        } else {
            Named::Packed(path.to_path_buf())
        });
    }
    resolve_id(name, places).ok_or_else(|| {
        Error::Invalid(format!(
            "`{name}` is neither a snapshot folder, a .{} file nor an installed snapshot id; run `palette-docs bundle list` to see the installed ones",
            pack::PACK_EXTENSION
        ))
    })
}

/// The installed snapshot (or the packaged one, `default`) called `id`; never a path.
fn resolve_id(id: &str, places: &Places<'_>) -> Option<Named> {
    let dir = if id == library::DEFAULT_ID {
        places.default_dir.map(Path::to_path_buf)
    } else {
        places.library_dir.and_then(|lib| library::find(lib, id))
    }?;
    Some(Named::Installed {
        id: id.to_string(),
        dir,
    })
}

/// A verified side, holding the temporary folder a packed file was unpacked into.
struct Opened {
    source: DiffSource,
    id: Option<String>,
    _scratch: Option<tempfile::TempDir>,
}

fn open(name: &str, named: Named, trust: &TrustStore) -> Result<Opened> {
    match named {
        Named::Folder(dir) => Ok(Opened {
            source: DiffSource::open(&dir, name, trust)?,
            id: None,
            _scratch: None,
        }),
        Named::Installed { id, dir } => Ok(Opened {
            source: DiffSource::open(&dir, name, trust)?,
            id: Some(id),
            _scratch: None,
        }),
        Named::Packed(file) => {
            let scratch = tempfile::Builder::new()
                .prefix("palette-docs-diff-")
                .tempdir()
                .map_err(|e| Error::Write {
                    path: std::env::temp_dir(),
                    source: e,
                })?;
            let unpacked = library::install(&file, scratch.path(), trust)
                .map_err(|e| Error::Bundle(format!("{name} cannot be compared: {e}")))?;
            Ok(Opened {
                source: DiffSource::open(&unpacked.dir, name, trust)?,
                id: None,
                _scratch: Some(scratch),
            })
        }
    }
}

/// Verifies `old` and `new`, then answers their diff: from the cache when both are installed and
/// it was computed before, else computed (and kept next to `new` when both are installed). On any
/// error nothing is cached and no snapshot is touched.
pub fn diff_named(old: &str, new: &str, places: &Places<'_>) -> Result<Outcome> {
    diff_resolved(
        (old, resolve(old, places)?),
        (new, resolve(new, places)?),
        places,
    )
}

/// [`diff_named`] for two installed snapshot ids (`default` for the packaged one) and nothing
/// else: what a reader may ask for over HTTP, where a path must never be opened.
pub fn diff_installed(old: &str, new: &str, places: &Places<'_>) -> Result<Outcome> {
    let named = |id: &str| {
        resolve_id(id, places).ok_or_else(|| {
            Error::NotFound(format!(
                "there is no installed snapshot `{id}`; reload the snapshot list and choose another"
            ))
        })
    };
    diff_resolved((old, named(old)?), (new, named(new)?), places)
}

fn diff_resolved(
    (old, old_named): (&str, Named),
    (new, new_named): (&str, Named),
    places: &Places<'_>,
) -> Result<Outcome> {
    let old_side = open(old, old_named, places.trust)?;
    let new_side = open(new, new_named, places.trust)?;
    let cache_at = match (places.library_dir, &old_side.id, &new_side.id) {
        (Some(lib), Some(from_id), Some(to_id)) => Some((lib, from_id, to_id)),
        _ => None,
    };
    let key = cache_at.map(|(_, from_id, to_id)| CacheKey {
        from_id,
        from_digest: &old_side.source.digest,
        to_id,
        to_digest: &new_side.source.digest,
    });
    if let (Some((lib, ..)), Some(key)) = (cache_at, &key) {
        // Same-snapshot and other-set refusals come from `compare`; a cache hit has passed them.
        if let Some(diff) = cache::load(lib, key) {
            return Ok(Outcome {
                diff,
                cache: CacheUse::Reused,
            });
        }
    }
    let diff = super::compare(&old_side.source, &new_side.source)?;
    // A cache that cannot be written (a read-only library) only means computing again next time.
    let cache = match (cache_at, &key) {
        (Some((lib, ..)), Some(key)) if matches!(cache::store(lib, key, &diff), Ok(true)) => {
            CacheUse::Stored
        }
        _ => CacheUse::NotKept,
    };
    Ok(Outcome { diff, cache })
}

//! The library: the snapshots installed on this machine, which one is open, and where the user's
//! data lives. This is the one home of "which snapshot is being read": [`Library`] holds the open
//! snapshot and its id, lists, switches, installs and removes snapshots, and remembers the choice.
//!
//! - [`paths`]: the data folder, the library folder inside it, the keys the app trusts;
//! - [`installed`]: the installed snapshots on disk (install, list, find, remove, the chosen id);
//! - [`open`]: one open, verified snapshot ([`OpenSnapshot`]).

mod installed;
mod open;
mod paths;
mod staging;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

pub use installed::{
    find, forget_previous, install, install_from, list, read_active, read_previous, remove,
    snapshot_id, write_active, write_previous, InstalledSnapshot, ACTIVE_FILE, DEFAULT_ID,
    PREVIOUS_FILE,
};
pub use open::OpenSnapshot;
pub use paths::{data_dir, library_dir, trust_store, DATA_DIR_ENV};
pub use staging::{sweep, INCOMING_PREFIX, OLD_PREFIX};

use crate::bundle::format::{self, Manifest, SnapshotInfo};
use crate::bundle::TrustStore;
use crate::{Error, Result};

fn no_packaged_snapshot() -> Error {
    Error::NotFound(
        "no packaged snapshot was found; build one with `palette-docs bundle build --source docs-bundle --out target/default-bundle` or pass --bundle PATH".to_string(),
    )
}

/// Where a switchable reader finds its snapshots: the packaged one (id [`DEFAULT_ID`]), the library
/// folder of installed ones, and the keys a snapshot must be signed with to be opened.
#[derive(Debug, Clone)]
pub struct Places {
    pub default_dir: PathBuf,
    pub library_dir: PathBuf,
    pub trust: TrustStore,
}

/// One entry of [`Library::list`].
#[derive(Debug, Clone)]
pub struct ListedSnapshot {
    pub id: String,
    pub snapshot: SnapshotInfo,
    /// The packaged snapshot (always first).
    pub default: bool,
}

/// What [`Library::remove`] did to the reader.
#[derive(Debug)]
pub enum Removed {
    /// Another snapshot was removed; the reader reads what it read.
    Other,
    /// The snapshot being read was removed; the reader switched to the packaged one.
    SwitchedToDefault(Arc<OpenSnapshot>),
}

/// The snapshot being read and its id.
#[derive(Debug)]
struct Current {
    id: String,
    snapshot: Arc<OpenSnapshot>,
}

/// The snapshot being read, and (unless pinned to one folder) the others it can switch to.
#[derive(Debug)]
pub struct Library {
    /// `None`: pinned to one snapshot (`--bundle PATH`), nothing to list or switch to.
    places: Option<Places>,
    current: RwLock<Current>,
}

impl From<OpenSnapshot> for Library {
    fn from(snapshot: OpenSnapshot) -> Library {
        Library::pinned(snapshot)
    }
}

impl Library {
    /// A reader of one snapshot with nothing to switch to.
    pub fn pinned(snapshot: OpenSnapshot) -> Library {
        Library {
            places: None,
            current: RwLock::new(Current {
                id: DEFAULT_ID.to_string(),
                snapshot: Arc::new(snapshot),
            }),
        }
    }

    /// A switchable reader already reading `snapshot`: its id is the library folder it was read
    /// from when it is an installed one, else [`DEFAULT_ID`].
    pub fn with_places(snapshot: OpenSnapshot, places: Places) -> Library {
        let dir = &snapshot.bundle.dir;
        let id = dir
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|id| {
                dir.parent() == Some(places.library_dir.as_path())
                    && find(&places.library_dir, id).is_some()
            })
            .unwrap_or(DEFAULT_ID)
            .to_string();
        Library {
            places: Some(places),
            current: RwLock::new(Current {
                id,
                snapshot: Arc::new(snapshot),
            }),
        }
    }

    /// Opens the snapshot chosen last ([`read_active`]) when it is still installed and verifies;
    /// otherwise the packaged one, with a notice saying why, and the choice is reset so the notice
    /// is said once.
    pub fn open_chosen(places: Places) -> Result<Library> {
        // Installs interrupted last time left folders behind; nothing else removes them.
        staging::sweep(&places.library_dir);
        let id = read_active(&places.library_dir);
        let trust = &places.trust;
        let snapshot = if id == DEFAULT_ID {
            OpenSnapshot::open(&places.default_dir, trust)?
        } else {
            match find(&places.library_dir, &id) {
                Some(dir) => OpenSnapshot::open_or_default(Some(&dir), &places.default_dir, trust)?,
                None => {
                    let mut snapshot = OpenSnapshot::open(&places.default_dir, trust)?;
                    snapshot.notice = Some(open::gone_notice(&id));
                    snapshot
                }
            }
        };
        let id = if snapshot.notice.is_some() {
            // Best effort: if the choice cannot be reset, the same notice is simply said again next time.
            let _ = write_active(&places.library_dir, DEFAULT_ID);
            DEFAULT_ID.to_string()
        } else {
            id
        };
        Ok(Library {
            places: Some(places),
            current: RwLock::new(Current {
                id,
                snapshot: Arc::new(snapshot),
            }),
        })
    }

    /// The library as the app opens it at start. `requested` (`--bundle PATH`) pins the reader to
    /// exactly that folder: one that cannot be opened is an error, because whoever named it wants
    /// that snapshot, not a silent substitute. Without it, the snapshot chosen last in this user's
    /// library (see [`Library::open_chosen`]).
    pub fn for_app(default_dir: Option<&Path>, requested: Option<&Path>) -> Result<Library> {
        let trust = trust_store();
        match (default_dir, requested) {
            (_, Some(requested)) => Ok(Library::pinned(OpenSnapshot::open(requested, &trust)?)),
            (Some(default), None) => match library_dir() {
                Ok(library_dir) => Library::open_chosen(Places {
                    default_dir: default.to_path_buf(),
                    library_dir,
                    trust,
                }),
                // No data folder: the packaged snapshot, with nothing to switch to.
                Err(_) => Ok(Library::pinned(OpenSnapshot::open(default, &trust)?)),
            },
            (None, None) => Err(no_packaged_snapshot()),
        }
    }

    /// One file of the snapshot [`Library::for_app`] would open, read and checked (the manifest's
    /// signature, the file's hash) without opening the whole snapshot: for a command that needs one
    /// file. `None` when the snapshot has no such file; the notice, when the chosen snapshot was
    /// refused or removed and the packaged one was read. Unlike opening, nothing is written (the
    /// choice is reset by the app, not by a reading command).
    pub fn read_file_for_app(
        default_dir: Option<&Path>,
        requested: Option<&Path>,
        file: &str,
    ) -> Result<(Option<Vec<u8>>, Option<String>)> {
        let trust = trust_store();
        let read = |dir: &Path| crate::bundle::read_signed_file(dir, &trust, file);
        match (default_dir, requested) {
            (_, Some(requested)) => Ok((read(requested)?, None)),
            (Some(default), None) => {
                let chosen = library_dir()
                    .ok()
                    .map(|lib| (read_active(&lib), lib))
                    .filter(|(id, _)| id != DEFAULT_ID);
                match chosen {
                    None => Ok((read(default)?, None)),
                    Some((id, lib)) => match find(&lib, &id) {
                        Some(dir) => open::or_default(Some(&dir), default, read),
                        None => Ok((read(default)?, Some(open::gone_notice(&id)))),
                    },
                }
            }
            (None, None) => Err(no_packaged_snapshot()),
        }
    }

    /// The snapshot being read.
    pub fn current(&self) -> Arc<OpenSnapshot> {
        let current = crate::sync::read(&self.current);
        Arc::clone(&current.snapshot)
    }

    /// The id of the snapshot being read ([`DEFAULT_ID`] for the packaged one).
    pub fn active_id(&self) -> String {
        let current = crate::sync::read(&self.current);
        current.id.clone()
    }

    /// Whether this reader can list and switch snapshots (it is not pinned to one folder).
    pub fn is_switchable(&self) -> bool {
        self.places.is_some()
    }

    fn places(&self) -> Result<&Places> {
        self.places
            .as_ref()
            .ok_or_else(|| Error::NotFound("this reader offers only one snapshot".to_string()))
    }

    /// The packaged snapshot (first, when its manifest can be read) and the installed ones, by id;
    /// empty for a pinned reader. Manifests are read without verifying: switching verifies.
    pub fn list(&self) -> Result<Vec<ListedSnapshot>> {
        let Some(places) = &self.places else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        if let Some(snapshot) = read_info(&places.default_dir) {
            out.push(ListedSnapshot {
                id: DEFAULT_ID.to_string(),
                snapshot,
                default: true,
            });
        }
        out.extend(
            list(&places.library_dir)?
                .into_iter()
                .map(|s| ListedSnapshot {
                    id: s.id,
                    snapshot: s.snapshot,
                    default: false,
                }),
        );
        Ok(out)
    }

    /// Opens and verifies snapshot `id`, reads it from now on and remembers the choice. Answers the
    /// snapshot and, when the choice could not be saved, a notice saying so. The lock is held while
    /// the snapshot, its id and the remembered choice change, so they agree.
    pub fn switch(&self, id: &str) -> Result<(Arc<OpenSnapshot>, Option<String>)> {
        let places = self.places()?;
        let dir = if id == DEFAULT_ID {
            places.default_dir.clone()
        } else {
            find(&places.library_dir, id).ok_or_else(|| {
                Error::NotFound(format!(
                    "there is no installed snapshot `{id}`; reload the list and choose another"
                ))
            })?
        };
        let snapshot = OpenSnapshot::open(&dir, &places.trust).map_err(|e| {
            Error::Refused(format!(
                "The snapshot `{id}` was refused and the current one is kept: {e}"
            ))
        })?;
        let snapshot = Arc::new(snapshot);
        let mut current = crate::sync::write(&self.current);
        if current.id != id {
            // Best effort: without it, "What's new" only has nothing to compare with.
            let _ = write_previous(&places.library_dir, &current.id);
        }
        *current = Current {
            id: id.to_string(),
            snapshot: Arc::clone(&snapshot),
        };
        let notice = write_active(&places.library_dir, id).err().map(|e| {
            format!("You are reading this snapshot now, but the choice could not be saved, so the app will open the one chosen before at the next start: {e}")
        });
        Ok((snapshot, notice))
    }

    /// The snapshot read before the current one, while it is still installed (or is the packaged
    /// one) and is not the current one: what "What's new" compares with.
    pub fn previous_id(&self) -> Option<String> {
        let places = self.places.as_ref()?;
        let id = read_previous(&places.library_dir)?;
        let available = id == DEFAULT_ID || find(&places.library_dir, &id).is_some();
        (available && id != self.active_id()).then_some(id)
    }

    /// What changed from installed snapshot `from` to installed snapshot `to` (ids only, never
    /// paths; `default` is the packaged one), verified, and cached in the library.
    pub fn diff(&self, from: &str, to: &str) -> Result<crate::diff::Outcome> {
        let places = self.places()?;
        crate::diff::diff_installed(
            from,
            to,
            &crate::diff::Places {
                library_dir: Some(&places.library_dir),
                default_dir: Some(&places.default_dir),
                trust: &places.trust,
            },
        )
    }

    /// Verifies and installs a packed snapshot read from `input` (see [`install_from`]).
    pub fn install(&self, input: impl std::io::Read, label: &str) -> Result<InstalledSnapshot> {
        let places = self.places()?;
        install_from(input, label, &places.library_dir, &places.trust)
    }

    /// Removes installed snapshot `id`; removing the one being read switches to the packaged one,
    /// which is verified before anything is removed, so the reader always has a snapshot.
    pub fn remove(&self, id: &str) -> Result<Removed> {
        let places = self.places()?;
        if id == DEFAULT_ID {
            return Err(Error::Invalid(
                "the packaged snapshot is part of the app and cannot be removed".to_string(),
            ));
        }
        let mut current = crate::sync::write(&self.current);
        let fallback = if current.id == id {
            let snapshot = OpenSnapshot::open(&places.default_dir, &places.trust).map_err(|e| {
                Error::Bundle(format!(
                    "`{id}` was not removed: it is being read, and the packaged snapshot that would replace it cannot be opened: {e}"
                ))
            })?;
            Some(Arc::new(snapshot))
        } else {
            None
        };
        remove(&places.library_dir, id)?;
        let Some(snapshot) = fallback else {
            return Ok(Removed::Other);
        };
        *current = Current {
            id: DEFAULT_ID.to_string(),
            snapshot: Arc::clone(&snapshot),
        };
        // The packaged one read before is now the one being read: nothing to compare with.
        if read_previous(&places.library_dir).as_deref() == Some(DEFAULT_ID) {
            forget_previous(&places.library_dir)?;
        }
        Ok(Removed::SwitchedToDefault(snapshot))
    }
}

/// What a snapshot folder's manifest says about it, read without verifying (for lists).
pub fn read_info(dir: &Path) -> Option<SnapshotInfo> {
    let bytes = std::fs::read(dir.join(format::MANIFEST)).ok()?;
    serde_json::from_slice::<Manifest>(&bytes)
        .ok()
        .map(|m| m.snapshot)
}

//! The installed snapshots on disk: installing (unpack, verify, then move into place), listing,
//! finding and removing them, and remembering the one chosen last ([`ACTIVE_FILE`]) so the app
//! opens it again at the next start, and the one read before it ([`PREVIOUS_FILE`]) so the reader
//! can say what changed since.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::staging::{self, Staging};
use crate::bundle::format::{self, SnapshotInfo};
use crate::bundle::unpack::unpack;
use crate::bundle::{verify, TrustStore};
use crate::{Error, Result};

/// The id of the packaged snapshot, which lives outside the library and cannot be removed.
pub const DEFAULT_ID: &str = "default";
/// The file in the library folder that names the snapshot chosen last (absent: the packaged one).
/// Dot-prefixed, so it can never be mistaken for a snapshot folder.
pub const ACTIVE_FILE: &str = ".active";
/// The file in the library folder that names the snapshot read before the one chosen last.
pub const PREVIOUS_FILE: &str = ".previous";

/// A snapshot in the library folder.
#[derive(Debug, Clone)]
pub struct InstalledSnapshot {
    /// The folder name: `<name>-<version>`, made safe.
    pub id: String,
    pub dir: PathBuf,
    pub snapshot: SnapshotInfo,
}

/// Unpacks `file` into a temporary folder inside `library_dir`, verifies it, and only then moves it
/// to `library_dir/<name>-<version>` (replacing an installed copy of the same version). On any
/// failure nothing is left behind.
pub fn install(file: &Path, library_dir: &Path, trust: &TrustStore) -> Result<InstalledSnapshot> {
    let input = File::open(file).map_err(|e| Error::io(file, e))?;
    install_from(input, &file.display().to_string(), library_dir, trust)
}

/// [`install`] from bytes already read (the app's "Open snapshot…"); `label` names the input in
/// messages, e.g. the chosen file's name.
pub fn install_from(
    input: impl Read,
    label: &str,
    library_dir: &Path,
    trust: &TrustStore,
) -> Result<InstalledSnapshot> {
    std::fs::create_dir_all(library_dir).map_err(|e| Error::write(library_dir, e))?;
    staging::sweep(library_dir);
    // Locked while this install runs, removed when it ends however it ends; an install killed
    // midway leaves a folder the next sweep removes.
    let incoming = Staging::create(library_dir, staging::INCOMING_PREFIX)?;
    let content = incoming.content();
    std::fs::create_dir(&content).map_err(|e| Error::write(&content, e))?;
    unpack(input, label, &content)?;
    let verified = verify(&content, trust).map_err(|e| {
        // The temporary folder means nothing to the reader: name the archive instead.
        let why = e.to_string().replace(&content.display().to_string(), label);
        Error::Refused(format!("{label} was not installed: {why}"))
    })?;
    let snapshot = verified.manifest.snapshot;
    let id = snapshot_id(&snapshot);
    let target = library_dir.join(&id);
    // Move an installed copy aside first, so a failed rename can put it back.
    let old = if target.exists() {
        let aside = Staging::create(library_dir, staging::OLD_PREFIX)?;
        std::fs::rename(&target, aside.content()).map_err(|e| Error::write(&target, e))?;
        Some(aside)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&content, &target) {
        if let Some(aside) = &old {
            let _ = std::fs::rename(aside.content(), &target);
        }
        return Err(Error::write(&target, e));
    }
    // Dropping the staging folders deletes the replaced copy and the emptied incoming folder.
    drop(old);
    drop(incoming);
    Ok(InstalledSnapshot {
        id,
        dir: target,
        snapshot,
    })
}

/// The folder name of a snapshot: `<name>-<version>` with anything but letters, digits, `.`, `_`
/// and `-` replaced, never starting with a dot and never the packaged default's id.
pub fn snapshot_id(snapshot: &SnapshotInfo) -> String {
    let raw = format!("{}-{}", snapshot.name, snapshot.version);
    let mut id: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(100)
        .collect();
    id = id.trim_start_matches(['.', '-']).to_string();
    if id.is_empty() || id == DEFAULT_ID {
        id = format!("snapshot-{id}");
    }
    id
}

/// Whether `id` can name a folder of the library (one plain segment).
fn is_valid_id(id: &str) -> bool {
    format::is_safe_relative_path(id) && !id.contains('/') && id != DEFAULT_ID
}

/// The installed snapshots, by id. Listing reads each manifest without verifying it: a snapshot is
/// verified when it is opened.
pub fn list(library_dir: &Path) -> Result<Vec<InstalledSnapshot>> {
    staging::sweep(library_dir);
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(library_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(Error::io(library_dir, e)),
    };
    for entry in entries.flatten() {
        let Some(id) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !is_valid_id(&id) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = entry.path();
        let Some(snapshot) = super::read_info(&dir) else {
            continue;
        };
        out.push(InstalledSnapshot { id, dir, snapshot });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// The folder of installed snapshot `id`, if there is one.
pub fn find(library_dir: &Path, id: &str) -> Option<PathBuf> {
    if !is_valid_id(id) {
        return None;
    }
    let dir = library_dir.join(id);
    std::fs::symlink_metadata(&dir)
        .ok()
        .filter(|m| m.is_dir())
        .map(|_| dir)
}

/// Deletes installed snapshot `id`. The packaged default is not in the library and cannot be removed.
pub fn remove(library_dir: &Path, id: &str) -> Result<()> {
    if id == DEFAULT_ID {
        return Err(Error::Invalid(
            "the packaged snapshot is part of the app and cannot be removed; uninstall the app to remove it".to_string(),
        ));
    }
    let dir = find(library_dir, id).ok_or_else(|| {
        Error::NotFound(format!(
            "there is no installed snapshot `{id}`; run `palette-docs bundle list` to see the installed ones"
        ))
    })?;
    std::fs::remove_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
    // Diffs naming it go too. Best effort: the snapshot is already gone, and an entry left behind
    // is only used again for a reinstall with the very same signed manifest.
    let _ = crate::diff::cache::forget(library_dir, id);
    // The choice never names a removed snapshot: the packaged one opens next time.
    if read_active(library_dir) == id {
        write_active(library_dir, DEFAULT_ID)?;
    }
    if read_previous(library_dir).as_deref() == Some(id) {
        forget_previous(library_dir)?;
    }
    Ok(())
}

/// The snapshot read before the one chosen last, when one was ([`DEFAULT_ID`] for the packaged one).
pub fn read_previous(library_dir: &Path) -> Option<String> {
    std::fs::read_to_string(library_dir.join(PREVIOUS_FILE))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|id| id == DEFAULT_ID || is_valid_id(id))
}

/// Remembers `id` as the snapshot read before the current one (written atomically).
pub fn write_previous(library_dir: &Path, id: &str) -> Result<()> {
    if id != DEFAULT_ID && !is_valid_id(id) {
        return Err(Error::Invalid(format!("`{id}` is not a snapshot id")));
    }
    std::fs::create_dir_all(library_dir).map_err(|e| Error::write(library_dir, e))?;
    crate::fsio::write_atomic(
        &library_dir.join(PREVIOUS_FILE),
        format!("{id}\n").as_bytes(),
    )
}

/// Forgets the snapshot read before (nothing to compare with any more).
pub fn forget_previous(library_dir: &Path) -> Result<()> {
    let path = library_dir.join(PREVIOUS_FILE);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::write(&path, e)),
        _ => Ok(()),
    }
}

/// The snapshot chosen last ([`DEFAULT_ID`] when none was, or the file does not name a possible one).
/// Whether it is still installed and verifies is for the caller to find out.
pub fn read_active(library_dir: &Path) -> String {
    std::fs::read_to_string(library_dir.join(ACTIVE_FILE))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|id| is_valid_id(id))
        .unwrap_or_else(|| DEFAULT_ID.to_string())
}

/// Remembers `id` as the snapshot to open at the next start (written atomically; choosing the
/// packaged one removes the file).
pub fn write_active(library_dir: &Path, id: &str) -> Result<()> {
    let path = library_dir.join(ACTIVE_FILE);
    if id == DEFAULT_ID {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::write(&path, e)),
            _ => Ok(()),
        };
    }
    if !is_valid_id(id) {
        return Err(Error::Invalid(format!("`{id}` is not a snapshot id")));
    }
    std::fs::create_dir_all(library_dir).map_err(|e| Error::write(library_dir, e))?;
    crate::fsio::write_atomic(&path, format!("{id}\n").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::format::Manifest;

    fn info(name: &str, version: &str) -> SnapshotInfo {
        SnapshotInfo {
            name: name.to_string(),
            version: version.to_string(),
            date: "2026-01-01".to_string(),
            edition: "test".to_string(),
            upstream_repo: "example/docs".to_string(),
            upstream_commit: "0".repeat(40),
            site_url: "https://docs.example".to_string(),
        }
    }

    /// A folder in `library` named `id` holding a manifest (unsigned: listing does not verify).
    fn snapshot_folder(library: &Path, id: &str) {
        let dir = library.join(id);
        std::fs::create_dir_all(&dir).expect("mkdir");
        let manifest = Manifest {
            format_version: format::FORMAT_VERSION,
            snapshot: info("docs", id),
            files: Vec::new(),
        };
        std::fs::write(
            dir.join(format::MANIFEST),
            serde_json::to_vec(&manifest).expect("json"),
        )
        .expect("write manifest");
    }

    #[test]
    fn snapshot_ids_are_one_plain_segment_and_never_the_packaged_one() {
        assert_eq!(
            snapshot_id(&info("Palette Docs", "4.7/1")),
            "Palette-Docs-4.7-1"
        );
        assert_eq!(snapshot_id(&info("docs_x", "1.0")), "docs_x-1.0");
        assert_eq!(snapshot_id(&info(".hidden", "2")), "hidden-2");
        assert_eq!(snapshot_id(&info("", "default")), "snapshot-default");
        assert_eq!(snapshot_id(&info("..", "")), "snapshot-");
    }

    #[test]
    fn find_names_only_plain_folders_of_the_library() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let library = tmp.path();
        std::fs::create_dir_all(library.join("docs-1")).expect("mkdir");
        std::fs::create_dir_all(library.join("a/b")).expect("mkdir");
        std::fs::create_dir_all(library.join(DEFAULT_ID)).expect("mkdir");
        std::fs::write(library.join("a-file"), "x").expect("write");
        assert_eq!(find(library, "docs-1"), Some(library.join("docs-1")));
        for id in ["a/b", DEFAULT_ID, "a-file", "absent", "..", ""] {
            assert_eq!(find(library, id), None, "{id:?}");
        }
    }

    #[test]
    fn list_holds_valid_folders_with_a_manifest_sorted_by_id() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let library = tmp.path().join("library");
        assert!(list(&library).expect("no library folder yet").is_empty());
        for id in ["z-1", "a-1", DEFAULT_ID, ".hidden-1"] {
            snapshot_folder(&library, id);
        }
        std::fs::create_dir_all(library.join("no-manifest")).expect("mkdir");
        std::fs::write(library.join("file-1"), "x").expect("write");
        let ids: Vec<String> = list(&library)
            .expect("list")
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, ["a-1", "z-1"]);

        // A library path that is a file cannot be listed: an error, not "nothing installed".
        let err = list(&library.join("file-1")).expect_err("a file is no library");
        assert!(err.to_string().contains("file-1"), "{err}");
    }

    #[test]
    fn the_chosen_snapshot_is_remembered_and_choosing_the_packaged_one_removes_the_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let library = tmp.path();
        assert_eq!(read_active(library), DEFAULT_ID);
        write_active(library, "docs-1").expect("choose");
        assert_eq!(read_active(library), "docs-1");
        write_active(library, DEFAULT_ID).expect("choose the packaged one");
        assert!(!library.join(ACTIVE_FILE).exists());
        assert_eq!(read_active(library), DEFAULT_ID);
        write_active(library, DEFAULT_ID).expect("again, with no file to remove");

        let err = write_active(library, "a/b").expect_err("not an id");
        assert!(err.to_string().contains("not a snapshot id"), "{err}");
        std::fs::write(library.join(ACTIVE_FILE), "../elsewhere\n").expect("write");
        assert_eq!(
            read_active(library),
            DEFAULT_ID,
            "an impossible id is ignored"
        );

        // The file cannot be removed (a folder in its place): said, not ignored.
        std::fs::remove_file(library.join(ACTIVE_FILE)).expect("rm");
        std::fs::create_dir(library.join(ACTIVE_FILE)).expect("mkdir");
        assert!(write_active(library, DEFAULT_ID).is_err());
    }

    #[test]
    fn the_snapshot_read_before_is_remembered_and_forgotten() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let library = tmp.path();
        assert_eq!(read_previous(library), None);
        write_previous(library, "docs-1").expect("remember");
        assert_eq!(read_previous(library).as_deref(), Some("docs-1"));
        write_previous(library, DEFAULT_ID).expect("remember the packaged one");
        assert_eq!(read_previous(library).as_deref(), Some(DEFAULT_ID));
        let err = write_previous(library, "a/b").expect_err("not an id");
        assert!(err.to_string().contains("not a snapshot id"), "{err}");
        assert_eq!(read_previous(library).as_deref(), Some(DEFAULT_ID));

        forget_previous(library).expect("forget");
        assert_eq!(read_previous(library), None);
        forget_previous(library).expect("forget again, with nothing to forget");
        std::fs::write(library.join(PREVIOUS_FILE), ".hidden\n").expect("write");
        assert_eq!(read_previous(library), None, "an impossible id is ignored");

        std::fs::remove_file(library.join(PREVIOUS_FILE)).expect("rm");
        std::fs::create_dir(library.join(PREVIOUS_FILE)).expect("mkdir");
        assert!(forget_previous(library).is_err());
    }

    #[test]
    fn removing_a_snapshot_resets_only_the_choices_that_name_it() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let library = tmp.path();
        for id in ["docs-1", "docs-2", "docs-3"] {
            snapshot_folder(library, id);
        }
        write_active(library, "docs-1").expect("choose");
        write_previous(library, "docs-2").expect("remember");

        remove(library, "docs-3").expect("remove an unchosen one");
        assert!(!library.join("docs-3").exists());
        assert_eq!(read_active(library), "docs-1");
        assert_eq!(read_previous(library).as_deref(), Some("docs-2"));

        remove(library, "docs-1").expect("remove the chosen one");
        assert!(!library.join("docs-1").exists());
        assert_eq!(read_active(library), DEFAULT_ID);
        assert_eq!(read_previous(library).as_deref(), Some("docs-2"));

        remove(library, "docs-2").expect("remove the one read before");
        assert_eq!(read_previous(library), None);

        let err = remove(library, DEFAULT_ID).expect_err("the packaged one");
        assert!(err.to_string().contains("part of the app"), "{err}");
        let err = remove(library, "docs-9").expect_err("not installed");
        assert!(
            err.to_string().contains("no installed snapshot `docs-9`"),
            "{err}"
        );
    }
}

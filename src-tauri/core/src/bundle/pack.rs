//! The library of snapshots: one compressed file (tar + zstd) to carry a signed bundle across the air
//! gap, and installing, listing and removing snapshots in the user's data dir.
//!
//! An archive is untrusted until its unpacked files pass [`super::verify`]: entries that are not plain
//! files or folders, that name a path outside the target, or that expand beyond a sane size are
//! refused while unpacking, before anything is verified or kept.
//!
//! The snapshot the user chose last is remembered in the library folder ([`ACTIVE_FILE`]), so the
//! app opens it again at the next start.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use super::format::{self, Manifest, SnapshotInfo};
use super::load::verify;
use super::sign::{Signer, TrustStore};
use crate::{Error, Result};

/// Most entries one archive may hold (a full snapshot has a few hundred files).
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes one archive may unpack to, all entries together.
pub const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// Most bytes one entry may unpack to (the bundle reader refuses bigger files anyway).
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// Most bytes of one packed file the app accepts through "Open snapshot…" (the upload is held in
/// memory while it is checked; the docs-bundle snapshot packs to about 0.13 MB). `bundle install`
/// reads a file of any size, bounded only by the unpacking limits above.
pub const MAX_PACK_BYTES: usize = 64 * 1024 * 1024;
/// The extension of the files `bundle pack` is meant to write (the app's file picker lists these).
pub const PACK_EXTENSION: &str = "pdsnap";
/// The id of the packaged snapshot, which lives outside the library and cannot be removed.
pub const DEFAULT_ID: &str = "default";
/// The file in the library folder that names the snapshot chosen last (absent: the packaged one).
/// Dot-prefixed, so it can never be mistaken for a snapshot folder.
pub const ACTIVE_FILE: &str = ".active";
/// The first bytes of a zstd frame, which every packed file starts with.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];
/// Prefix of the folders an install unpacks into before verification; never listed.
const INCOMING_PREFIX: &str = ".incoming-";

/// What `pack` wrote.
#[derive(Debug, Clone)]
pub struct PackReport {
    pub files: usize,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub snapshot: SnapshotInfo,
    pub signer: Signer,
}

/// A snapshot in the library folder.
#[derive(Debug, Clone)]
pub struct InstalledSnapshot {
    /// The folder name: `<name>-<version>`, made safe.
    pub id: String,
    pub dir: PathBuf,
    pub snapshot: SnapshotInfo,
}

/// Verifies `bundle_dir` and writes its files (manifest and signature included, so the signature
/// travels with the content) into one tar + zstd file at `out_file`.
pub fn pack(bundle_dir: &Path, out_file: &Path, trust: &TrustStore) -> Result<PackReport> {
    // Packing a bundle that would be refused on the other side of the air gap helps nobody.
    let verified = verify(bundle_dir, trust)?;
    let parent = match out_file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::NamedTempFile::new_in(&parent).map_err(|e| write_err(&parent, e))?;
    let mut names: Vec<String> = verified.contents.keys().cloned().collect();
    names.sort();
    let mut bytes_in = 0u64;
    {
        let writer = BufWriter::new(tmp.as_file());
        let encoder = zstd::Encoder::new(writer, 19).map_err(|e| write_err(out_file, e))?;
        let mut builder = tar::Builder::new(encoder);
        let mut add = |name: &str, data: &[u8]| -> Result<()> {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_mtime(0);
            header.set_entry_type(tar::EntryType::Regular);
            builder
                .append_data(&mut header, name, data)
                .map_err(|e| write_err(out_file, e))
        };
        for extra in [format::MANIFEST, format::SIGNATURE] {
            let path = bundle_dir.join(extra);
            let data = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            bytes_in += data.len() as u64;
            add(extra, &data)?;
        }
        for name in &names {
            let data = &verified.contents[name];
            bytes_in += data.len() as u64;
            add(name, data)?;
        }
        let encoder = builder.into_inner().map_err(|e| write_err(out_file, e))?;
        let mut writer = encoder.finish().map_err(|e| write_err(out_file, e))?;
        writer.flush().map_err(|e| write_err(out_file, e))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| write_err(out_file, e))?;
    tmp.persist(out_file)
        .map_err(|e| write_err(out_file, e.error))?;
    let bytes_out = std::fs::metadata(out_file)
        .map_err(|e| Error::io(out_file, e))?
        .len();
    Ok(PackReport {
        files: names.len() + 2,
        bytes_in,
        bytes_out,
        snapshot: verified.manifest.snapshot,
        signer: verified.signer,
    })
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
    std::fs::create_dir_all(library_dir).map_err(|e| write_err(library_dir, e))?;
    let incoming = tempfile::Builder::new()
        .prefix(INCOMING_PREFIX)
        .tempdir_in(library_dir)
        .map_err(|e| write_err(library_dir, e))?;
    unpack(input, label, incoming.path())?;
    let verified = verify(incoming.path(), trust)
        .map_err(|e| Error::Bundle(format!("{label} was not installed: {e}")))?;
    let snapshot = verified.manifest.snapshot;
    let id = snapshot_id(&snapshot);
    let target = library_dir.join(&id);
    // Move an installed copy aside first, so a failed rename can put it back.
    let old = if target.exists() {
        let aside = tempfile::Builder::new()
            .prefix(".old-")
            .tempdir_in(library_dir)
            .map_err(|e| write_err(library_dir, e))?;
        let aside_path = aside.path().join("snapshot");
        std::fs::rename(&target, &aside_path).map_err(|e| write_err(&target, e))?;
        Some((aside, aside_path))
    } else {
        None
    };
    let incoming_path = incoming.keep();
    if let Err(e) = std::fs::rename(&incoming_path, &target) {
        let _ = std::fs::remove_dir_all(&incoming_path);
        if let Some((_, aside_path)) = &old {
            let _ = std::fs::rename(aside_path, &target);
        }
        return Err(write_err(&target, e));
    }
    // `old` (if any) is dropped here, which deletes the replaced copy.
    drop(old);
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

fn write_err(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
    Error::Write {
        path: path.into(),
        source,
    }
}

/// Whether `id` can name a folder of the library (one plain segment).
fn is_valid_id(id: &str) -> bool {
    format::is_safe_relative_path(id) && !id.contains('/') && id != DEFAULT_ID
}

/// Reads entries one by one, refusing anything but plain files and folders with safe relative
/// paths, and stopping as soon as the archive grows beyond the bounds.
fn unpack(input: impl Read, label: &str, dest: &Path) -> Result<()> {
    let refuse = |why: String| {
        Error::Bundle(format!(
            "{label} was refused: {why}. Only archives made with `palette-docs bundle pack` can be installed."
        ))
    };
    // Every file `pack` writes starts with a zstd frame: say "not a snapshot archive" for anything else.
    let mut input = input;
    let mut magic = Vec::with_capacity(ZSTD_MAGIC.len());
    (&mut input)
        .take(ZSTD_MAGIC.len() as u64)
        .read_to_end(&mut magic)
        .map_err(|e| refuse(format!("it cannot be read ({e})")))?;
    if magic != ZSTD_MAGIC {
        return Err(refuse("it is not a snapshot archive".to_string()));
    }
    let decoder = zstd::Decoder::new(std::io::Cursor::new(magic).chain(input))
        .map_err(|e| refuse(format!("it is not a snapshot archive ({e})")))?;
    let mut archive = tar::Archive::new(decoder);
    let entries = archive
        .entries()
        .map_err(|e| refuse(format!("it is not a snapshot archive ({e})")))?;
    let mut count = 0usize;
    let mut total = 0u64;
    for entry in entries {
        let mut entry = entry.map_err(|e| refuse(format!("it is damaged ({e})")))?;
        count += 1;
        if count > MAX_ENTRIES {
            return Err(refuse(format!("it holds more than {MAX_ENTRIES} entries")));
        }
        let raw = entry.path_bytes();
        let name = std::str::from_utf8(&raw)
            .map_err(|_| refuse("an entry's name is not UTF-8".to_string()))?
            .to_string();
        let rel = name.strip_prefix("./").unwrap_or(&name);
        let rel = rel.strip_suffix('/').unwrap_or(rel);
        if !format::is_safe_relative_path(rel) {
            return Err(refuse(format!(
                "entry `{name}` would be written outside the snapshot folder"
            )));
        }
        let kind = entry.header().entry_type();
        let target = dest.join(rel);
        if kind.is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| write_err(&target, e))?;
            continue;
        }
        if kind != tar::EntryType::Regular && kind != tar::EntryType::Continuous {
            return Err(refuse(format!(
                "entry `{name}` is a {kind:?} entry, not a plain file or folder"
            )));
        }
        let declared = entry.header().size().unwrap_or(u64::MAX);
        if declared > MAX_ENTRY_BYTES || total.saturating_add(declared) > MAX_TOTAL_BYTES {
            return Err(refuse(format!(
                "entry `{name}` would unpack beyond the size limit"
            )));
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_err(parent, e))?;
        }
        // `create_new`: a second entry with the same name is an error, not a silent overwrite.
        let out = File::options()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|_| refuse(format!("entry `{name}` appears twice or cannot be written")))?;
        let mut out = BufWriter::new(out);
        // Count what is actually read, not what the header claims.
        let written = std::io::copy(&mut (&mut entry).take(MAX_ENTRY_BYTES + 1), &mut out)
            .map_err(|e| refuse(format!("entry `{name}` is damaged ({e})")))?;
        total = total.saturating_add(written);
        if written > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES {
            return Err(refuse(format!(
                "entry `{name}` would unpack beyond the size limit"
            )));
        }
        out.flush().map_err(|e| write_err(&target, e))?;
    }
    Ok(())
}

/// The installed snapshots, by id. Listing reads each manifest without verifying it: a snapshot is
/// verified when it is opened.
pub fn list(library_dir: &Path) -> Result<Vec<InstalledSnapshot>> {
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
        let Ok(bytes) = std::fs::read(dir.join(format::MANIFEST)) else {
            continue;
        };
        let Ok(manifest) = serde_json::from_slice::<Manifest>(&bytes) else {
            continue;
        };
        out.push(InstalledSnapshot {
            id,
            dir,
            snapshot: manifest.snapshot,
        });
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
        Error::Invalid(format!(
            "there is no installed snapshot `{id}`; run `palette-docs bundle list` to see the installed ones"
        ))
    })?;
    std::fs::remove_dir_all(&dir).map_err(|e| write_err(&dir, e))?;
    // Diffs naming it go too. Best effort: the snapshot is already gone, and an entry left behind
    // is only used again for a reinstall with the very same signed manifest.
    let _ = crate::diff::cache::forget(library_dir, id);
    // The choice never names a removed snapshot: the packaged one opens next time.
    if read_active(library_dir) == id {
        write_active(library_dir, DEFAULT_ID)?;
    }
    Ok(())
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
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(write_err(&path, e)),
            _ => Ok(()),
        };
    }
    if !is_valid_id(id) {
        return Err(Error::Invalid(format!("`{id}` is not a snapshot id")));
    }
    std::fs::create_dir_all(library_dir).map_err(|e| write_err(library_dir, e))?;
    let mut tmp =
        tempfile::NamedTempFile::new_in(library_dir).map_err(|e| write_err(library_dir, e))?;
    tmp.write_all(format!("{id}\n").as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| write_err(&path, e))?;
    tmp.persist(&path).map_err(|e| write_err(&path, e.error))?;
    Ok(())
}

//! A snapshot as one compressed file (tar + zstd) to carry across the air gap: packing a verified
//! snapshot, and unpacking an archive for [`crate::library::install`].
//!
//! An archive is untrusted until its unpacked files pass [`super::verify`]: entries that are not plain
//! files or folders, that name a path outside the target, or that expand beyond a sane size are
//! refused while unpacking, before anything is verified or kept.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use super::format::{self, SnapshotInfo};
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
/// The first bytes of a zstd frame, which every packed file starts with.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// What `pack` wrote.
#[derive(Debug, Clone)]
pub struct PackReport {
    pub files: usize,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub snapshot: SnapshotInfo,
    pub signer: Signer,
}

/// Verifies `bundle_dir` and writes its files (manifest and signature included, so the signature
/// travels with the content) into one tar + zstd file at `out_file`.
pub fn pack(bundle_dir: &Path, out_file: &Path, trust: &TrustStore) -> Result<PackReport> {
    // Packing a bundle that would be refused on the other side of the air gap helps nobody.
    let verified = verify(bundle_dir, trust)?;
    let mut names: Vec<String> = verified.contents.keys().cloned().collect();
    names.sort();
    let mut bytes_in = 0u64;
    crate::fsio::write_atomic_with(out_file, |file| {
        let writer = BufWriter::new(file);
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
        writer.flush().map_err(|e| write_err(out_file, e))
    })?;
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

fn write_err(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
    Error::Write {
        path: path.into(),
        source,
    }
}

/// Reads entries one by one, refusing anything but plain files and folders with safe relative
/// paths, and stopping as soon as the archive grows beyond the bounds.
pub(crate) fn unpack(input: impl Read, label: &str, dest: &Path) -> Result<()> {
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

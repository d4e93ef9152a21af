//! A snapshot as one compressed file (tar + zstd) to carry across the air gap: packing a verified
//! snapshot (unpacking one for [`crate::library::install`] is [`super::unpack`]).
//!
//! An archive is untrusted until its unpacked files pass [`super::verify`]: entries that are not plain
//! files or folders, that name a path outside the target, or that expand beyond a sane size are
//! refused while unpacking, before anything is verified or kept.

use std::io::{BufWriter, Write};
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

//! Unpacking a packed snapshot (tar + zstd) into a folder, before anything in it is trusted.
//!
//! Everything here runs on unsigned input, so it is bounded: the zstd window, the bytes read
//! ([`archive::Limits`]), the entries, each name. Names are checked as paths inside the folder, one
//! by one, and every refusal says what is wrong with the named (shortened, escaped) entry.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use super::archive::{ArchiveReader, EntryKind, Limits};
use super::format;
use super::pack::{MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_TOTAL_BYTES};
use crate::{Error, Result};

/// The first bytes of a zstd frame, which every packed file starts with.
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];
/// The largest zstd window accepted (2^25 = 32 MiB; `bundle pack` writes 8 MiB windows at level 19).
const ZSTD_WINDOW_LOG_MAX: u32 = 25;
/// The longest name segment most file systems can hold.
const MAX_SEGMENT_BYTES: usize = 255;
/// The most bytes a GNU long-name or PAX header may carry (bundle paths are far shorter).
pub const MAX_EXTENSION_BYTES: u64 = 4096;
/// The whole decompressed tar stream: every body, plus room for headers, padding and extension
/// payloads of [`MAX_ENTRIES`] entries.
pub const MAX_STREAM_BYTES: u64 = MAX_TOTAL_BYTES + 64 * 1024 * 1024;

/// The limits every packed snapshot is read under.
pub const LIMITS: Limits = Limits {
    max_entries: MAX_ENTRIES,
    max_entry_bytes: MAX_ENTRY_BYTES,
    max_total_bytes: MAX_TOTAL_BYTES,
    max_extension_bytes: MAX_EXTENSION_BYTES,
    max_stream_bytes: MAX_STREAM_BYTES,
};

/// Reads `input` (a packed snapshot, labelled `label` in messages) into `dest`, refusing anything
/// but plain files and folders with safe relative paths, and stopping as soon as the archive grows
/// beyond the bounds.
pub fn unpack(input: impl Read, label: &str, dest: &Path) -> Result<()> {
    let refuse = |why: String| {
        Error::Refused(format!(
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
    let mut decoder = zstd::Decoder::new(std::io::Cursor::new(magic).chain(input))
        .map_err(|e| refuse(format!("it is not a snapshot archive ({e})")))?;
    decoder
        .window_log_max(ZSTD_WINDOW_LOG_MAX)
        .map_err(|e| refuse(format!("it is not a snapshot archive ({e})")))?;
    let mut reader = ArchiveReader::new(decoder, LIMITS);
    let mut files: HashSet<String> = HashSet::new();
    let mut folders: HashSet<String> = HashSet::new();
    let mut buf = vec![0u8; 64 * 1024];
    while let Some(entry) = reader.next_entry().map_err(|r| refuse(r.0))? {
        let shown = entry.shown_name();
        let rel = entry.name.strip_prefix("./").unwrap_or(&entry.name);
        let rel = rel.strip_suffix('/').unwrap_or(rel).to_string();
        if let Some(long) = rel.split('/').find(|s| s.len() > MAX_SEGMENT_BYTES) {
            return Err(refuse(format!(
                "entry `{shown}` has a name segment of {} bytes; at most {MAX_SEGMENT_BYTES} fit in a file name",
                long.len()
            )));
        }
        if !format::is_safe_relative_path(&rel) {
            return Err(refuse(format!(
                "entry `{shown}` would be written outside the snapshot folder"
            )));
        }
        // Every parent must be (or become) a folder, never a file.
        let mut parent = String::new();
        for segment in rel
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map_or(&[][..], |(_, p)| p)
        {
            if !parent.is_empty() {
                parent.push('/');
            }
            parent.push_str(segment);
            if files.contains(&parent) {
                return Err(refuse(format!(
                    "entry `{shown}` is inside `{}`, which the archive also holds as a file",
                    crate::terminal::excerpt(&parent, 80)
                )));
            }
            folders.insert(parent.clone());
        }
        let target = dest.join(&rel);
        let write_failed = |e: std::io::Error| {
            refuse(format!(
                "entry `{shown}` could not be written ({e}); check that the library folder is writable and the disk is not full"
            ))
        };
        if entry.kind == EntryKind::Folder {
            if files.contains(&rel) {
                return Err(refuse(format!(
                    "entry `{shown}` is both a file and a folder in the archive"
                )));
            }
            folders.insert(rel);
            std::fs::create_dir_all(&target).map_err(write_failed)?;
            continue;
        }
        if folders.contains(&rel) {
            return Err(refuse(format!(
                "entry `{shown}` is both a file and a folder in the archive"
            )));
        }
        if !files.insert(rel) {
            return Err(refuse(format!("entry `{shown}` appears twice")));
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write_failed)?;
        }
        // `create_new`: never follow or overwrite anything already there.
        let out = File::options()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(write_failed)?;
        let mut out = BufWriter::new(out);
        loop {
            let n = reader.read_body(&mut buf).map_err(|r| refuse(r.0))?;
            if n == 0 {
                break;
            }
            out.write_all(&buf[..n]).map_err(write_failed)?;
        }
        out.flush().map_err(write_failed)?;
    }
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A tar header, and the unit bodies are padded to.
    const TAR_BLOCK: u64 = 512;

    /// A packed archive of these plain files, written the way `tar` writes them (GNU long names).
    fn packed(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, body) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(body.len() as u64);
            header.set_mode(0o644);
            header.set_entry_type(tar::EntryType::Regular);
            builder
                .append_data(&mut header, name, *body)
                .expect("append");
        }
        let tar = builder.into_inner().expect("tar");
        zstd::encode_all(&tar[..], 3).expect("zstd")
    }

    fn unpacked(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Result<()>) {
        let dest = tempfile::tempdir().expect("tempdir");
        let result = unpack(&packed(files)[..], "test.pdsnap", dest.path());
        (dest, result)
    }

    #[test]
    fn a_name_segment_of_255_bytes_fits_and_256_is_refused() {
        let longest = format!("pages/{}.json", "a".repeat(MAX_SEGMENT_BYTES - 5));
        let (dest, result) = unpacked(&[(&longest, b"{}")]);
        result.expect("a 255-byte file name unpacks");
        assert_eq!(
            std::fs::read(dest.path().join(&longest)).expect("unpacked file"),
            b"{}"
        );

        let too_long = format!("pages/{}.json", "a".repeat(MAX_SEGMENT_BYTES - 4));
        let err = unpacked(&[(&too_long, b"{}")])
            .1
            .expect_err("a 256-byte file name");
        assert!(
            err.to_string().contains("has a name segment of 256 bytes"),
            "{err}"
        );
    }

    #[test]
    fn a_file_and_a_folder_of_the_same_name_are_refused_in_either_order() {
        let err = unpacked(&[("pages/a", b"x"), ("pages/a/b.json", b"{}")])
            .1
            .expect_err("a file, then an entry inside it");
        assert!(
            err.to_string()
                .contains("is inside `pages/a`, which the archive also holds as a file"),
            "{err}"
        );

        let err = unpacked(&[("pages/a/b.json", b"{}"), ("pages/a", b"x")])
            .1
            .expect_err("an entry inside a folder, then a file of the folder's name");
        assert!(
            err.to_string().contains("both a file and a folder"),
            "{err}"
        );
    }

    #[test]
    fn the_stream_limit_leaves_room_for_every_entry_s_headers_and_no_more_than_that() {
        // Per entry at most: one extension header and its payload, the entry's own header, and
        // the padding of its body to a whole block.
        let block = TAR_BLOCK;
        let per_entry = block + MAX_EXTENSION_BYTES + block + (block - 1);
        let overhead = MAX_ENTRIES as u64 * per_entry;
        assert!(MAX_STREAM_BYTES >= MAX_TOTAL_BYTES + overhead);
        assert!(MAX_STREAM_BYTES <= MAX_TOTAL_BYTES + 2 * overhead);
    }
}

//! Hand-made snapshot archives for the tests of installing (core's library tests and the server's
//! "Open snapshot…" tests): raw tar entries, so an archive can hold what `bundle pack` never writes.

use std::path::Path;

/// One raw archive entry: name bytes, entry type, data, link target.
pub type RawEntry<'a> = (&'a [u8], tar::EntryType, &'a [u8], Option<&'a str>);

/// Writes a tar + zstd archive from raw entries: (name bytes, entry type, data, link target).
pub fn raw_archive(out: &Path, entries: &[RawEntry<'_>]) {
    let file = std::fs::File::create(out).expect("create");
    let enc = zstd::Encoder::new(file, 3).expect("zstd");
    let mut b = tar::Builder::new(enc);
    for (name, kind, data, link) in entries {
        let mut h = tar::Header::new_old();
        {
            let old = h.as_old_mut();
            old.name = [0; 100];
            old.name[..name.len()].copy_from_slice(name);
        }
        h.set_entry_type(*kind);
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        if let Some(l) = link {
            h.set_link_name(l).expect("link");
        }
        h.set_cksum();
        b.append(&h, *data).expect("append");
    }
    b.into_inner().expect("tar").finish().expect("finish");
}

/// A packed archive of a valid bundle with one extra entry appended.
pub fn packed_plus(bundle: &Path, out: &Path, extra: RawEntry<'_>) {
    let mut entries: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut stack = vec![bundle.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(bundle).expect("inside").to_string_lossy();
                entries.push((rel.as_bytes().to_vec(), std::fs::read(&p).expect("read")));
            }
        }
    }
    let mut all: Vec<RawEntry<'_>> = entries
        .iter()
        .map(|(n, d)| (n.as_slice(), tar::EntryType::Regular, d.as_slice(), None))
        .collect();
    all.push(extra);
    raw_archive(out, &all);
}

/// The library folder's entries, names only (hidden temp folders included).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

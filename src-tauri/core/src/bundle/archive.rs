//! A bounded reader of the tar stream inside a packed snapshot, for input that nothing has checked yet.
//!
//! The `tar` crate reads a GNU long-name or PAX extension header's whole payload into memory before
//! its caller sees the entry, so a header claiming a 3 GiB name costs 3 GiB before any limit applies.
//! This reader walks the 512-byte headers itself: every byte it reads is counted against
//! [`Limits::max_stream_bytes`], an extension header's declared size is checked *before* its payload is
//! read, and an entry's body is only ever streamed to the caller — never skipped, because only plain
//! files may have one. What it accepts is what `bundle pack` writes: plain files and folders, GNU
//! long names (`L`), and small PAX headers (`x`) whose `path` and `size` are honoured.

use std::io::Read;

use crate::terminal;

/// The size of a tar block.
const BLOCK: u64 = 512;
/// How many characters of a name a message shows.
const NAME_IN_MESSAGE: usize = 80;

/// What one archive may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Headers of entries (extension headers not counted; at most three may precede an entry).
    pub max_entries: usize,
    /// Bytes of one entry's body.
    pub max_entry_bytes: u64,
    /// Bytes of all bodies together.
    pub max_total_bytes: u64,
    /// Bytes of one extension header's payload (a long name, a PAX record set).
    pub max_extension_bytes: u64,
    /// Bytes of the whole tar stream, headers, padding and extension payloads included.
    pub max_stream_bytes: u64,
}

/// Why an archive was refused: a sentence fragment (names shortened and escaped) for the caller's
/// "… was refused: {reason}" message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an entry is; everything else is refused while reading its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Folder,
}

/// One entry's header, extension headers applied.
#[derive(Debug, Clone)]
pub struct EntryHeader {
    /// The name as written (UTF-8 checked, not yet checked as a path).
    pub name: String,
    pub kind: EntryKind,
    /// The body's size in bytes (0 for folders).
    pub size: u64,
}

impl EntryHeader {
    /// The name, shortened and escaped for a message.
    pub fn shown_name(&self) -> String {
        terminal::excerpt(&self.name, NAME_IN_MESSAGE)
    }
}

/// Reads entries one at a time from a tar stream.
pub struct ArchiveReader<R> {
    input: R,
    limits: Limits,
    /// Bytes read from `input` so far.
    consumed: u64,
    /// Bodies' bytes announced so far.
    bodies: u64,
    entries: usize,
    /// Body bytes of the current entry not yet read, then its padding.
    body_left: u64,
    padding_left: u64,
    finished: bool,
}

impl<R: Read> ArchiveReader<R> {
    pub fn new(input: R, limits: Limits) -> Self {
        ArchiveReader {
            input,
            limits,
            consumed: 0,
            bodies: 0,
            entries: 0,
            body_left: 0,
            padding_left: 0,
            finished: false,
        }
    }

    /// Bytes of the tar stream read so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The next entry's header, or `None` at the archive's end marker. Whatever of the previous
    /// entry's body was not read is read (and counted) now.
    pub fn next_entry(&mut self) -> Result<Option<EntryHeader>, Refused> {
        if self.finished {
            return Ok(None);
        }
        self.discard_rest_of_body()?;
        let mut long_name: Option<Vec<u8>> = None;
        let mut long_link_seen = false;
        let mut pax: Option<Pax> = None;
        loop {
            let mut block = [0u8; BLOCK as usize];
            if !self.read_block(&mut block)? {
                return Err(Refused(
                    "it ends before the archive's end marker (the file is truncated)".to_string(),
                ));
            }
            if block.iter().all(|&b| b == 0) {
                self.finished = true;
                return Ok(None);
            }
            let header = RawHeader(&block);
            header.check_sum()?;
            let kind = header.0[156];
            let declared = header.size()?;
            match kind {
                b'L' | b'K' | b'x' => {
                    let what = match kind {
                        b'L' => "long-name",
                        b'K' => "long-link",
                        _ => "PAX",
                    };
                    if declared > self.limits.max_extension_bytes {
                        return Err(Refused(format!(
                            "a {what} extension header declares {declared} bytes, more than the {} this app reads",
                            self.limits.max_extension_bytes
                        )));
                    }
                    let already = match kind {
                        b'L' => long_name.is_some(),
                        b'K' => long_link_seen,
                        _ => pax.is_some(),
                    };
                    if already {
                        return Err(Refused(format!(
                            "two {what} extension headers precede one entry"
                        )));
                    }
                    let payload = self.read_payload(declared)?;
                    match kind {
                        b'L' => long_name = Some(until_nul(&payload).to_vec()),
                        b'K' => long_link_seen = true,
                        _ => pax = Some(Pax::parse(&payload)?),
                    }
                }
                b'g' => {
                    return Err(Refused(
                        "it holds a PAX global header, which `bundle pack` never writes"
                            .to_string(),
                    ))
                }
                _ => {
                    let name_bytes = match (&pax, long_name) {
                        (Some(Pax { path: Some(p), .. }), _) => p.clone(),
                        (_, Some(long)) => long,
                        _ => header.name(),
                    };
                    let size = match &pax {
                        Some(Pax { size: Some(s), .. }) => *s,
                        _ => declared,
                    };
                    return self.entry(kind, &name_bytes, size).map(Some);
                }
            }
        }
    }

    /// Reads the current entry's body (at most its size); `Ok(0)` at its end.
    pub fn read_body(&mut self, buf: &mut [u8]) -> Result<usize, Refused> {
        if self.body_left == 0 || buf.is_empty() {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.body_left).unwrap_or(usize::MAX));
        let n = self.read_counted(&mut buf[..want])?;
        if n == 0 {
            return Err(Refused(
                "an entry's content ends early (the file is truncated)".to_string(),
            ));
        }
        self.body_left -= n as u64;
        Ok(n)
    }

    fn entry(&mut self, kind: u8, name_bytes: &[u8], size: u64) -> Result<EntryHeader, Refused> {
        let shown = terminal::excerpt_bytes(name_bytes, NAME_IN_MESSAGE);
        self.entries += 1;
        if self.entries > self.limits.max_entries {
            return Err(Refused(format!(
                "it holds more than {} entries",
                self.limits.max_entries
            )));
        }
        let kind = match kind {
            b'0' | 0 | b'7' => EntryKind::File,
            b'5' => EntryKind::Folder,
            other => {
                return Err(Refused(format!(
                    "entry `{shown}` is a {}, not a plain file or folder",
                    kind_name(other)
                )))
            }
        };
        if kind == EntryKind::Folder && size != 0 {
            return Err(Refused(format!(
                "folder entry `{shown}` declares {size} bytes of content; folders have none"
            )));
        }
        if size > self.limits.max_entry_bytes
            || self.bodies.saturating_add(size) > self.limits.max_total_bytes
        {
            return Err(Refused(format!(
                "entry `{shown}` would unpack beyond the size limit"
            )));
        }
        let name = std::str::from_utf8(name_bytes)
            .map_err(|_| Refused(format!("entry `{shown}` has a name that is not UTF-8")))?
            .to_string();
        self.bodies += size;
        self.body_left = size;
        self.padding_left = padding(size);
        Ok(EntryHeader { name, kind, size })
    }

    fn discard_rest_of_body(&mut self) -> Result<(), Refused> {
        let mut sink = [0u8; 8192];
        while self.body_left > 0 {
            self.read_body(&mut sink)?;
        }
        while self.padding_left > 0 {
            let want = sink
                .len()
                .min(usize::try_from(self.padding_left).unwrap_or(usize::MAX));
            let n = self.read_counted(&mut sink[..want])?;
            if n == 0 {
                return Err(Refused(
                    "it ends inside an entry (the file is truncated)".to_string(),
                ));
            }
            self.padding_left -= n as u64;
        }
        Ok(())
    }

    /// An extension header's payload, already checked against the limit, with its padding.
    fn read_payload(&mut self, size: u64) -> Result<Vec<u8>, Refused> {
        let padded = size + padding(size);
        let mut payload = vec![0u8; usize::try_from(padded).unwrap_or(0)];
        let mut filled = 0;
        while filled < payload.len() {
            let n = self.read_counted(&mut payload[filled..])?;
            if n == 0 {
                return Err(Refused(
                    "it ends inside an extension header (the file is truncated)".to_string(),
                ));
            }
            filled += n;
        }
        payload.truncate(usize::try_from(size).unwrap_or(0));
        Ok(payload)
    }

    /// A whole block, `false` at a clean end of input.
    fn read_block(&mut self, block: &mut [u8; BLOCK as usize]) -> Result<bool, Refused> {
        let mut filled = 0;
        while filled < block.len() {
            let n = self.read_counted(&mut block[filled..])?;
            if n == 0 {
                if filled == 0 {
                    return Ok(false);
                }
                return Err(Refused(
                    "it ends inside a header (the file is truncated)".to_string(),
                ));
            }
            filled += n;
        }
        Ok(true)
    }

    /// The one place input is read: counted, and refused past the stream limit.
    fn read_counted(&mut self, buf: &mut [u8]) -> Result<usize, Refused> {
        if self.consumed.saturating_add(buf.len() as u64) > self.limits.max_stream_bytes {
            return Err(Refused(format!(
                "it unpacks to more than {} MB",
                self.limits.max_stream_bytes / 1_000_000
            )));
        }
        loop {
            match self.input.read(buf) {
                Ok(n) => {
                    self.consumed += n as u64;
                    return Ok(n);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(Refused(format!(
                        "it is damaged or not a snapshot archive ({})",
                        terminal::excerpt(&e.to_string(), 200)
                    )))
                }
            }
        }
    }
}

/// A header block's fields.
struct RawHeader<'a>(&'a [u8; BLOCK as usize]);

impl RawHeader<'_> {
    fn check_sum(&self) -> Result<(), Refused> {
        let stored = parse_octal(&self.0[148..156])
            .ok_or_else(|| Refused("it is damaged (a header's checksum is unreadable)".into()))?;
        let sum: u64 = self
            .0
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    u64::from(b)
                }
            })
            .sum();
        if sum != stored {
            return Err(Refused(
                "it is damaged or not a snapshot archive (a header's checksum does not match)"
                    .into(),
            ));
        }
        Ok(())
    }

    fn size(&self) -> Result<u64, Refused> {
        let field = &self.0[124..136];
        if field[0] & 0x80 != 0 {
            // GNU base-256: a negative size (0xff) is nonsense.
            if field[0] == 0xff {
                return Err(Refused(
                    "it is damaged (an entry's size is negative)".into(),
                ));
            }
            let mut value: u64 = u64::from(field[0] & 0x7f);
            for &b in &field[1..] {
                value = value
                    .checked_mul(256)
                    .and_then(|v| v.checked_add(u64::from(b)))
                    .ok_or_else(|| Refused("it is damaged (an entry's size overflows)".into()))?;
            }
            return Ok(value);
        }
        parse_octal(field)
            .ok_or_else(|| Refused("it is damaged (an entry's size is unreadable)".into()))
    }

    /// `prefix/name` for POSIX ustar headers, `name` otherwise (GNU keeps other data where the
    /// prefix would be).
    fn name(&self) -> Vec<u8> {
        let name = until_nul(&self.0[0..100]);
        let posix = &self.0[257..263] == b"ustar\0";
        let prefix = if posix {
            until_nul(&self.0[345..500])
        } else {
            &[]
        };
        if prefix.is_empty() {
            name.to_vec()
        } else {
            let mut joined = prefix.to_vec();
            joined.push(b'/');
            joined.extend_from_slice(name);
            joined
        }
    }
}

/// The `path` and `size` records of a PAX extension header (others are ignored).
struct Pax {
    path: Option<Vec<u8>>,
    size: Option<u64>,
}

impl Pax {
    /// Records are `<length> <key>=<value>\n`, the length counting the whole record.
    fn parse(payload: &[u8]) -> Result<Pax, Refused> {
        let damaged = || Refused("it is damaged (a PAX header's records are malformed)".into());
        let mut pax = Pax {
            path: None,
            size: None,
        };
        let mut rest = until_nul(payload);
        while !rest.is_empty() {
            let space = rest.iter().position(|&b| b == b' ').ok_or_else(damaged)?;
            let len: usize = std::str::from_utf8(&rest[..space])
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or_else(damaged)?;
            if len <= space + 1 || len > rest.len() || rest[len - 1] != b'\n' {
                return Err(damaged());
            }
            let record = &rest[space + 1..len - 1];
            let eq = record.iter().position(|&b| b == b'=').ok_or_else(damaged)?;
            let (key, value) = (&record[..eq], &record[eq + 1..]);
            match key {
                b"path" => pax.path = Some(value.to_vec()),
                b"size" => {
                    pax.size = Some(
                        std::str::from_utf8(value)
                            .ok()
                            .and_then(|s| s.parse().ok())
                            .ok_or_else(damaged)?,
                    )
                }
                _ => {}
            }
            rest = &rest[len..];
        }
        Ok(pax)
    }
}

fn until_nul(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    &bytes[..end]
}

fn parse_octal(field: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(until_nul(field))
        .ok()?
        .trim_matches(' ');
    if text.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(text, 8).ok()
}

fn padding(size: u64) -> u64 {
    (BLOCK - size % BLOCK) % BLOCK
}

fn kind_name(kind: u8) -> String {
    match kind {
        b'1' => "hard link".to_string(),
        b'2' => "symbolic link".to_string(),
        b'3' => "character device".to_string(),
        b'4' => "block device".to_string(),
        b'6' => "FIFO".to_string(),
        b'S' => "sparse file".to_string(),
        other => format!(
            "entry of type `{}`",
            terminal::escape(&char::from(other).to_string())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_entries: 10,
        max_entry_bytes: 1 << 20,
        max_total_bytes: 2 << 20,
        max_extension_bytes: 4096,
        max_stream_bytes: 4 << 20,
    };

    fn header(name: &str, kind: u8, size: u64) -> [u8; 512] {
        let mut h = tar::Header::new_gnu();
        h.as_mut_bytes()[..name.len()].copy_from_slice(name.as_bytes());
        h.set_size(size);
        h.as_mut_bytes()[156] = kind;
        h.set_cksum();
        *h.as_bytes()
    }

    fn read_all(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, Refused> {
        let mut reader = ArchiveReader::new(bytes, LIMITS);
        let mut out = Vec::new();
        while let Some(entry) = reader.next_entry()? {
            let mut body = Vec::new();
            let mut buf = [0u8; 100];
            loop {
                let n = reader.read_body(&mut buf)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&buf[..n]);
            }
            out.push((entry.name, body));
        }
        Ok(out)
    }

    #[test]
    fn reads_what_the_tar_crate_writes() {
        let mut b = tar::Builder::new(Vec::new());
        let long = format!("pages/{}.json", "a".repeat(150));
        let body = vec![b'x'; 600];
        for (name, data) in [("nav.json", &b"{}"[..]), (long.as_str(), &body[..])] {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            b.append_data(&mut h, name, data).expect("append");
        }
        let bytes = b.into_inner().expect("finish");
        let got = read_all(&bytes).expect("read");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0, long);
        assert_eq!(got[1].1, body);
    }

    #[test]
    fn a_huge_extension_header_is_refused_before_its_payload() {
        let mut bytes = header("././@LongLink", b'L', 3 << 30).to_vec();
        bytes.extend_from_slice(&[b'a'; 1024]);
        let err = read_all(&bytes).expect_err("refused");
        assert!(err.0.contains("long-name extension header"), "{err}");
    }

    #[test]
    fn a_folder_with_a_body_is_refused() {
        let mut bytes = header("pages/", b'5', 1 << 19).to_vec();
        bytes.extend_from_slice(&vec![0u8; 1 << 19]);
        let err = read_all(&bytes).expect_err("refused");
        assert!(err.0.contains("folders have none"), "{err}");
    }

    #[test]
    fn a_missing_end_marker_is_a_truncation() {
        let mut bytes = header("a.json", b'0', 1).to_vec();
        bytes.extend_from_slice(&[b'x'; 512]);
        let err = read_all(&bytes).expect_err("refused");
        assert!(err.0.contains("truncated"), "{err}");
    }
}

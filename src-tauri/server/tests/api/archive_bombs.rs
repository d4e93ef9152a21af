//! Packed snapshots built to exhaust memory, CPU or the terminal before their signature is checked:
//! each is generated here (a tar header claiming gigabytes followed by a short or zero-filled zstd
//! stream), and each must be refused quickly with a short message that leaves the library as it was.

use std::io::Write;
use std::path::Path;

use crate::archive_support::listing;
use crate::test_support::{fixture_bundle, send, trust};
use palette_docs_core::bundle::pack;
use palette_docs_core::library::{self, Library, Places};
use palette_docs_server::api::{Api, AppState, UiDir};

const GIB: u64 = 1 << 30;

/// A GNU header block for `name` (written raw so any type and size can be claimed).
fn header(name: &[u8], kind: u8, size: u64) -> [u8; 512] {
    let mut h = tar::Header::new_gnu();
    h.as_mut_bytes()[..name.len()].copy_from_slice(name);
    h.set_size(size);
    h.set_mode(0o644);
    h.as_mut_bytes()[156] = kind;
    h.set_cksum();
    *h.as_bytes()
}

/// A packed file: `head` blocks, then `zeros` zero bytes, all through one zstd stream (zeros compress
/// to almost nothing, so the file stays small whatever the header claims).
fn bomb(out: &Path, head: &[[u8; 512]], zeros: u64) {
    let file = std::fs::File::create(out).expect("create");
    let mut enc = zstd::Encoder::new(file, 3).expect("zstd");
    for block in head {
        enc.write_all(block).expect("write");
    }
    let chunk = vec![0u8; 1 << 20];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(chunk.len() as u64);
        enc.write_all(&chunk[..n as usize]).expect("write");
        left -= n;
    }
    enc.finish().expect("finish");
}

/// Installs `file` from the terminal's path and from "Open snapshot…" (the API); both must refuse
/// with a short message containing `needle` and leave `library` as it was.
fn refused_both_ways(tmp: &Path, file: &Path, needle: &str) {
    let library = tmp.join("library");
    std::fs::create_dir_all(&library).expect("mkdir");
    let before = listing(&library);
    let err = library::install(file, &library, &trust()).expect_err("bomb installed");
    let text = err.to_string();
    assert!(text.contains(needle), "`{text}` should mention `{needle}`");
    assert!(text.len() < 400, "message of {} bytes", text.len());
    assert_eq!(listing(&library), before, "library changed");

    let bytes = std::fs::read(file).expect("read bomb");
    assert!(
        bytes.len() < pack::MAX_PACK_BYTES,
        "the bomb fits the upload cap"
    );
    let default_dir = fixture_bundle(&tmp.join("default"));
    let lib = Library::open_chosen(Places {
        default_dir,
        library_dir: library.clone(),
        trust: trust(),
    })
    .expect("open");
    let api = Api::new(AppState::new(lib), Box::new(UiDir(tmp.into())));
    let (status, body) = send(
        &api,
        "POST",
        "/api/snapshots/install?name=bomb.pdsnap",
        &bytes,
    );
    assert_eq!(status, 422, "{body}");
    let answer = body.to_string();
    assert!(
        answer.contains(needle),
        "`{answer}` should mention `{needle}`"
    );
    assert!(answer.len() < 600, "answer of {} bytes", answer.len());
    assert_eq!(listing(&library), before, "library changed");
}

#[test]
fn a_long_name_header_claiming_3_gib_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("longname.pdsnap");
    // The stream is 64 MiB of zeros: enough to be a real attempt, far less than the claim.
    bomb(&file, &[header(b"././@LongLink", b'L', 3 * GIB)], 64 << 20);
    refused_both_ways(tmp.path(), &file, "long-name extension header declares");
}

#[test]
fn a_pax_header_claiming_3_gib_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("pax.pdsnap");
    bomb(&file, &[header(b"PaxHeaders/x", b'x', 3 * GIB)], 64 << 20);
    refused_both_ways(tmp.path(), &file, "PAX extension header declares");
}

#[test]
fn a_long_link_header_claiming_3_gib_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("longlink.pdsnap");
    bomb(&file, &[header(b"././@LongLink", b'K', 3 * GIB)], 1 << 20);
    refused_both_ways(tmp.path(), &file, "long-link extension header declares");
}

#[test]
fn a_long_name_that_fits_the_header_limit_is_still_shortened_in_messages() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("escape.pdsnap");
    // A 4 KiB name of `../` segments and an escape sequence: refused as outside, shown short and inert.
    let name = format!("{}\u{1b}[2J", "../".repeat(1300));
    let mut payload = name.clone().into_bytes();
    payload.resize(payload.len().div_ceil(512) * 512, 0);
    let mut blocks = vec![header(b"././@LongLink", b'L', name.len() as u64)];
    for chunk in payload.chunks(512) {
        let mut b = [0u8; 512];
        b[..chunk.len()].copy_from_slice(chunk);
        blocks.push(b);
    }
    blocks.push(header(b"x", b'0', 0));
    bomb(&file, &blocks, 1024);
    refused_both_ways(tmp.path(), &file, "outside the snapshot folder");
    let err = library::install(&file, &tmp.path().join("library"), &trust()).expect_err("refused");
    assert!(
        !err.to_string().contains('\u{1b}'),
        "escape reached the message"
    );
}

#[test]
fn a_folder_entry_declaring_a_huge_body_is_refused_at_its_header() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("folder.pdsnap");
    // 1.4 TiB declared; 64 MiB of zeros actually follow (the old reader skipped all of it).
    bomb(&file, &[header(b"pages/", b'5', 1400 * GIB)], 64 << 20);
    refused_both_ways(tmp.path(), &file, "folders have none");
}

#[test]
fn a_pax_global_header_is_named_as_such() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("global.pdsnap");
    bomb(&file, &[header(b"pax_global_header", b'g', 0)], 1024);
    refused_both_ways(tmp.path(), &file, "PAX global header");
}

/// Header blocks for a file entry named `name` (a GNU long-name header first when it needs one).
fn file_blocks(name: &str, body: &[u8]) -> Vec<[u8; 512]> {
    let mut blocks = Vec::new();
    let short = if name.len() < 100 {
        name.as_bytes().to_vec()
    } else {
        blocks.push(header(b"././@LongLink", b'L', name.len() as u64 + 1));
        let mut payload = name.as_bytes().to_vec();
        payload.push(0);
        for chunk in payload.chunks(512) {
            let mut b = [0u8; 512];
            b[..chunk.len()].copy_from_slice(chunk);
            blocks.push(b);
        }
        b"long".to_vec()
    };
    blocks.push(header(&short, b'0', body.len() as u64));
    for chunk in body.chunks(512) {
        let mut b = [0u8; 512];
        b[..chunk.len()].copy_from_slice(chunk);
        blocks.push(b);
    }
    blocks
}

#[test]
fn refusals_say_what_is_wrong_with_the_entry() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("odd.pdsnap");
    let library = tmp.path().join("library");
    let refused = |blocks: Vec<[u8; 512]>| -> String {
        let mut all = blocks;
        all.push([0u8; 512]);
        all.push([0u8; 512]);
        bomb(&file, &all, 0);
        let err = library::install(&file, &library, &trust()).expect_err("installed");
        err.to_string()
    };

    let long_segment = format!("pages/{}.json", "s".repeat(300));
    let text = refused(file_blocks(&long_segment, b"{}"));
    assert!(text.contains("name segment of 305 bytes"), "{text}");
    assert!(!text.contains("appears twice"), "{text}");

    let mut clash = file_blocks("pages/a.json", b"{}");
    clash.extend(file_blocks("pages", b"x"));
    let text = refused(clash);
    assert!(text.contains("both a file and a folder"), "{text}");
    assert!(!text.contains(".incoming-"), "{text}");

    let mut twice = file_blocks("nav.json", b"{}");
    twice.extend(file_blocks("nav.json", b"{}"));
    let text = refused(twice);
    assert!(text.contains("appears twice"), "{text}");

    let mut link = vec![header(b"link", b'2', 0)];
    link.extend(file_blocks("nav.json", b"{}"));
    let text = refused(link);
    assert!(
        text.contains("is a symbolic link, not a plain file"),
        "{text}"
    );

    // Plain files but no manifest: refused by verification, naming the archive, not the hidden
    // folder it was unpacked into.
    let mut no_manifest = file_blocks("pages/a.json", b"{}");
    no_manifest.extend(file_blocks("nav.json", b"{}"));
    let text = refused(no_manifest);
    assert!(text.contains("manifest.json"), "{text}");
    assert!(!text.contains(".incoming-"), "{text}");

    // No end marker: a truncated file says so.
    let file_only = file_blocks("nav.json", b"{}");
    bomb(&file, &file_only, 0);
    let text = library::install(&file, &library, &trust())
        .expect_err("installed")
        .to_string();
    assert!(text.contains("truncated"), "{text}");
}

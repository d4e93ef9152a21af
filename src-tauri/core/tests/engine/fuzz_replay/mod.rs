//! The fuzz checks of `fuzz/checks/` replayed as ordinary tests over the fuzz seeds: our own seeds in
//! `fuzz/seeds/<target>/` (where crash inputs go once found), a freshly built fixture snapshot's
//! files, and the upstream pages and headings from ../shared — what `fuzz/run.sh` starts libFuzzer
//! from, without building libFuzzer. Mutating the seeds stays with `FUZZ=1 bash scripts/test.sh`.

use std::fs;
use std::path::{Path, PathBuf};

use palette_docs_core::bundle::{self, sign::SigningKey, BuildOptions, SignerKind};

#[path = "../../../../../fuzz/checks/archive.rs"]
mod archive;
#[path = "../../../../../fuzz/checks/bookmarks.rs"]
mod bookmarks;
#[path = "../../../../../fuzz/checks/manifest.rs"]
mod manifest;
#[path = "../../../../../fuzz/checks/render.rs"]
mod render;
#[path = "../../../../../fuzz/checks/search_query.rs"]
mod search_query;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every regular file under `dir` (sorted, recursively); none when `dir` is absent.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Our own seeds of `target`, plus a local cargo-fuzz corpus and crash artifacts when present.
fn own_seeds(target: &str) -> Vec<PathBuf> {
    let fuzz = repo().join("fuzz");
    let seeds = files_under(&fuzz.join("seeds").join(target));
    assert!(!seeds.is_empty(), "fuzz/seeds/{target}/ holds no seeds");
    let mut all = seeds;
    all.extend(files_under(&fuzz.join("corpus").join(target)));
    all.extend(files_under(&fuzz.join("artifacts").join(target)));
    all
}

/// The upstream markdown pages under 64 KiB (the fuzz run's size cap); none, with a note, when
/// ../shared/upstream is absent, which `CI=true` does not allow.
fn upstream_pages() -> Vec<PathBuf> {
    let upstream = repo().join("../shared/upstream");
    if !upstream.is_dir() {
        crate::shared_input::skipped(
            "fuzz_replay (the upstream pages as seeds)",
            "../shared/upstream not found",
        );
        return Vec::new();
    }
    let pages: Vec<PathBuf> = files_under(&upstream)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "mdx"))
        .filter(|p| fs::metadata(p).is_ok_and(|m| m.len() < 64 * 1024))
        .collect();
    assert!(
        !pages.is_empty(),
        "no markdown found under {}",
        upstream.display()
    );
    pages
}

fn replay(target: &str, check: fn(&[u8]), inputs: impl IntoIterator<Item = Vec<u8>>) -> usize {
    let mut count = 0;
    for input in inputs {
        check(&input);
        count += 1;
    }
    eprintln!("fuzz replay {target}: {count} inputs");
    count
}

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    let path = path.as_ref();
    fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn render_seeds_pass_the_render_check() {
    let mut inputs: Vec<Vec<u8>> = own_seeds("render").iter().map(read).collect();
    inputs.extend(upstream_pages().iter().map(read));
    inputs.extend(
        files_under(&repo().join("docs-bundle/docs"))
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(read),
    );
    assert!(replay("render", render::check, inputs) > 1);
}

#[test]
fn manifest_seeds_pass_the_manifest_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("bundle");
    let key = SigningKey::from_bytes(&[7; 32]);
    bundle::build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features"),
        &out,
        &BuildOptions::default(),
        &key,
        SignerKind::Development,
        None,
    )
    .expect("the fixture snapshot builds");
    // The snapshot's own JSON files (manifest, signature, nav, pages): real input for the loader.
    let built: Vec<PathBuf> = files_under(&out)
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json") || p.ends_with(bundle::format::SIGNATURE)
        })
        .collect();
    assert!(built.len() > 3, "{built:?}");
    let mut inputs: Vec<Vec<u8>> = own_seeds("manifest").iter().map(read).collect();
    inputs.extend(built.iter().map(read));
    // Each manifest entry's path goes through the path check on its own, as the loader does.
    let manifest: serde_json::Value =
        serde_json::from_slice(&read(out.join(bundle::format::MANIFEST))).expect("manifest");
    inputs.extend(
        manifest["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["path"].as_str())
            .map(|p| p.as_bytes().to_vec()),
    );
    assert!(replay("manifest", manifest::check, inputs) > 3);
}

#[test]
fn search_seeds_pass_the_search_check() {
    let mut inputs: Vec<Vec<u8>> = own_seeds("search_query").iter().map(read).collect();
    // The first heading of each upstream page: the words readers search for.
    for page in upstream_pages() {
        let text = String::from_utf8_lossy(&read(page)).into_owned();
        if let Some(heading) = text.lines().find(|l| l.starts_with('#')) {
            inputs.push(heading.trim_start_matches('#').trim().as_bytes().to_vec());
        }
    }
    assert!(replay("search_query", search_query::check, inputs) > 1);
}

#[test]
fn bookmarks_seeds_pass_the_bookmarks_check() {
    let inputs: Vec<Vec<u8>> = own_seeds("bookmarks").iter().map(read).collect();
    assert!(replay("bookmarks", bookmarks::check, inputs) > 1);
}

/// Tar streams made here (none committed): GNU long names, a PAX path, a truncated copy, and
/// headers claiming gigabytes.
fn generated_archives() -> Vec<Vec<u8>> {
    let long = format!("pages/{}.json", "l".repeat(150));
    let mut gnu = tar::Builder::new(Vec::new());
    for (name, data) in [("nav.json", &b"{}"[..]), (long.as_str(), &[b'x'; 700][..])] {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        gnu.append_data(&mut h, name, data).expect("append");
    }
    let gnu = gnu.into_inner().expect("finish");
    let mut pax = tar::Builder::new(Vec::new());
    pax.append_pax_extensions([("path", long.as_bytes())])
        .expect("pax");
    let mut h = tar::Header::new_ustar();
    h.set_path("short").expect("path");
    h.set_size(3);
    h.set_cksum();
    pax.append(&h, &b"abc"[..]).expect("append");
    let pax = pax.into_inner().expect("finish");
    let claim = |kind: u8, size: u64| {
        let mut h = tar::Header::new_gnu();
        h.as_mut_bytes()[..13].copy_from_slice(b"././@LongLink");
        h.set_size(size);
        h.as_mut_bytes()[156] = kind;
        h.set_cksum();
        let mut bytes = h.as_bytes().to_vec();
        bytes.extend_from_slice(&[b'a'; 2048]);
        bytes
    };
    vec![
        gnu.clone(),
        gnu[..gnu.len() / 2].to_vec(),
        pax,
        claim(b'L', 3 << 30),
        claim(b'x', 3 << 30),
        claim(b'5', 1 << 40),
    ]
}

#[test]
fn archive_seeds_pass_the_archive_check() {
    let fuzz = repo().join("fuzz");
    let mut inputs: Vec<Vec<u8>> = files_under(&fuzz.join("seeds/archive"))
        .iter()
        .chain(&files_under(&fuzz.join("corpus/archive")))
        .chain(&files_under(&fuzz.join("artifacts/archive")))
        .map(read)
        .collect();
    inputs.extend(generated_archives());
    assert!(replay("archive", archive::check, inputs) > 6);
}

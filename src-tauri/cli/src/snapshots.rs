//! `palette-docs bundle pack|install|list|remove`: the library of snapshots from the terminal.

use std::path::Path;
use std::process::ExitCode;

use palette_docs_core::bundle::pack;
use palette_docs_core::library;

use super::context;

pub fn pack(bundle_dir: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let report = pack::pack(bundle_dir, out, &library::trust_store())?;
    say!(
        "Packed {} {} ({} files, {:.1} MB → {:.1} MB) into {}; signer key {}",
        report.snapshot.name,
        report.snapshot.version,
        report.files,
        report.bytes_in as f64 / 1e6,
        report.bytes_out as f64 / 1e6,
        out.display(),
        report.signer.key_id
    );
    say!("Install it on the other machine with: palette-docs bundle install FILE, or \"Open snapshot…\" in the app's snapshot menu");
    if out.extension().and_then(|e| e.to_str()) != Some(pack::PACK_EXTENSION) {
        say!(
            "Note: the app's file picker lists .{} files; name the file that way to find it there.",
            pack::PACK_EXTENSION
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn install(file: &Path) -> anyhow::Result<ExitCode> {
    let dir = library::library_dir()?;
    let installed = library::install(file, &dir, &library::trust_store())?;
    say!(
        "Installed {} {} ({}) as `{}` in {}. Switch to it in the app's snapshot menu (the snapshot badge in the navbar).",
        installed.snapshot.name,
        installed.snapshot.version,
        installed.snapshot.date,
        installed.id,
        installed.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn list() -> anyhow::Result<ExitCode> {
    match context::default_bundle_dir() {
        Ok(dir) => say!(
            "default\t(packaged with the app; cannot be removed)\t{}",
            dir.display()
        ),
        Err(_) => say!("default\t(packaged snapshot not found)"),
    }
    let dir = library::library_dir()?;
    for s in library::list(&dir)? {
        say!(
            "{}\t{} {} ({}, {})\t{}",
            s.id,
            s.snapshot.name,
            s.snapshot.version,
            s.snapshot.date,
            s.snapshot.edition,
            s.dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn remove(id: &str) -> anyhow::Result<ExitCode> {
    let dir = library::library_dir()?;
    let was_chosen = library::read_active(&dir) == id;
    library::remove(&dir, id)?;
    say!("Removed snapshot `{id}`.");
    if was_chosen {
        say!("It was the snapshot the app opens; the packaged one opens from now on.");
    }
    Ok(ExitCode::SUCCESS)
}

//! Build script: makes sure the packaged-snapshot folder exists, then lets tauri-build read
//! `tauri.conf.json`, the capabilities and the icons.

use std::path::Path;

fn main() {
    // `bundle.resources` in tauri.conf.json points at the compiled default snapshot, which the
    // `palette-docs bundle build` subcommand of this very crate produces. tauri-build refuses a
    // missing resource path, so a fresh checkout could never build the tool that fills it: create
    // the folder empty here. scripts/release.sh fills it before packaging and checks it is not empty.
    let bundle_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/default-bundle");
    if let Err(err) = std::fs::create_dir_all(&bundle_dir) {
        println!(
            "cargo:warning=could not create {}: {err}",
            bundle_dir.display()
        );
    }
    tauri_build::build();
}

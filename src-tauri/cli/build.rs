//! Builds the UI's one script at build time: `ui/js/app.js` and every module it imports, bundled
//! by esbuild (pinned in `ui-bundler/package-lock.json`) into `$OUT_DIR/app.bundle.js`, which the
//! binary embeds and serves as `/js/app.bundle.js` (see `context::EmbeddedUi`).
//!
//! esbuild is installed into `ui-bundler/node_modules` with `npm ci` the first time (the README's
//! setup installs Node.js and npm); a build without npm stops here with what to do.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let ui_js = manifest.join("../../ui/js");
    let bundler = manifest.join("ui-bundler");
    println!("cargo::rerun-if-changed={}", ui_js.display());
    println!(
        "cargo::rerun-if-changed={}",
        bundler.join("package-lock.json").display()
    );

    let esbuild = bundler.join("node_modules/.bin/esbuild");
    if !esbuild.exists() {
        run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--silent"])
                .current_dir(&bundler),
            "installing the pinned esbuild (`npm ci` in src-tauri/cli/ui-bundler)",
        );
    }
    run(
        Command::new(&esbuild)
            .arg(ui_js.join("app.js"))
            .args(["--bundle", "--format=esm", "--target=es2022", "--minify"])
            .arg("--log-level=warning")
            .arg(format!("--outfile={}", out.join("app.bundle.js").display())),
        "bundling ui/js/app.js with esbuild",
    );
}

fn run(command: &mut Command, what: &str) {
    let fail = |why: String| -> ! {
        panic!(
            "{what} failed: {why}\nThe UI's script is built with esbuild from npm: install Node.js 18+ with npm, then run `npm ci --prefix {}` and build again.",
            Path::new("src-tauri/cli/ui-bundler").display()
        )
    };
    match command.status() {
        Ok(status) if status.success() => {}
        Ok(status) => fail(format!("it exited with {status}")),
        Err(e) => fail(e.to_string()),
    }
}

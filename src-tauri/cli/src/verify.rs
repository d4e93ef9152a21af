//! `palette-docs verify [PATH]`: a verdict on a snapshot's signature and files.

use std::path::PathBuf;
use std::process::ExitCode;

use palette_docs_core::bundle::{self, SignerKind};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The snapshot folder (default: --bundle, else the packaged snapshot).
    path: Option<PathBuf>,
}

pub fn run(bundle: Option<PathBuf>, args: Args) -> anyhow::Result<ExitCode> {
    let dir = match args.path.or(bundle) {
        Some(d) => d,
        None => super::context::default_bundle_dir()?,
    };
    match bundle::verify(&dir, &palette_docs_core::library::trust_store()) {
        Ok(v) => {
            let s = &v.manifest.snapshot;
            let signer = match v.signer.kind {
                SignerKind::Release => "release key",
                SignerKind::Development => "development key",
            };
            say!("OK: {} {} ({})", s.name, s.version, dir.display());
            say!("  signed by {signer} {}", v.signer.key_id);
            say!(
                "  {} files checked in {:.1} ms",
                v.files_checked,
                v.elapsed.as_secs_f64() * 1000.0
            );
            if !s.upstream_commit.is_empty() {
                say!(
                    "  facts follow {} at {}",
                    s.upstream_repo,
                    s.upstream_commit
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            say!("FAILED: {}: {e}", dir.display());
            Ok(ExitCode::FAILURE)
        }
    }
}

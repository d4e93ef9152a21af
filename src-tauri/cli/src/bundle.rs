//! `palette-docs bundle build|check`: compile Docusaurus sources into a signed snapshot, or only check them.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use palette_docs_core::bundle::{self, sign, BuildOptions, SignerKind};
use palette_docs_core::diagnostics::{Diagnostic, Severity};
use palette_docs_core::library;

/// Hex seed of a release signing key (never stored in the repository).
const SIGNING_KEY_ENV: &str = "PALETTE_DOCS_SIGNING_KEY";

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Render every page, build the search index and write a signed bundle.
    Build {
        #[command(flatten)]
        source: SourceArgs,
        /// Output folder (replaced if it holds an older bundle).
        #[arg(long)]
        out: PathBuf,
        /// Release signing key file (64 hex digits); default: $PALETTE_DOCS_SIGNING_KEY, else this machine's development key.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
    },
    /// Report broken links, missing anchors and images, unknown admonitions and unsupported MDX, and
    /// list every component met with how it is rendered offline.
    Check {
        #[command(flatten)]
        source: SourceArgs,
        /// Also list the heading anchors of this upstream Docusaurus docs root that land nowhere in the
        /// snapshot (neither a heading id nor an `anchor_aliases` entry of the page that retells them).
        #[arg(long, value_name = "DOCS_ROOT")]
        upstream: Option<PathBuf>,
    },
    /// Verify a compiled snapshot and write it as one compressed file to carry across the air gap.
    Pack {
        /// The compiled snapshot folder.
        #[arg(value_name = "BUNDLE_DIR")]
        bundle_dir: PathBuf,
        /// The file to write; name it *.pdsnap (e.g. palette-security-2026-11.pdsnap) so the app's "Open snapshot…" lists it.
        #[arg(short, long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Verify a packed snapshot and add it to this user's library of snapshots.
    Install {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// List the installed snapshots (the packaged one is always available as `default`).
    List,
    /// Remove an installed snapshot by id (see `bundle list`); the packaged one cannot be removed.
    Remove {
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Show what changed between two snapshots: pages, sections and advisories.
    Diff(super::diff::Args),
}

#[derive(clap::Args, Debug)]
pub struct SourceArgs {
    /// A Docusaurus docs folder, or a snapshot folder with snapshot.toml.
    #[arg(long)]
    source: PathBuf,
    /// The partials folder (default: `_partials` found upwards from --source).
    #[arg(long)]
    partials: Option<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
}

impl SourceArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            partials: self.partials.clone(),
            strict: self.strict,
        }
    }
}

pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Build { source, out, key } => build(&source, &out, key.as_deref()),
        Command::Check { source, upstream } => check(&source, upstream.as_deref()),
        Command::Pack { bundle_dir, out } => super::snapshots::pack(&bundle_dir, &out),
        Command::Install { file } => super::snapshots::install(&file),
        Command::List => super::snapshots::list(),
        Command::Remove { id } => super::snapshots::remove(&id),
        Command::Diff(args) => super::diff::run(&args),
    }
}

fn signing_key(file: Option<&Path>) -> anyhow::Result<(sign::SigningKey, SignerKind)> {
    if let Some(file) = file {
        let key = sign::read_signing_key(file)?
            .with_context(|| format!("{} does not exist", file.display()))?;
        return Ok((key, SignerKind::Release));
    }
    if let Ok(hex) = std::env::var(SIGNING_KEY_ENV) {
        let key = sign::parse_signing_key(&hex)
            .with_context(|| format!("${SIGNING_KEY_ENV} is not 64 hex digits"))?;
        return Ok((key, SignerKind::Release));
    }
    let dir = library::data_dir()?;
    let (key, _) = sign::dev_signing_key(&dir)?;
    Ok((key, SignerKind::Development))
}

/// A progress bar on a terminal (indicatif), a line per tenth otherwise (logs).
fn progress_printer() -> impl Fn(usize, usize) + Sync {
    let tty = std::io::stderr().is_terminal();
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("rendering [{bar:30}] {pos}/{len}")
            .map(|style| style.progress_chars("## "))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let last_tenth = AtomicUsize::new(0);
    // Pages finish on several threads, so `done` may arrive out of order: the bar counts calls.
    move |done, total| {
        if tty {
            bar.set_length(total as u64);
            bar.inc(1);
            if bar.position() >= total as u64 {
                bar.finish();
            }
        } else {
            let tenth = done * 10 / total.max(1);
            if tenth > last_tenth.fetch_max(tenth, Ordering::Relaxed) {
                eprintln!("rendered {done}/{total} pages");
            }
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let mut sorted: Vec<_> = diagnostics.iter().collect();
    sorted.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    for d in &sorted {
        eprintln!(
            "{}",
            palette_docs_core::terminal::escape_keeping_lines(&d.to_string())
        );
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

fn build(source: &SourceArgs, out: &Path, key: Option<&Path>) -> anyhow::Result<ExitCode> {
    let (key, kind) = signing_key(key)?;
    let progress = progress_printer();
    let report = bundle::build(
        &source.source,
        out,
        &source.options(),
        &key,
        kind,
        Some(&progress),
    )?;
    let (errors, warnings) = print_diagnostics(&report.diagnostics);
    let signer = match report.signer.kind {
        SignerKind::Release => "release key",
        SignerKind::Development => "development key",
    };
    say!(
        "Built {} pages, {} assets, {} files into {} in {:.2} s ({errors} errors, {warnings} warnings); signed with {signer} {}",
        report.pages,
        report.assets,
        report.files,
        report.out.display(),
        report.elapsed.as_secs_f64(),
        report.signer.key_id
    );
    Ok(ExitCode::SUCCESS)
}

fn check(source: &SourceArgs, upstream: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut compiled = bundle::compile(&source.source, &source.options(), None)?;
    if let Some(upstream) = upstream {
        // Upstream's own problems are not ours to report; only its anchors matter here.
        let theirs = bundle::compile(upstream, &BuildOptions::default(), None)
            .with_context(|| format!("cannot read the upstream docs at {}", upstream.display()))?;
        let report = bundle::upstream_anchors::unresolved(&compiled, &theirs);
        say!(
            "Compared {} upstream pages: {} of {} upstream anchors land nowhere",
            report.pages_compared,
            report.unresolved.len(),
            report.anchors_checked
        );
        compiled.diagnostics.extend(report.unresolved);
    }
    let (errors, warnings) = print_diagnostics(&compiled.diagnostics);
    let census = bundle::census::census(&compiled);
    if !census.is_empty() {
        out!("Components met, and how each is rendered offline:");
        for line in bundle::census::format(&census) {
            say!("{line}");
        }
    }
    // Notes, not warnings: people write the summaries, so --strict does not fail on them.
    for id in &compiled.summaries_missing {
        let id = palette_docs_core::terminal::escape_keeping_lines(id);
        eprintln!("note: {id}: summary missing; add [{id}] with summary = \"…\" to advisories/summaries.toml");
    }
    say!(
        "Checked {} pages and {} advisories ({} without our summary): {errors} errors, {warnings} warnings",
        compiled.pages.len(),
        compiled.advisories.len(),
        compiled.summaries_missing.len()
    );
    let failed = errors > 0 || (source.strict && warnings > 0);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

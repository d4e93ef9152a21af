//! `palette-docs cve import|list|show`: bring upstream advisory facts into our data files, and read
//! the advisories of a snapshot from the terminal (a table, or JSON for scripts).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use palette_docs_core::advisories::{self, import, store, Advisory, Filter};
use palette_docs_core::library::Library;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Extract advisory facts from an upstream Security Bulletins folder into our data files
    /// (facts refreshed on every run; our summaries.toml is never written).
    Import {
        /// The upstream `security-bulletins` folder (holding reports/*.md and reports/reports.mdx).
        #[arg(long, value_name = "FOLDER")]
        from: PathBuf,
        /// Our advisory data folder, e.g. docs-bundle/advisories.
        #[arg(long, value_name = "FOLDER")]
        into: PathBuf,
        /// Our older prose page to take records from too (default: docs/security-bulletins/cve-reports.md next to --into).
        #[arg(long, value_name = "FILE")]
        prose: Option<PathBuf>,
    },
    /// List the snapshot's advisories, optionally filtered.
    List {
        /// Edition (product) name, any case: "Palette VerteX airgap", or a part of it like "vertex".
        #[arg(long)]
        edition: Option<String>,
        /// Product version, e.g. 4.5.8.
        #[arg(long)]
        version: Option<String>,
        /// Status, e.g. ongoing or resolved.
        #[arg(long)]
        status: Option<String>,
        /// Lowest CVSS score to list (0–10).
        #[arg(long, value_name = "X")]
        min_score: Option<String>,
        /// Print the records as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one advisory by id (CVE-2024-21626, cve-2024-21626 or 2024-21626).
    Show {
        #[arg(value_name = "ID")]
        id: String,
        /// Print the record as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(bundle: Option<PathBuf>, cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Import { from, into, prose } => import_cmd(&from, &into, prose.as_deref()),
        Command::List {
            edition,
            version,
            status,
            min_score,
            json,
        } => {
            let filter = Filter::parse(
                edition.as_deref(),
                version.as_deref(),
                status.as_deref(),
                min_score.as_deref(),
            )?;
            let records = records(bundle.as_deref())?;
            let chosen = filter.apply(&records);
            if json {
                out!("{}", serde_json::to_string_pretty(&chosen)?);
            } else {
                print_table(&chosen);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, json } => {
            let records = records(bundle.as_deref())?;
            let Some(a) = advisories::find(&records, &id) else {
                anyhow::bail!(
                    "this snapshot has no advisory `{id}`; run `palette-docs cve list` to see the ids it has"
                );
            };
            if json {
                out!("{}", serde_json::to_string_pretty(a)?);
            } else {
                print_one(a);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The snapshot's records. Only `advisories.json` is read and checked (the manifest's signature and
/// that file's hash), not every page: a listing stays quick on a snapshot of thousands of advisories.
fn records(bundle: Option<&Path>) -> anyhow::Result<Vec<Advisory>> {
    let (bytes, notice) = super::context::read_snapshot(bundle, |default, requested| {
        Library::read_file_for_app(default, requested, advisories::SNAPSHOT_FILE)
    })?;
    if let Some(notice) = &notice {
        eprintln!(
            "warning: {}",
            palette_docs_core::terminal::escape_keeping_lines(notice)
        );
    }
    Ok(match bytes {
        Some(bytes) => advisories::from_snapshot_file(&bytes)?,
        None => Vec::new(),
    })
}

fn or_dash(v: Option<&str>) -> &str {
    v.unwrap_or("—")
}

fn print_table(list: &[&Advisory]) {
    let rows: Vec<[String; 6]> = list
        .iter()
        .map(|a| {
            [
                a.id.clone(),
                a.score.map_or("—".into(), |s| format!("{s:.1}")),
                a.severity.map_or("—", |b| b.as_str()).to_string(),
                or_dash(a.status.as_deref()).to_string(),
                or_dash(a.last_update.as_deref()).to_string(),
                or_dash(a.component.as_deref()).to_string(),
            ]
        })
        .collect();
    let header = [
        "ID",
        "SCORE",
        "SEVERITY",
        "STATUS",
        "LAST UPDATE",
        "COMPONENT",
    ];
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w - cell.chars().count();
            if i == 1 {
                out.push_str(&" ".repeat(pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                if i + 1 < cells.len() {
                    out.push_str(&" ".repeat(pad));
                }
            }
            if i + 1 < cells.len() {
                out.push_str("  ");
            }
        }
        out
    };
    if !rows.is_empty() {
        say!("{}", line(header.to_vec()));
        for row in &rows {
            say!("{}", line(row.iter().map(String::as_str).collect()));
        }
        say!();
    }
    let n = rows.len();
    say!("{n} {}", if n == 1 { "advisory" } else { "advisories" });
}

fn print_one(a: &Advisory) {
    say!("{}", a.id);
    if let Some(s) = &a.summary {
        say!("\n{s}\n");
    }
    let score = match (a.score, a.severity) {
        (Some(s), Some(b)) => format!("{s:.1} ({})", b.as_str()),
        _ => "—".into(),
    };
    say!("Score:           {score}");
    say!("Status:          {}", or_dash(a.status.as_deref()));
    say!("First published: {}", or_dash(a.first_published.as_deref()));
    say!("Last update:     {}", or_dash(a.last_update.as_deref()));
    say!("Component:       {}", or_dash(a.component.as_deref()));
    say!("Page:            {}", a.route);
    say!("Advisory:        {}", or_dash(a.url.as_deref()));
    if !a.affected.is_empty() {
        say!("\nAffected:");
        for x in &a.affected {
            say!("  {} {}", x.product, x.version);
        }
    }
    if !a.revisions.is_empty() {
        say!("\nRevisions:");
        for r in &a.revisions {
            say!("  {}  {}", r.date, r.change);
        }
    }
}

fn import_cmd(from: &Path, into: &Path, prose_page: Option<&Path>) -> anyhow::Result<ExitCode> {
    let prose_page = prose_page.map(Path::to_path_buf).or_else(|| {
        let p = into
            .parent()?
            .join("docs/security-bulletins/cve-reports.md");
        p.is_file().then_some(p)
    });
    let report = import::import_into(from, into, prose_page.as_deref())?;
    for d in report.problems.iter().chain(&report.disagreements) {
        eprintln!(
            "{}",
            palette_docs_core::terminal::escape_keeping_lines(&d.to_string())
        );
    }
    if let Some(page) = &prose_page {
        say!(
            "Read {} write-ups from {}",
            report.prose_read,
            page.display()
        );
    }
    let new_missing: Vec<&String> = report
        .new
        .iter()
        .filter(|id| report.summary_missing.contains(id))
        .collect();
    if !new_missing.is_empty() {
        say!("New advisories without our summary:");
        for id in &new_missing {
            say!("  {id}");
        }
    }
    say!(
        "Wrote {} advisories into {} ({} new; {} without a summary; {} problems, {} report/table disagreements). {} was left untouched.",
        report.written,
        into.join(store::FACTS_FILE).display(),
        report.new.len(),
        report.summary_missing.len(),
        report.problems.len(),
        report.disagreements.len(),
        store::SUMMARIES_FILE
    );
    Ok(ExitCode::SUCCESS)
}

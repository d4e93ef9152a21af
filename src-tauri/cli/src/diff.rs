//! `palette-docs bundle diff OLD NEW [--json]`: what changed between two snapshots, as a readable
//! summary or as JSON.

use std::fmt::Write as _;
use std::process::ExitCode;

use palette_docs_core::diff::{self, CacheUse, Places, SnapshotDiff};
use palette_docs_core::library;

use super::context;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The older snapshot: a compiled snapshot folder, a .pdsnap file or an installed id (see `bundle list`).
    #[arg(value_name = "OLD")]
    old: String,
    /// The newer snapshot, named the same ways.
    #[arg(value_name = "NEW")]
    new: String,
    /// Print the whole diff as JSON (sections' word-level changes included).
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let library_dir = library::library_dir().ok();
    let default_dir = context::default_bundle_dir().ok();
    let trust = library::trust_store();
    let places = Places {
        library_dir: library_dir.as_deref(),
        default_dir: default_dir.as_deref(),
        trust: &trust,
    };
    let outcome = diff::diff_named(&args.old, &args.new, &places)?;
    if args.json {
        out!("{}", serde_json::to_string_pretty(&outcome.diff)?);
    } else {
        say!("{}", summary(&outcome.diff).trim_end_matches('\n'));
    }
    match outcome.cache {
        CacheUse::Reused => eprintln!("(read from the library's cache of computed diffs)"),
        CacheUse::Stored => eprintln!("(kept in the library next to the newer snapshot)"),
        CacheUse::NotKept => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// The diff as a few readable lines per kind of change.
fn summary(d: &SnapshotDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({}) → {} ({})",
        d.to.name, d.from.version, d.from.date, d.to.version, d.to.date
    );
    if d.is_empty() {
        out.push_str("No changes: both snapshots show the same pages and advisories.\n");
        return out;
    }
    let p = &d.pages;
    let _ = writeln!(
        out,
        "\nPages: {} added, {} removed, {} moved, {} changed",
        p.added.len(),
        p.removed.len(),
        p.moved.len(),
        p.changed.len()
    );
    for route in &p.added {
        let _ = writeln!(out, "  added    {route}");
    }
    for route in &p.removed {
        let _ = writeln!(out, "  removed  {route}");
    }
    for m in &p.moved {
        let _ = writeln!(out, "  moved    {} → {}", m.from, m.to);
    }
    for c in &p.changed {
        let mut what: Vec<String> = c.fields.clone();
        let sections: Vec<String> = c
            .details
            .iter()
            .map(|s| {
                let name = if s.anchor.is_empty() {
                    "introduction".to_string()
                } else {
                    format!("#{}", s.anchor)
                };
                match s.status {
                    diff::SectionStatus::Added => format!("{name} (new)"),
                    diff::SectionStatus::Removed => format!("{name} (gone)"),
                    diff::SectionStatus::Changed => name,
                }
            })
            .collect();
        if !sections.is_empty() {
            what.push(format!("sections {}", sections.join(", ")));
        }
        let _ = writeln!(
            out,
            "  changed  {} ({}): {}",
            c.route,
            c.title,
            what.join("; ")
        );
    }
    let a = &d.advisories;
    let _ = writeln!(
        out,
        "\nAdvisories: {} added, {} removed, {} changed",
        a.added.len(),
        a.removed.len(),
        a.changed.len()
    );
    for id in &a.added {
        let _ = writeln!(out, "  added    {id}");
    }
    for id in &a.removed {
        let _ = writeln!(out, "  removed  {id}");
    }
    for c in &a.changed {
        let fields: Vec<String> = c
            .values
            .iter()
            .map(|v| match (&v.from, &v.to) {
                (serde_json::Value::String(_) | serde_json::Value::Number(_), _)
                | (_, serde_json::Value::String(_) | serde_json::Value::Number(_)) => {
                    format!("{} ({} → {})", v.field, v.from, v.to)
                }
                _ => v.field.clone(),
            })
            .collect();
        let _ = writeln!(out, "  changed  {}: {}", c.id, fields.join(", "));
    }
    out
}

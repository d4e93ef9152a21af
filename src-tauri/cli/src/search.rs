//! `palette-docs search`: ranked results in the terminal, or JSON for scripts.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use palette_docs_core::terminal::escape;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to look for (`tag:cve`, "quoted phrases" and prefixes work as in the app).
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// How many pages to list.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(bundle: Option<PathBuf>, args: Args) -> anyhow::Result<ExitCode> {
    let snapshot = super::context::open_library(bundle.as_deref())?.current();
    let query = args.query.join(" ");
    let results = snapshot.searcher.search(&query, args.limit.clamp(1, 100));
    if args.json {
        out!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(ExitCode::SUCCESS);
    }
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if let Some(c) = &results.corrected {
        say!("No exact matches; showing results for {}.\n", quoted(c));
    }
    if results.results.is_empty() {
        say!("No results for {}.", quoted(&query));
        return Ok(ExitCode::from(1));
    }
    for (i, hit) in results.results.iter().enumerate() {
        // Everything from the snapshot is escaped before this code adds its own colours.
        let title = escape(&match &hit.section {
            Some(s) => format!("{} › {s}", hit.page_title),
            None => hit.page_title.clone(),
        })
        .into_owned();
        let target = escape(&hit.target()).into_owned();
        if color {
            out!(
                "{:>2}. \x1b[1m{title}\x1b[0m  \x1b[2m{target}\x1b[0m",
                i + 1
            );
        } else {
            out!("{:>2}. {title}  {target}", i + 1);
        }
        out!("    {}", highlight(&hit.snippet_html, color));
        for more in &hit.more {
            say!(
                "    also: {}  {}",
                more.section.as_deref().unwrap_or(&more.page_title),
                more.target()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Snippet HTML to terminal text: `<mark>` becomes bold yellow on a TTY, entities are decoded, and
/// control characters in the text (an `&#27;` included) are escaped before the colours go in.
fn highlight(snippet_html: &str, color: bool) -> String {
    let (on, off) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "")
    };
    let text = |part: &str| escape(&palette_docs_core::html::unescape(part)).into_owned();
    snippet_html
        .split("<mark>")
        .map(|chunk| {
            chunk
                .split("</mark>")
                .map(text)
                .collect::<Vec<_>>()
                .join(off)
        })
        .collect::<Vec<_>>()
        .join(on)
}

/// A query as quoted in a message, its own quotes never doubled: a phrase query (`"FIPS 140-3"`) is already
/// quoted; a query with quotes inside gets typographic ones around it; any other gets straight ones.
fn quoted(query: &str) -> String {
    let one_phrase = query.len() >= 2
        && query.starts_with('"')
        && query.ends_with('"')
        && query[1..query.len() - 1].find('"').is_none();
    if one_phrase {
        query.to_string()
    } else if query.contains('"') {
        format!("“{query}”")
    } else {
        format!("\"{query}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::{highlight, quoted};

    #[test]
    fn snippets_cannot_drive_the_terminal() {
        let shown = highlight("a \u{1b}[2J &lt;<mark>b\u{1b}[H</mark> c", true);
        assert_eq!(shown, "a \\u{1b}[2J <\x1b[1;33mb\\u{1b}[H\x1b[0m c");
        assert_eq!(highlight("<mark>x</mark> &amp; y", false), "x & y");
    }

    #[test]
    fn queries_are_quoted_once() {
        assert_eq!(quoted("\"FIPS 140-3\""), "\"FIPS 140-3\"");
        assert_eq!(quoted("kubeconfig"), "\"kubeconfig\"");
        assert_eq!(quoted("tag:cve \"FIPS 140-3\""), "“tag:cve \"FIPS 140-3\"”");
        assert_eq!(quoted("\""), "“\"”");
    }
}

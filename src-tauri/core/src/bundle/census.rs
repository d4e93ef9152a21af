//! The component census `bundle check` prints: every MDX component, admonition, comment and image
//! the pages use, how each was rendered offline, and how often.

use std::collections::{BTreeMap, BTreeSet};

use super::build::Compiled;

/// One component rendered one way, with how often and on how many pages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CensusLine {
    pub component: String,
    pub rendered_as: String,
    pub uses: usize,
    pub pages: usize,
}

/// The census of a compiled tree, sorted by component, then rendering.
pub fn census(compiled: &Compiled) -> Vec<CensusLine> {
    let mut counts: BTreeMap<(&str, &str), (usize, BTreeSet<&str>)> = BTreeMap::new();
    for page in &compiled.pages {
        for used in &page.rendered.components {
            let entry = counts
                .entry((used.component.as_str(), used.rendered_as.as_str()))
                .or_default();
            entry.0 += 1;
            entry.1.insert(page.page.route.as_str());
        }
    }
    counts
        .into_iter()
        .map(|((component, rendered_as), (uses, pages))| CensusLine {
            component: component.to_string(),
            rendered_as: rendered_as.to_string(),
            uses,
            pages: pages.len(),
        })
        .collect()
}

/// The census as text lines for a terminal: `  <Tabs>  12 on 3 pages → tab set (buttons and panels)`.
pub fn format(lines: &[CensusLine]) -> Vec<String> {
    let width = lines
        .iter()
        .map(|l| display_name(&l.component).chars().count())
        .max()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            let name = display_name(&l.component);
            let pad = width.saturating_sub(name.chars().count());
            let pages = if l.pages == 1 { "page" } else { "pages" };
            format!(
                "  {name}{:pad$}  {:>4} on {:>3} {pages} → {}",
                "", l.uses, l.pages, l.rendered_as
            )
        })
        .collect()
}

/// Components show as tags (`<Tabs>`); admonitions, comments and images as they are written.
fn display_name(component: &str) -> String {
    if component.starts_with(|c: char| c.is_ascii_uppercase()) {
        format!("<{component}>")
    } else {
        component.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_align_and_name_tags() {
        let lines = format(&[
            CensusLine {
                component: "TpBadge".into(),
                rendered_as: "Tech Preview badge".into(),
                uses: 3,
                pages: 2,
            },
            CensusLine {
                component: ":::tip".into(),
                rendered_as: "admonition box (tip)".into(),
                uses: 1,
                pages: 1,
            },
        ]);
        assert_eq!(
            lines,
            [
                "  <TpBadge>     3 on   2 pages → Tech Preview badge",
                "  :::tip        1 on   1 page → admonition box (tip)",
            ]
        );
    }
}

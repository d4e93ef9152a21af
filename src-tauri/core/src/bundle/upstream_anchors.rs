//! Upstream anchors that no longer land: compares the heading ids of an upstream docs tree with the
//! element ids (headings and `anchor_aliases`) of the pages that retell them.

use std::collections::{BTreeMap, BTreeSet};

use super::build::{Compiled, CompiledPage};
use crate::diagnostics::{Diagnostic, Severity};

/// The outcome of comparing a snapshot with its upstream tree.
#[derive(Debug, Default)]
pub struct AnchorReport {
    /// Upstream pages that have a counterpart in the snapshot, and so were compared.
    pub pages_compared: usize,
    /// Upstream heading anchors looked up on those counterparts.
    pub anchors_checked: usize,
    /// One warning per upstream anchor that lands nowhere on its counterpart.
    pub unresolved: Vec<Diagnostic>,
}

/// Every `id="…"` of a page's final HTML: headings and alias anchors alike, after sanitizing.
pub fn element_ids(html: &str) -> BTreeSet<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(id, _)| id))
        .collect()
}

/// The snapshot page that retells the upstream page at `upstream_rel`: the same docs path, or else
/// the page whose path ends the other one at a folder boundary — a section moved
/// (`security/security-bulletins/x.md` → `security-bulletins/x.md`), or the upstream root is one
/// section (`lifecycle/x.md` → `security/lifecycle/x.md`). The closest match wins.
pub fn counterpart<'a>(upstream_rel: &str, ours: &'a Compiled) -> Option<&'a CompiledPage> {
    let ends = |long: &str, short: &str| {
        long.strip_suffix(short)
            .is_some_and(|head| head.is_empty() || head.ends_with('/'))
    };
    ours.pages
        .iter()
        .filter(|p| {
            let rel = p.page.source_path.as_str();
            ends(upstream_rel, rel) || ends(rel, upstream_rel)
        })
        .min_by_key(|p| p.page.source_path.len().abs_diff(upstream_rel.len()))
}

/// Lists the heading anchors of `upstream` pages that resolve neither as a heading id nor as an
/// alias on the snapshot page that retells them. Upstream pages without a counterpart are skipped.
pub fn unresolved(ours: &Compiled, upstream: &Compiled) -> AnchorReport {
    let mut report = AnchorReport::default();
    let ids: BTreeMap<&str, BTreeSet<&str>> = ours
        .pages
        .iter()
        .map(|p| (p.page.source_path.as_str(), element_ids(&p.page.html)))
        .collect();
    for page in &upstream.pages {
        let Some(ours_page) = counterpart(&page.page.source_path, ours) else {
            continue;
        };
        report.pages_compared += 1;
        let rel = ours_page.page.source_path.as_str();
        let known = ids.get(rel);
        for heading in &page.page.headings {
            report.anchors_checked += 1;
            let lands = |id: &str| known.is_some_and(|k| k.contains(id));
            if lands(&heading.id) || cve_in(&heading.id).is_some_and(lands) {
                continue;
            }
            report.unresolved.push(
                Diagnostic::new(
                    Severity::Warning,
                    1,
                    format!(
                        "upstream anchor `{}#{}` (heading \"{}\") lands nowhere on {}; add it to this page's `anchor_aliases` under the heading it now belongs to",
                        page.page.source_path, heading.id, heading.text, ours_page.page.route
                    ),
                )
                .in_file(rel),
            );
        }
    }
    report
}

/// The CVE id inside an anchor (`september-01-2023---cve-2023-29402---go-get-…` → `cve-2023-29402`).
/// The reader sends a link whose anchor is not on the page but names a CVE to that CVE's report
/// (ui/js/router.js), so the vendor's dated report anchors need no alias holding their heading text.
pub fn cve_in(anchor: &str) -> Option<&str> {
    let bytes = anchor.as_bytes();
    (0..bytes.len()).find_map(|i| {
        let rest = anchor.get(i..)?;
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let tail = rest.strip_prefix("cve-")?;
        (digits(tail) == 4 && tail.as_bytes().get(4) == Some(&b'-')).then_some(())?;
        let n = digits(tail.get(5..)?);
        (n >= 4).then(|| &anchor[i..i + 4 + 5 + n])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cve_id_inside_an_anchor_is_found() {
        assert_eq!(
            cve_in("may-01-2031---cve-2031-12345-made-up-title"),
            Some("cve-2031-12345")
        );
        assert_eq!(cve_in("cve-2031-0001"), Some("cve-2031-0001"));
        assert_eq!(cve_in("impact-9"), None);
        assert_eq!(cve_in("cve-31-0001"), None);
        assert_eq!(cve_in("cve-2031-12"), None);
    }

    #[test]
    fn ids_come_from_every_element() {
        let html = r##"<span id="old" class="anchor-alias"></span><h2 id="new">New <a href="#new">#</a></h2><p>x id=&quot;no&quot;</p>"##;
        assert_eq!(
            element_ids(html).into_iter().collect::<Vec<_>>(),
            ["new", "old"]
        );
    }
}

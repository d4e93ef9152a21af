//! Bench inputs: the realistic query list and a synthetic N-page corpus mixed from the upstream sections.
//!
//! The synthetic corpus is generated in memory at bench time (never committed): pages of 2–7 sections
//! whose sentences are shuffled across upstream sections, so the vocabulary is real operator text.
#![allow(dead_code)]

use palette_docs_core::search::SearchDoc;

/// Queries an operator would type; every prefix of each is a simulated keystroke.
pub const BENCH_QUERIES: &[&str] = &[
    "data encryption",
    "how are passwords stored",
    "CVE-2023-39323",
    "tenant key rotation",
    "login banner",
    "password policy",
    "api key management",
    "kubeconfig",
    "us-east-1",
    "spectro_public_key.pem",
    "ECDSA-P256",
    "FIPS compliant images",
    "verify artifact signatures",
    "secure configuration baseline",
    "session timeout",
    "multi-factor authentication",
    "least privilege",
    "container image scanning",
    "kubernetes hardening",
    "CIS benchmarks",
    "SBOM scan",
    "openssh vulnerability",
    "sudo vulnerability",
    "nginx ingress annotation",
    "4.7.0",
    "self-hosted deployment secrets",
    "penetration testing",
    "release process checklist",
    "HTTP/2 denial of service",
    "tls certificates",
];

/// Pages asked for per keystroke: what the reader's search box requests (`ui/js/api.js`, the API default).
pub const UI_LIMIT: usize = 20;

/// Every prefix of every query (at character boundaries), in typing order.
pub fn keystrokes(queries: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for q in queries {
        for (i, c) in q.char_indices() {
            out.push(q[..i + c.len_utf8()].to_string());
        }
    }
    out
}

/// Deterministic xorshift; the bench needs repeatable corpora, not good randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `pages` synthetic pages built from `source` sections (which must not be empty).
pub fn synthetic_docs(source: &[SearchDoc], pages: usize) -> Vec<SearchDoc> {
    let sections: Vec<&SearchDoc> = source.iter().filter(|d| !d.body.is_empty()).collect();
    if sections.is_empty() {
        return Vec::new();
    }
    let sentences: Vec<Vec<&str>> = sections
        .iter()
        .map(|d| d.body.split(". ").filter(|s| !s.is_empty()).collect())
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::new();
    for page in 0..pages {
        let a = rng.below(sections.len());
        let title = format!(
            "{} {}",
            sections[a]
                .section
                .as_deref()
                .unwrap_or(&sections[a].page_title),
            sections[rng.below(sections.len())].page_title
        );
        let route = format!("/synthetic/{}-{page}/", slug(&title));
        let n = 2 + rng.below(6);
        for s in 0..n {
            let x = rng.below(sections.len());
            let y = rng.below(sections.len());
            let mut body: Vec<&str> = sentences[x].iter().chain(&sentences[y]).copied().collect();
            for i in (1..body.len()).rev() {
                body.swap(i, rng.below(i + 1));
            }
            body.truncate(4 + rng.below(12));
            let heading = sections[x]
                .section
                .clone()
                .unwrap_or_else(|| sections[x].page_title.clone());
            out.push(SearchDoc {
                route: route.clone(),
                anchor: (s > 0).then(|| format!("{}-{s}", slug(&heading))),
                page_title: title.clone(),
                section: (s > 0).then_some(heading),
                breadcrumbs: vec![
                    "Synthetic".into(),
                    sections[x].breadcrumbs.last().cloned().unwrap_or_default(),
                ],
                body: body.join(". "),
                tags: sections[x].tags.clone(),
            });
        }
    }
    out
}

/// Bytes the docs would take as markdown (frontmatter title, `##` headings, text): the size yardstick.
pub fn markdown_bytes(docs: &[SearchDoc]) -> usize {
    let mut total = 0;
    let mut last_route = "";
    for d in docs {
        if d.route != last_route {
            total += "---\ntitle: \"\"\ntags: []\n---\n\n".len() + d.page_title.len();
            total += d.tags.iter().map(|t| t.len() + 4).sum::<usize>();
            last_route = &d.route;
        }
        total += d.section.as_ref().map_or(0, |s| s.len() + 5) + d.body.len() + 2;
    }
    total
}

fn slug(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

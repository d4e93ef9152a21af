//! Relevance over the real upstream Security pages: each query's expected page (and section) in the top 3.
//!
//! The corpus comes from one function, `upstream_docs()`; switch it to the bundle builder's render
//! output when that lands. Skipped with a message when `../shared/upstream` is absent (fails if CI=true).

use crate::upstream;

use palette_docs_core::search::{build_index, Searcher};

const SEC: &str = "/security/";
const PA: &str = "/security/product-architecture/";
const DE: &str = "/security/product-architecture/data-encryption/";
const TC: &str = "/security/product-architecture/tenant-cluster/";
const PS: &str = "/security/product-architecture/platform-security/";
const CR: &str = "/security/security-bulletins/cve-reports/";
const SCG: &str = "/security/secure-configuration-guide/";
const CP: &str = "/security/core-principles/";
const AS: &str = "/security/artifact-signatures/";
const ADV_RUNC: &str = "/security-bulletins/reports/cve-2024-21626/";

/// (query, expected route, expected anchor substring of the page's best section — when it matters).
const CASES: &[(&str, &str, Option<&str>)] = &[
    // Exact terms and titles.
    ("data encryption", DE, None),
    (
        "data at rest encryption",
        DE,
        Some("data-at-rest-encryption"),
    ),
    (
        "encryption in transit",
        DE,
        Some("data-in-transit-encryption"),
    ),
    ("tenant key", DE, Some("data-at-rest-encryption")),
    ("least privilege", CP, Some("least-privilege")),
    ("defense in depth", CP, Some("defense-in-depth")),
    ("secrets handling", CP, Some("secrets-handling")),
    ("login banner", SCG, Some("login-banner")),
    ("password policy", SCG, Some("password-policy")),
    ("api key management", SCG, Some("api-key-management")),
    ("separation of duties", SCG, Some("separation-of-duties")),
    (
        "release process checklist",
        "/security/lifecycle/release-process/",
        Some("checklist"),
    ),
    (
        "penetration testing",
        "/security/vulnerability-management/",
        None,
    ),
    (
        "hardened operating system",
        TC,
        Some("hardened-operating-system"),
    ),
    ("container security", PS, Some("container-security")),
    ("kubernetes hardening", PS, Some("kubernetes-hardening")),
    ("twistlock", TC, Some("hardened-containers")),
    ("SBOM", TC, Some("compliance")),
    ("multi-tenancy", PA, Some("multi-tenancy")),
    (
        "self-hosted operation",
        "/security/product-architecture/self-hosted-operation/",
        None,
    ),
    // Upstream gives the CVE index `slug: "index"`, so its route ends in `/index/`.
    ("cve index", "/security/security-bulletins/index/", None),
    (
        "report security issues",
        SEC,
        Some("report-security-issues"),
    ),
    // Natural questions.
    ("how are passwords stored", PA, Some("authentication")),
    (
        "how is data encrypted at rest",
        DE,
        Some("data-at-rest-encryption"),
    ),
    (
        "how do I verify artifact signatures",
        AS,
        Some("verify-artifact-signatures"),
    ),
    (
        "what happens to api keys when a user is deleted",
        SCG,
        Some("api-key-management"),
    ),
    // Operator vocabulary, ids and versions.
    ("CVE-2023-39323", CR, Some("cve-2023-39323")),
    ("2023-44487", CR, Some("cve-2023-44487")),
    ("39323", CR, Some("cve-2023-39323")),
    ("CVE-2022-1292", CR, Some("cve-2022-1292")),
    ("c_rehash", CR, Some("cve-2022-1292")),
    ("openssh vulnerability", CR, Some("cve-2023-38408")),
    ("sudoedit", CR, Some("cve-2023-22809")),
    ("ECDSA-P256", AS, None),
    ("spectro_public_key.pem", AS, None),
    ("4.7.0", AS, None),
    ("us-east-1", PA, Some("secure-product-architecture")),
    ("kubeconfig", PA, Some("multi-tenancy")),
    ("--enable-annotation-validation", CR, None),
    // Advisory ids in every spelling put the advisory's page first; advisory sections do not bury the
    // page that explains the topic.
    ("CVE-2024-21626", ADV_RUNC, None),
    ("cve-2024-21626", ADV_RUNC, None),
    ("2024-21626", ADV_RUNC, None),
    (
        "GHSA-74fp-r6jw-h4mp",
        "/security-bulletins/reports/ghsa-74fp-r6jw-h4mp/",
        None,
    ),
    (
        "NIST CVE severity",
        "/security/vulnerability-management/",
        None,
    ),
    (
        "CVE-2023-37920",
        "/security-bulletins/reports/cve-2023-37920/",
        None,
    ),
    (
        "ghsa-m425-mq94-257g",
        "/security-bulletins/reports/ghsa-m425-mq94-257g/",
        None,
    ),
    // A component names its advisories (the upstream tables' "Third-party component").
    (
        "Certifi",
        "/security-bulletins/reports/cve-2023-37920/",
        None,
    ),
    (
        "MiniZip",
        "/security-bulletins/reports/cve-2023-45853/",
        None,
    ),
    (
        "Libcurl",
        "/security-bulletins/reports/cve-2024-6197/",
        None,
    ),
    (
        "Jansson",
        "/security-bulletins/reports/cve-2020-36325/",
        None,
    ),
    // Typeahead prefixes.
    ("encry", DE, None),
    ("tenant clus", TC, None),
    ("login ban", SCG, Some("login-banner")),
    (
        "vulnerability manag",
        "/security/vulnerability-management/",
        None,
    ),
    // Typos.
    ("encyption", DE, None),
    ("pasword policy", SCG, Some("password-policy")),
    (
        "penetraton testing",
        "/security/vulnerability-management/",
        None,
    ),
];

/// A searcher over the upstream Security pages (in a temp folder that lives as long as the answer)
/// and how many sections it holds, or `None` after recording that `test` was skipped.
fn upstream_searcher(test: &str) -> Option<(tempfile::TempDir, Searcher, usize)> {
    let docs = upstream::upstream_docs();
    if docs.is_empty() {
        crate::shared_input::skipped(test, "../shared/upstream not found");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("search");
    build_index(&path, &docs).expect("index builds");
    let searcher = Searcher::open(&path).expect("index opens");
    Some((dir, searcher, docs.len()))
}

/// Components with many advisories: their name finds several of them in the top 10, and one in the
/// top 3 unless pages about the tool itself lead (OpenSSL: verifying artifact signatures with it, and
/// the two pages of long CVE write-ups, most about OpenSSL, are fair first answers).
#[test]
fn components_find_their_advisories() {
    let Some((_dir, searcher, _)) =
        upstream_searcher("search_relevance::components_find_their_advisories")
    else {
        return;
    };
    // Our records (checked against every upstream report by the advisories test) say which
    // advisories name each component.
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs-bundle/advisories/advisories.json");
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&data).expect("advisories.json")).expect("json");
    for component in ["MongoDB", "Go Project", "OpenSSL"] {
        let routes: Vec<String> = records
            .iter()
            .filter(|r| r["component"].as_str() == Some(component))
            .map(|r| {
                format!(
                    "/security-bulletins/reports/{}/",
                    r["id"].as_str().expect("id").to_lowercase()
                )
            })
            .collect();
        assert!(routes.len() >= 3, "{component} has several advisories");
        let r = searcher.search(component, 10);
        let ranks: Vec<usize> = r
            .results
            .iter()
            .enumerate()
            .filter(|(_, h)| routes.contains(&h.route))
            .map(|(i, _)| i + 1)
            .collect();
        let got: Vec<&str> = r.results.iter().map(|h| h.route.as_str()).collect();
        assert!(
            ranks.first().is_some_and(|&r| r <= 3) && ranks.len() >= 3,
            "{component}: its advisories rank {ranks:?} in {got:#?}"
        );
    }
}

#[test]
fn upstream_security_queries_rank_in_the_top_three() {
    let Some((dir, searcher, sections)) =
        upstream_searcher("search_relevance::upstream_security_queries_rank_in_the_top_three")
    else {
        return;
    };
    let path = dir.path().join("search");
    let index_bytes: u64 = std::fs::read_dir(&path)
        .expect("index dir")
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    let markdown = upstream::upstream_markdown_bytes();
    println!(
        "index {index_bytes} bytes for {markdown} bytes of markdown = {:.2}x",
        index_bytes as f64 / markdown.max(1) as f64
    );

    let mut reciprocal = 0.0;
    let mut failures = Vec::new();
    for &(query, route, anchor) in CASES {
        let r = searcher.search(query, 10);
        let rank = r.results.iter().position(|h| {
            h.route == route
                && anchor.map_or(true, |a| h.anchor.as_deref().is_some_and(|x| x.contains(a)))
        });
        match rank {
            Some(i) if i < 3 => reciprocal += 1.0 / (i as f64 + 1.0),
            _ => {
                let got: Vec<String> = r.results.iter().take(3).map(|h| h.target()).collect();
                failures.push(format!(
                    "{query:?}: expected {route}#{} in top 3 (rank {:?}, corrected {:?}); got {got:#?}",
                    anchor.unwrap_or("*"),
                    rank.map(|i| i + 1),
                    r.corrected
                ));
            }
        }
    }
    let mrr = reciprocal / CASES.len() as f64;
    println!(
        "search relevance: {} queries, {} sections, MRR = {mrr:.3}",
        CASES.len(),
        sections
    );
    assert!(CASES.len() >= 30);
    assert!(
        failures.is_empty(),
        "{} queries missed the top 3:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(mrr >= 0.8, "MRR {mrr:.3} < 0.8");
}

//! Search behaviour on small synthetic documents: one test per rule of the search contract.

use palette_docs_core::search::{build_index, Hit, SearchDoc, SearchResults, Searcher};

fn doc(
    route: &str,
    anchor: Option<&str>,
    title: &str,
    section: Option<&str>,
    body: &str,
    tags: &[&str],
) -> SearchDoc {
    SearchDoc {
        route: route.into(),
        anchor: anchor.map(Into::into),
        page_title: title.into(),
        section: section.map(Into::into),
        breadcrumbs: vec!["Security".into(), "Security Bulletins".into()],
        body: body.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
    }
}

fn corpus() -> Vec<SearchDoc> {
    vec![
        doc("/sec/encryption/", None, "Data Encryption", None, "How tenant data is protected.", &["security"]),
        doc(
            "/sec/encryption/",
            Some("at-rest"),
            "Data Encryption",
            Some("Data At Rest Encryption"),
            "Tenant data is encrypted with a tenant key. The root key encrypts the tenant key.",
            &["security"],
        ),
        doc(
            "/sec/encryption/",
            Some("in-transit"),
            "Data Encryption",
            Some("Data In Transit Encryption"),
            "All traffic uses TLS. Modules are FIPS 140-3 validated and keys use ECDSA-P256.",
            &["security"],
        ),
        doc(
            "/sec/bulletins/",
            Some("cve-2023-39323"),
            "CVE Reports",
            Some("CVE-2023-39323 Line directives"),
            "Line directives can bypass cgo restrictions. Fixed in 4.7.0 and later.",
            &["security", "cve"],
        ),
        doc(
            "/sec/bulletins/",
            Some("cve-2023-44487"),
            "CVE Reports",
            Some("CVE-2023-44487 HTTP/2 Denial of Service"),
            "Rapid reset attacks. Upgrade to 4.1.0.",
            &["security", "cve"],
        ),
        doc(
            "/ops/cli/",
            Some("kubectl"),
            "Cluster Access",
            Some("Using kubectl"),
            "Run kubectl get pods --kubeconfig admin.yaml to list pods in us-east-1. \
             The signing key is spectro_public_key.pem.",
            &["operations"],
        ),
        doc(
            "/ops/passwords/",
            None,
            "Password Policy",
            None,
            "Passwords are stored as salted one-way hashes. <script>alert('x')</script> is not run.",
            &["security"],
        ),
        doc(
            "/ops/stemming/",
            None,
            "Key Rotation",
            None,
            "The operator rotates keys. Rotation of the encrypting keys happens yearly.",
            &[],
        ),
    ]
}

fn open(docs: &[SearchDoc]) -> (tempfile::TempDir, Searcher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("search");
    build_index(&path, docs).expect("index builds");
    let searcher = Searcher::open(&path).expect("index opens");
    (dir, searcher)
}

fn routes(r: &SearchResults) -> Vec<String> {
    r.results.iter().map(Hit::target).collect()
}

fn top(s: &Searcher, q: &str) -> String {
    let r = s.search(q, 10);
    r.results
        .first()
        .map(Hit::target)
        .unwrap_or_else(|| format!("nothing for {q:?}"))
}

#[test]
fn operator_vocabulary_is_found_as_typed() {
    let (_d, s) = open(&corpus());
    for q in ["CVE-2023-39323", "2023-39323", "39323", "cve-2023-39323 "] {
        assert_eq!(top(&s, q), "/sec/bulletins/#cve-2023-39323", "query {q}");
    }
    assert_eq!(top(&s, "FIPS 140-3"), "/sec/encryption/#in-transit");
    assert_eq!(top(&s, "\"FIPS 140-3\""), "/sec/encryption/#in-transit");
    assert_eq!(top(&s, "ECDSA-P256"), "/sec/encryption/#in-transit");
    assert_eq!(top(&s, "P256"), "/sec/encryption/#in-transit");
    for q in [
        "kubectl get pods",
        "--kubeconfig",
        "us-east-1",
        "spectro_public_key.pem",
        "admin.yaml",
    ] {
        assert_eq!(top(&s, q), "/ops/cli/#kubectl", "query {q}");
    }
    assert_eq!(top(&s, "4.7.0"), "/sec/bulletins/#cve-2023-39323");
    assert_eq!(top(&s, "4.1.0"), "/sec/bulletins/#cve-2023-44487");
}

#[test]
fn last_word_is_a_prefix_earlier_words_are_whole() {
    let (_d, s) = open(&corpus());
    assert_eq!(s.search("encry", 10).results[0].route, "/sec/encryption/");
    assert_eq!(top(&s, "kubec"), "/ops/cli/#kubectl");
    assert_eq!(top(&s, "tenant ro"), "/sec/encryption/#at-rest");
    // "ro" is not a word: as a non-final word it must match whole, so only "tenant"-less docs fall away.
    let r = s.search("ro tenant ", 10);
    assert!(
        r.results.iter().all(|h| h.route == "/sec/encryption/"),
        "{:?}",
        routes(&r)
    );
}

#[test]
fn exact_words_rank_above_stems() {
    let docs = vec![
        doc(
            "/stem/",
            None,
            "A",
            None,
            "the service encrypted the keys",
            &[],
        ),
        doc(
            "/exact/",
            None,
            "B",
            None,
            "the service encrypting the keys",
            &[],
        ),
    ];
    let (_d, s) = open(&docs);
    let r = s.search("encrypting ", 10);
    assert_eq!(
        routes(&r),
        ["/exact/", "/stem/"],
        "exact first, stem still found"
    );
}

#[test]
fn title_outranks_heading_outranks_body() {
    let docs = vec![
        doc("/body/", None, "Alpha", None, "mentions zebra once", &[]),
        doc(
            "/heading/",
            Some("z"),
            "Beta",
            Some("Zebra"),
            "nothing",
            &[],
        ),
        doc("/title/", None, "Zebra Guide", None, "nothing", &[]),
        doc("/tag/", None, "Gamma", None, "nothing", &["zebra"]),
    ];
    let (_d, s) = open(&docs);
    let r = s.search("zebra ", 10);
    let order: Vec<&str> = r.results.iter().map(|h| h.route.as_str()).collect();
    assert_eq!(order, ["/title/", "/heading/", "/tag/", "/body/"]);
}

#[test]
fn all_terms_rank_above_any_term() {
    let docs = vec![
        doc(
            "/one/",
            None,
            "Keys",
            None,
            "key key key key key rotation",
            &[],
        ),
        doc("/both/", None, "Other", None, "a vault stores the key", &[]),
        doc("/vault/", None, "Vault", None, "vault vault vault", &[]),
    ];
    let (_d, s) = open(&docs);
    let r = s.search("vault key ", 10);
    assert_eq!(r.results[0].route, "/both/", "{:?}", routes(&r));
    assert_eq!(r.results.len(), 3);
}

#[test]
fn quoted_phrases_match_in_order() {
    let docs = vec![
        doc("/in-order/", None, "A", None, "the root key encrypts", &[]),
        doc("/reversed/", None, "B", None, "the key root encrypts", &[]),
    ];
    let (_d, s) = open(&docs);
    let r = s.search("\"root key\"", 10);
    assert_eq!(routes(&r), ["/in-order/"]);
}

#[test]
fn typos_are_corrected_and_reported() {
    let (_d, s) = open(&corpus());
    let r = s.search("encyption", 10);
    assert_eq!(r.corrected.as_deref(), Some("encryption"));
    assert_eq!(r.results[0].route, "/sec/encryption/");
    let r = s.search("tenant encyption keys", 10);
    assert_eq!(r.corrected.as_deref(), Some("tenant encryption keys"));
    let r = s.search("kubeconfgi", 10);
    assert_eq!(r.corrected.as_deref(), Some("kubeconfig"));
    // Short words and exact matches are never "corrected".
    assert_eq!(s.search("tls", 10).corrected, None);
    assert_eq!(s.search("encryption", 10).corrected, None);
    assert_eq!(s.search("xyzzyq", 10).results.len(), 0);
}

#[test]
fn results_are_grouped_by_page_best_section_first() {
    let (_d, s) = open(&corpus());
    let r = s.search("tenant key ", 10);
    let first = &r.results[0];
    assert_eq!(first.target(), "/sec/encryption/#at-rest");
    let more: Vec<String> = first.more.iter().map(Hit::target).collect();
    // Other sections of the page sit beneath: all-words matches before any-word ones.
    assert_eq!(more, ["/sec/encryption/", "/sec/encryption/#in-transit"]);
    let pages: Vec<&str> = r.results.iter().map(|h| h.route.as_str()).collect();
    let mut dedup = pages.clone();
    dedup.dedup();
    assert_eq!(pages, dedup, "each page appears once");
    assert_eq!(first.breadcrumbs, ["Security", "Security Bulletins"]);
    assert_eq!(first.section.as_deref(), Some("Data At Rest Encryption"));
    assert_eq!(first.page_title, "Data Encryption");
}

#[test]
fn snippets_mark_terms_and_escape_html() {
    let (_d, s) = open(&corpus());
    let r = s.search("stored", 10);
    let hit = &r.results[0];
    assert_eq!(hit.route, "/ops/passwords/");
    assert!(
        hit.snippet_html.contains("<mark>stored</mark>"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("&lt;script&gt;"),
        "{}",
        hit.snippet_html
    );
    assert!(
        !hit.snippet_html.contains("<script"),
        "{}",
        hit.snippet_html
    );
    let r = s.search("script", 10);
    assert!(
        r.results[0]
            .snippet_html
            .contains("&lt;<mark>script</mark>&gt;"),
        "{}",
        r.results[0].snippet_html
    );
    let r = s.search("encry", 10);
    assert!(r.results[0]
        .more
        .iter()
        .chain([&r.results[0]])
        .any(|h| h.snippet_html.contains("<mark>encrypt")));
}

#[test]
fn filters_restrict_by_tag_and_section() {
    let (_d, s) = open(&corpus());
    let r = s.search("tag:cve", 10);
    assert_eq!(routes(&r), ["/sec/bulletins/#cve-2023-39323"]);
    assert_eq!(r.results[0].more.len(), 1);
    let r = s.search("tag:cve upgrade", 10);
    assert_eq!(routes(&r), ["/sec/bulletins/#cve-2023-44487"]);
    let r = s.search("key tag:operations", 10);
    assert!(
        routes(&r).iter().all(|t| t.starts_with("/ops/cli/")),
        "{:?}",
        routes(&r)
    );
    let r = s.search("in:ops key", 10);
    assert!(!r.results.is_empty() && r.results.iter().all(|h| h.route.starts_with("/ops/")));
    assert!(s.search("in:nowhere key", 10).results.is_empty());

    // A section filter by breadcrumb: the operations pages get breadcrumbs of their own, so
    // `key` finds pages on both sides and the filter must drop the operations ones.
    let docs: Vec<SearchDoc> = corpus()
        .into_iter()
        .map(|mut d| {
            if d.route.starts_with("/ops/") {
                d.breadcrumbs = vec!["Operations".into(), "Command Line".into()];
            }
            d
        })
        .collect();
    let (_d, s) = open(&docs);
    let all = routes(&s.search("key", 10));
    assert!(all.iter().any(|r| r.starts_with("/ops/")), "{all:?}");
    assert!(all.iter().any(|r| !r.starts_with("/ops/")), "{all:?}");
    let r = routes(&s.search("section:\"Security Bulletins\" key", 10));
    assert!(
        !r.is_empty() && r.iter().all(|t| !t.starts_with("/ops/")),
        "{r:?}"
    );
    let r = routes(&s.search("section:\"Command Line\" key", 10));
    assert!(
        !r.is_empty() && r.iter().all(|t| t.starts_with("/ops/")),
        "{r:?}"
    );
}

#[test]
fn hostile_input_never_errors() {
    let (_d, s) = open(&corpus());
    let big = "encryption ".repeat(1000);
    let inputs = [
        "",
        "   ",
        "!!!",
        "\"",
        "\"\"",
        "\"unbalanced key",
        "AND OR NOT",
        "title:",
        "title:encryption",
        "tag:",
        "in:",
        "section:\"",
        "(((",
        "*",
        "?",
        "~1",
        "🔐🔑",
        "مفتاح التشفير",
        "ключ",
        "a:b:c",
        "--",
        "-key",
        "+key",
        big.as_str(),
        "\u{0}",
        "\u{200b}",
    ];
    for q in inputs {
        let r = s.search(q, 10);
        assert!(r.query.len() <= 256);
        let _ = serde_json::to_string(&r).expect("serializes");
    }
    assert!(!s.search("title:encryption", 10).results.is_empty());
    assert!(!s.search(&big, 10).results.is_empty());
    assert!(s.search("", 10).results.is_empty());
    assert!(s.search("key", 0).results.is_empty());
}

#[test]
fn serialized_shape_matches_the_api_contract() {
    let (_d, s) = open(&corpus());
    let v = serde_json::to_value(s.search("39323", 10)).expect("json");
    assert_eq!(v["query"], "39323");
    assert!(v["corrected"].is_null());
    let hit = &v["results"][0];
    for key in [
        "route",
        "anchor",
        "page_title",
        "section",
        "breadcrumbs",
        "snippet_html",
    ] {
        assert!(hit.get(key).is_some(), "missing {key}");
    }
    assert!(hit.get("more").is_none(), "empty `more` is omitted");
}

#[test]
fn rebuilding_replaces_the_index_and_refuses_foreign_dirs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("search");
    build_index(&path, &corpus()).expect("first build");
    build_index(&path, &corpus()[..1]).expect("rebuild");
    assert_eq!(Searcher::open(&path).expect("opens").num_sections(), 1);
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    std::fs::write(foreign.join("notes.txt"), "keep me").expect("write");
    let err = build_index(&foreign, &corpus()).expect_err("must refuse");
    assert!(err.to_string().contains("choose an empty"), "{err}");
    assert!(foreign.join("notes.txt").exists());
    let err = Searcher::open(&dir.path().join("missing")).expect_err("no index");
    assert!(err.to_string().contains("bundle build"), "{err}");
}

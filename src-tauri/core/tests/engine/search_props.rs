//! Property test: any string, including odd unicode and query-like syntax, gives a well-formed answer.

use std::sync::OnceLock;

use palette_docs_core::search::{build_index, SearchDoc, Searcher};
use proptest::prelude::*;

fn searcher() -> &'static Searcher {
    static S: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    &S.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let docs: Vec<SearchDoc> = (0..20)
            .map(|i| SearchDoc {
                route: format!("/p{}/", i % 7),
                anchor: (i % 3 != 0).then(|| format!("s{i}")),
                page_title: format!("Page {i} encryption"),
                section: (i % 3 != 0).then(|| format!("Section {i} CVE-2023-{i:05}")),
                breadcrumbs: vec!["Security".into()],
                body: format!(
                    "tenant key {i} rotation <b>bold</b> & us-east-{i} 4.{i}.0 ключ 🔐 مفتاح"
                ),
                tags: vec![
                    "security".into(),
                    if i % 2 == 0 {
                        "cve".into()
                    } else {
                        "ops".into()
                    },
                ],
            })
            .collect();
        build_index(&dir.path().join("search"), &docs).expect("index builds");
        let s = Searcher::open(&dir.path().join("search")).expect("opens");
        (dir, s)
    })
    .1
}

fn queryish() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        any::<String>(),
        "\\PC{0,12}",
        Just("\"".to_string()),
        Just("tag:".to_string()),
        Just("in:".to_string()),
        Just("section:\"".to_string()),
        Just("title:".to_string()),
        Just("AND".to_string()),
        Just("NOT".to_string()),
        Just("-".to_string()),
        Just("CVE-2023-".to_string()),
        Just("encry".to_string()),
        Just("🔐".to_string()),
        Just("\u{202e}".to_string()),
    ];
    prop::collection::vec(atom, 0..8).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_input_gives_well_formed_results(q in queryish(), limit in 0usize..200) {
        let r = searcher().search(&q, limit);
        prop_assert!(r.results.len() <= limit.min(100));
        prop_assert!(r.query.len() <= 256);
        for hit in &r.results {
            prop_assert!(!hit.route.is_empty());
            // Everything but the marks is escaped.
            let stripped = hit.snippet_html.replace("<mark>", "").replace("</mark>", "");
            prop_assert!(!stripped.contains('<') && !stripped.contains('>'), "{}", hit.snippet_html);
            prop_assert!(hit.more.iter().all(|m| m.route == hit.route && m.more.is_empty()));
        }
        // What the API sends: the JSON holds every hit, in order.
        let json: serde_json::Value = serde_json::to_value(&r).expect("results serialise");
        let sent: Vec<&str> = json["results"]
            .as_array()
            .expect("a results array")
            .iter()
            .map(|h| h["route"].as_str().unwrap_or_default())
            .collect();
        let found: Vec<&str> = r.results.iter().map(|h| h.route.as_str()).collect();
        prop_assert_eq!(sent, found);
    }
}

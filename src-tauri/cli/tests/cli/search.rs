//! `search --json`: the shape scripts rely on, the ranking reaching the right page, `--limit`, and
//! an empty answer that is still JSON.

use serde_json::Value;

use crate::support::{arg, User};

fn search_json(user: &User, bundle: &str, query: &[&str]) -> Value {
    let mut args = vec!["--bundle", bundle, "search", "--json"];
    args.extend_from_slice(query);
    let run = user.run(&args);
    run.expect_code(0);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", run.stdout))
}

#[test]
fn json_results_name_the_page_section_and_snippet_of_each_hit() {
    let user = User::new();
    let bundle = arg(&user.build_snapshot("snap"));
    let answer = search_json(&user, &bundle, &["footnote"]);
    assert_eq!(answer["query"], "footnote");
    assert!(answer["corrected"].is_null(), "{answer}");
    let results = answer["results"].as_array().expect("results is a list");
    assert!(
        !results.is_empty(),
        "`footnote` is on the reference page: {answer}"
    );
    let top = &results[0];
    // Only the reference page has a footnote.
    assert_eq!(top["route"], "/guide/reference/", "{answer}");
    assert_eq!(top["page_title"], "Reference", "{answer}");
    assert!(
        top["snippet_html"]
            .as_str()
            .is_some_and(|s| s.to_lowercase().contains("footnote")),
        "the snippet shows the match: {top}"
    );
    for hit in results {
        for key in ["route", "page_title", "snippet_html"] {
            assert!(hit[key].is_string(), "`{key}` is a string in {hit}");
        }
        assert!(
            hit["anchor"].is_null() || hit["anchor"].is_string(),
            "{hit}"
        );
        assert!(
            hit["section"].is_null() || hit["section"].is_string(),
            "{hit}"
        );
        assert!(hit["breadcrumbs"].is_array(), "{hit}");
        // `more` (other sections of the same page) is left out when there are none.
        assert!(hit.get("more").is_none_or(Value::is_array), "{hit}");
        assert!(
            hit["route"]
                .as_str()
                .is_some_and(|r| r.starts_with('/') && r.ends_with('/')),
            "routes are absolute folders: {hit}"
        );
    }
}

#[test]
fn json_results_respect_the_limit_and_an_unknown_word_gives_an_empty_list() {
    let user = User::new();
    let bundle = arg(&user.build_snapshot("snap"));
    let all = search_json(&user, &bundle, &["fixture"]);
    let all = all["results"].as_array().expect("results").len();
    assert!(all >= 2, "`fixture` is on more than one page");
    let one = search_json(&user, &bundle, &["--limit", "1", "fixture"]);
    assert_eq!(
        one["results"].as_array().expect("results").len(),
        1,
        "{one}"
    );

    // Scripts read the answer from the JSON, so no match is still a successful, parseable run
    // (the text mode exits 1 instead, tested below).
    let none = search_json(&user, &bundle, &["zqxjvwk"]);
    assert_eq!(none["results"].as_array().map(Vec::len), Some(0), "{none}");
}

#[test]
fn text_results_list_the_page_and_no_match_exits_1_with_the_query_quoted() {
    let user = User::new();
    let bundle = arg(&user.build_snapshot("snap"));
    let run = user.run(&["--bundle", &bundle, "search", "footnote"]);
    run.expect_code(0);
    let first = run.stdout.lines().next().unwrap_or_default();
    assert!(first.starts_with(" 1. Reference"), "{}", run.stdout);
    assert!(first.contains("/guide/reference/"), "{}", run.stdout);
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour outside a terminal: {}",
        run.stdout
    );

    let run = user.run(&["--bundle", &bundle, "search", "zqxjvwk"]);
    run.expect_code(1);
    assert!(run.stdout.contains("\"zqxjvwk\""), "{}", run.stdout);
}

#[test]
fn a_bundle_that_is_not_a_snapshot_is_an_error_naming_it() {
    let user = User::new();
    let missing = arg(&user.path("not-a-snapshot"));
    let run = user.run(&["--bundle", &missing, "search", "--json", "anything"]);
    run.expect_code(1);
    assert!(run.stdout.is_empty(), "no JSON on failure: {}", run.stdout);
    assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
    assert!(run.stderr.contains("not-a-snapshot"), "{}", run.stderr);
}

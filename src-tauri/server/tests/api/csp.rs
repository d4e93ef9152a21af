//! Every answer that is not a UI page carries a sandboxing Content-Security-Policy: a snapshot's SVG
//! or a JSON answer opened on its own runs no script and loads nothing (issue 20, point 4).

use crate::test_support::{api_over, request, temp_fixture_bundle, trust};
use palette_docs_core::library::OpenSnapshot;
use palette_docs_server::api::CSP_NOT_HTML;

#[test]
fn answers_that_are_not_html_carry_a_sandboxing_csp() {
    let (tmp, bundle) = temp_fixture_bundle();
    // The fixture's page shows `/img/diagram.svg`, shipped as `assets/img/diagram.svg`.
    let svg = "img/diagram.svg";
    assert!(bundle.join("assets").join(svg).is_file(), "fixture asset");
    let lib = OpenSnapshot::open(&bundle, &trust()).expect("open");
    let api = api_over(lib, tmp.path());
    let asset = format!("/assets/{svg}");
    for path in [
        asset.as_str(),
        "/api/nav",
        "/api/snapshot",
        "/api/page/does-not-exist",
    ] {
        let r = request(&api, "GET", path, &[]);
        assert!(!r.content_type.starts_with("text/html"), "{path}");
        let csp = r
            .headers
            .iter()
            .find(|(k, _)| k == "Content-Security-Policy")
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{path} has no CSP"));
        assert_eq!(csp, CSP_NOT_HTML, "{path}");
        assert!(csp.contains("default-src 'none'") && csp.contains("sandbox"));
    }
}

//! `cve list|show`: the records of a snapshot filtered and printed as JSON, errors said as sentences,
//! and a snapshot whose advisory file was changed after signing refused.

use crate::support::{arg, User, ADVISORY_FIXTURE};

fn ids(json: &str) -> Vec<String> {
    let records: Vec<serde_json::Value> = serde_json::from_str(json).expect("JSON records");
    records
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_string())
        .collect()
}

#[test]
fn list_and_show_read_the_records_of_the_snapshot() {
    let user = User::new();
    let snapshot = arg(&user.build_snapshot_of(ADVISORY_FIXTURE, "snap"));
    let list = |extra: &[&str]| {
        let mut args = vec!["--bundle", &snapshot, "cve", "list", "--json"];
        args.extend_from_slice(extra);
        let run = user.run(&args);
        run.expect_code(0);
        ids(&run.stdout)
    };
    let mut all = list(&[]);
    all.sort();
    assert_eq!(all, ["CVE-2030-1234", "CVE-2031-0042"]);
    assert_eq!(
        list(&["--edition", "vertex", "--version", "9.1.0"]),
        ["CVE-2031-0042"]
    );
    assert_eq!(list(&["--status", "resolved"]), ["CVE-2030-1234"]);
    assert_eq!(list(&["--min-score", "8"]), ["CVE-2031-0042"]);

    let run = user.run(&["--bundle", &snapshot, "cve", "show", "2031-0042", "--json"]);
    run.expect_code(0);
    let record: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON record");
    assert_eq!(record["id"], "CVE-2031-0042");
    assert_eq!(record["score"], 8.1);
    assert_eq!(record["last_update"], "2031-03-09");
    assert_eq!(
        record["affected"],
        serde_json::json!([{ "product": "Palette VerteX", "version": "9.1.0" }])
    );

    for (args, needle) in [
        (
            vec!["cve", "show", "CVE-1999-0001"],
            "no advisory `CVE-1999-0001`",
        ),
        (vec!["cve", "list", "--version", "4.x"], "4.x"),
        (vec!["cve", "list", "--min-score", "eleven"], "eleven"),
    ] {
        let mut full = vec!["--bundle", snapshot.as_str()];
        full.extend(args);
        let run = user.run(&full);
        run.expect_code(1);
        assert!(
            run.stderr.starts_with("error:") && run.stderr.contains(needle),
            "{full:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn an_advisory_file_changed_after_signing_is_refused() {
    let user = User::new();
    let snapshot = user.build_snapshot_of(ADVISORY_FIXTURE, "snap");
    let file = snapshot.join("advisories.json");
    let text = std::fs::read_to_string(&file).expect("advisories.json");
    std::fs::write(&file, text.replace("8.1", "1.8")).expect("tamper");
    let run = user.run(&["--bundle", &arg(&snapshot), "cve", "list", "--json"]);
    run.expect_code(1);
    assert!(run.stdout.is_empty(), "nothing listed: {}", run.stdout);
    assert!(
        run.stderr.contains("advisories.json") && run.stderr.contains("changed after signing"),
        "{}",
        run.stderr
    );
}

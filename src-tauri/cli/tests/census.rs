//! `bundle check` names every component it met and how it rendered it (issue 19), on the engine's
//! component fixture.

use std::path::Path;
use std::process::Command;

#[test]
fn bundle_check_prints_the_component_census() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/components");
    let data = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_palette-docs-headless"))
        .args(["bundle", "check", "--source"])
        .arg(&fixture)
        .env("PALETTE_DOCS_DATA_DIR", data.path())
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The fixture's deliberate gaps are warnings, not errors.
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Components met, and how each is rendered offline:"),
        "{stdout}"
    );
    for line in [
        "<TpBadge>",
        "→ Tech Preview badge",
        "<CveReportsTable>",
        "→ advisory explorer mount",
        "<Video>",
        "→ titled placeholder with the online address",
        "→ link into the Palette VerteX section",
        "{/* */}",
        "→ labelled placeholder (image missing)",
    ] {
        assert!(stdout.contains(line), "census lacks {line}: {stdout}");
    }
    // What the census calls a placeholder is also reported where it happens.
    assert!(stderr.contains("tide-chart.webp"), "{stderr}");
}

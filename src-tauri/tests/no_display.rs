//! The desktop command on a host with no display says what to do instead of panicking.

use std::process::Command;

fn run_without(display: Option<&str>) -> std::process::Output {
    let data = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_palette-docs"));
    cmd.env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("PALETTE_DOCS_DATA_DIR", data.path());
    if let Some(d) = display {
        cmd.env("DISPLAY", d);
    }
    cmd.output().expect("the binary runs")
}

#[test]
#[cfg(target_os = "linux")]
fn no_display_is_a_sentence_pointing_at_serve() {
    for (display, says) in [
        (None, "DISPLAY and WAYLAND_DISPLAY are not set"),
        // A display number nothing listens on.
        (Some(":7391"), "the display `:7391` does not answer"),
    ] {
        let out = run_without(display);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(stderr.contains("palette-docs serve"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

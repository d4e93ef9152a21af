//! Writing the program's answers to stdout: a closed pipe (the reader of `| head -1` is gone) ends
//! the program quietly, where `println!` would panic.

use std::io::Write as _;

/// Writes `text` and a line break to stdout; on a broken pipe the program ends with success,
/// since whoever read the output took what they wanted.
pub fn line(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        // Any other failure to write (a full disk behind a redirect) is said once, on stderr.
        eprintln!("error: could not write the output: {e}");
        std::process::exit(1);
    }
}

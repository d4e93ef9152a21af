//! Problems found while reading and rendering a docs tree, with the file and line to fix.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding. `file` is filled in by the caller that knows which file was rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: Option<PathBuf>,
    pub line: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            file: None,
            line,
            message: message.into(),
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.file {
            Some(file) => write!(
                f,
                "{level}: {}:{}: {}",
                file.display(),
                self.line,
                self.message
            ),
            None => write!(f, "{level}: line {}: {}", self.line, self.message),
        }
    }
}

//! The words of retention: what a schedule does (its action), and a sweep's status.

use std::{fmt, str::FromStr};

pub const RUNNING: &str = "running";

pub const FINISHED: &str = "finished";

/// What a schedule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Redact,
    RedactAll,
    DeleteRecordings,
    Delete,
}

impl Action {
    pub const ALL: [Action; 4] = [
        Action::Redact,
        Action::RedactAll,
        Action::DeleteRecordings,
        Action::Delete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Redact => "redact",
            Action::RedactAll => "redact_all",
            Action::DeleteRecordings => "delete_recordings",
            Action::Delete => "delete",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Action {
    type Err = String;

    fn from_str(s: &str) -> Result<Action, String> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("unknown action \"{s}\" (expected redact, redact_all, delete_recordings or delete)"))
    }
}

//! The four kinds of interaction Muffle redacts, and everything the rest of the code needs to
//! know about each: its names, its table, the column "older than" is measured on, and which
//! rows a detection pass still has to see. One vocabulary for payloads, schedules, the CLI
//! and reports: plural names (`calls,texts,chats,forms`), the singular accepted as an alias.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::detect::{DETECTOR_VERSION, InputKind};

/// A kind of interaction, in the order sweeps and fan-outs walk them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Call,
    Text,
    Chat,
    Form,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Call, Kind::Text, Kind::Chat, Kind::Form];

    /// The canonical (plural) name: payloads, schedules' `kinds`, the CLI, reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Call => "calls",
            Kind::Text => "texts",
            Kind::Chat => "chats",
            Kind::Form => "forms",
        }
    }

    /// One interaction's name: `redaction_events.interaction_kind` and messages ("call 7").
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Call => "call",
            Kind::Text => "text",
            Kind::Chat => "chat",
            Kind::Form => "form",
        }
    }

    pub fn table(self) -> &'static str {
        match self {
            Kind::Call => "calls",
            Kind::Text => "texts",
            Kind::Chat => "chats",
            Kind::Form => "form_submissions",
        }
    }

    /// The column "older than" and "since/until" are measured on (indexed with account_id
    /// and id).
    pub fn time_column(self) -> &'static str {
        match self {
            Kind::Call | Kind::Chat => "started_at",
            Kind::Text => "sent_at",
            Kind::Form => "submitted_at",
        }
    }

    /// How detection reads this kind's content.
    pub fn input_kind(self) -> InputKind {
        match self {
            Kind::Call => InputKind::Call,
            Kind::Text => InputKind::Text,
            Kind::Chat => InputKind::Chat,
            Kind::Form => InputKind::Form,
        }
    }

    /// SQL condition on the kind's table for the rows a detection pass still has to see: not
    /// yet redacted at the current detector version and, for calls, transcribed. An
    /// untranscribed call has nothing to detect in yet: it is skipped, never failed, and
    /// picked up once its transcript arrives. The one filter `redact_account` and retention's
    /// `redact` sweeps share.
    pub fn needs_detection(self) -> String {
        let pending =
            format!("(detector_version IS NULL OR detector_version < {DETECTOR_VERSION})");
        match self {
            Kind::Call => format!("{pending} AND transcript IS NOT NULL"),
            Kind::Text | Kind::Chat | Kind::Form => pending,
        }
    }

    /// Plural or singular name, any case.
    pub fn parse(name: &str) -> Option<Kind> {
        let name = name.trim().to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .find(|kind| kind.name() == name || kind.singular() == name)
    }
}

impl fmt::Display for Kind {
    /// Singular, as in "call 7 not found".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.singular())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::parse(s)
            .ok_or_else(|| format!("unknown kind \"{s}\" (expected calls, texts, chats or forms)"))
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
        let name = String::deserialize(deserializer)?;
        Kind::parse(&name).ok_or_else(|| {
            serde::de::Error::unknown_variant(&name, &["calls", "texts", "chats", "forms"])
        })
    }
}

/// Reads a list of kind names (a schedule's `kinds` column, a payload): deduplicated, in
/// walking order.
pub fn kinds_of(value: &serde_json::Value) -> Result<Vec<Kind>, String> {
    let names = value.as_array().ok_or("kinds is not a JSON array")?;
    let mut kinds = names
        .iter()
        .map(|n| {
            n.as_str()
                .ok_or_else(|| "kinds holds a non-string".to_owned())?
                .parse()
        })
        .collect::<Result<Vec<Kind>, String>>()?;
    kinds.sort();
    kinds.dedup();
    Ok(kinds)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn plural_and_singular_names_are_one_vocabulary() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.name()), Some(kind));
            assert_eq!(Kind::parse(kind.singular()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.name()));
            assert_eq!(
                serde_json::from_value::<Kind>(json!(kind.singular())).unwrap(),
                kind
            );
        }
        assert_eq!(
            kinds_of(&json!(["texts", "call", "text"])).unwrap(),
            [Kind::Call, Kind::Text]
        );
        assert!(Kind::parse("faxes").is_none());
        assert!(serde_json::from_value::<Kind>(json!("faxes")).is_err());
    }
}

//! What a rule's message includes, stored as `notification_rules.fields` (NULL: the
//! defaults). The audio link is `notification_rules.include_audio`, still subject to policy
//! ([`super::policy`]).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallerNumber {
    /// `•••• 0100`: enough to recognise a caller, not to call them.
    #[default]
    LastFour,
    Full,
    Omit,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fields {
    pub caller_number: CallerNumber,
    pub time: bool,
    pub duration: bool,
    pub tags: bool,
    pub source: bool,
    /// A short excerpt of the redacted transcript. Off by default: text is where card data
    /// hides.
    pub transcript_excerpt: bool,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            caller_number: CallerNumber::LastFour,
            time: true,
            duration: true,
            tags: true,
            source: true,
            transcript_excerpt: false,
        }
    }
}

impl Fields {
    /// The stored value, or the defaults for NULL; the error names the field.
    pub fn parse(value: Option<&serde_json::Value>) -> Result<Fields, String> {
        match value {
            None | Some(serde_json::Value::Null) => Ok(Fields::default()),
            Some(value) => serde_path_to_error::deserialize(value)
                .map_err(|e| format!("fields: {} at {}", e.inner(), e.path())),
        }
    }
}

/// The caller's number as the rule allows it to be shown.
pub fn show_caller(number: &str, mode: CallerNumber) -> Option<String> {
    match mode {
        CallerNumber::Omit => None,
        CallerNumber::Full => Some(number.to_owned()),
        CallerNumber::LastFour => {
            let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
            if digits.len() < 7 {
                // Too short to be a phone number worth a tail: show nothing of it.
                return Some("••••".to_owned());
            }
            let tail: String = digits[digits.len() - 4..].iter().collect();
            Some(format!("•••• {tail}"))
        }
    }
}

/// `1 min 05 s`, `42 s`, `1 h 02 min`.
pub fn show_duration(seconds: i32) -> String {
    let seconds = seconds.max(0);
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min {:02} s", seconds / 60, seconds % 60),
        _ => format!("{} h {:02} min", seconds / 3600, seconds % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn null_means_the_defaults_and_a_partial_object_keeps_the_rest() {
        assert_eq!(Fields::parse(None).unwrap(), Fields::default());
        let fields = Fields::parse(Some(&json!({"caller_number": "full"}))).unwrap();
        assert_eq!(fields.caller_number, CallerNumber::Full);
        assert!(fields.time && !fields.transcript_excerpt);
        let error = Fields::parse(Some(&json!({"caller_number": "half"}))).unwrap_err();
        assert!(error.contains("caller_number"), "{error}");
    }

    #[test]
    fn caller_numbers_are_masked_to_the_last_four() {
        let shown = show_caller("+1 (415) 555-0100", CallerNumber::LastFour).unwrap();
        assert_eq!(shown, "•••• 0100");
        assert_eq!(show_caller("911", CallerNumber::LastFour).unwrap(), "••••");
        assert_eq!(show_caller("+14155550100", CallerNumber::Omit), None);
        assert_eq!(
            show_caller("+14155550100", CallerNumber::Full).unwrap(),
            "+14155550100"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(show_duration(42), "42 s");
        assert_eq!(show_duration(65), "1 min 05 s");
        assert_eq!(show_duration(3720), "1 h 02 min");
        assert_eq!(show_duration(-3), "0 s");
    }
}

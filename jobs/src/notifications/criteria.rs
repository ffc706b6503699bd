//! When a rule fires: pure matching of a rule's criteria against one call's facts.
//!
//! Stored as `notification_rules.criteria` JSON. Every field is optional; `{}` matches
//! every call. `match` says whether all the given conditions must hold (the default) or any
//! one of them:
//!
//! ```json
//! {"match": "all", "tags": ["pci:card"], "min_duration_seconds": 60,
//!  "caller_pattern": "+1415*", "tracking_number": "+18005550100", "source": "Google Ads",
//!  "first_time_caller": true, "business_hours": {"days": "mon-fri", "start": "09:00",
//!  "end": "17:00", "inside": true}}
//! ```

use chrono::{DateTime, Datelike, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    #[default]
    All,
    Any,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    #[serde(default, rename = "match")]
    pub mode: MatchMode,
    /// The call carries at least one of these tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_duration_seconds: Option<u32>,
    /// A glob over the caller's digits and `+`: `*` any run, `?` one character.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// Compared case-insensitively.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_time_caller: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_hours: Option<BusinessHours>,
}

/// Opening hours in the account's time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    /// `mon-fri`, `mon,wed,fri`, `sat-sun`, `daily`.
    pub days: String,
    /// `HH:MM`, inclusive.
    pub start: String,
    /// `HH:MM`, exclusive; before `start` means the hours cross midnight.
    pub end: String,
    /// True: match calls inside these hours; false: outside them (after-hours rules).
    #[serde(default = "yes")]
    pub inside: bool,
}

fn yes() -> bool {
    true
}

/// What a rule can know about a call.
#[derive(Clone, Debug)]
pub struct CallFacts<'a> {
    pub tags: &'a [String],
    pub duration_seconds: Option<i32>,
    pub caller_number: Option<&'a str>,
    pub tracking_number: Option<&'a str>,
    pub source: Option<&'a str>,
    /// No earlier call of the account from the same number.
    pub first_time_caller: bool,
    pub started_at: DateTime<Utc>,
}

impl Criteria {
    /// Parses stored criteria; the error names the field, never a call's data.
    pub fn parse(value: &serde_json::Value) -> Result<Criteria, String> {
        let criteria: Criteria = serde_path_to_error::deserialize(value)
            .map_err(|e| format!("criteria: {} at {}", e.inner(), e.path()))?;
        criteria.validate()?;
        Ok(criteria)
    }

    pub fn validate(&self) -> Result<(), String> {
        if let Some(hours) = &self.business_hours {
            hours.parsed()?;
        }
        Ok(())
    }

    /// True when the call matches. An unparseable time zone is the account's error, not the
    /// rule's: business hours then read in UTC.
    pub fn matches(&self, call: &CallFacts<'_>, zone: Tz) -> bool {
        let mut checks: Vec<bool> = Vec::new();
        if !self.tags.is_empty() {
            checks.push(self.tags.iter().any(|t| call.tags.contains(t)));
        }
        if let Some(min) = self.min_duration_seconds {
            checks.push(call.duration_seconds.is_some_and(|d| d >= min as i32));
        }
        if let Some(pattern) = &self.caller_pattern {
            let caller = call.caller_number.map(phone_chars).unwrap_or_default();
            checks.push(glob(&phone_chars(pattern), &caller));
        }
        if let Some(number) = &self.tracking_number {
            checks.push(call.tracking_number.is_some_and(|n| same_number(n, number)));
        }
        if let Some(source) = &self.source {
            checks.push(call.source.is_some_and(|s| s.eq_ignore_ascii_case(source)));
        }
        if let Some(first) = self.first_time_caller {
            checks.push(call.first_time_caller == first);
        }
        if let Some(hours) = &self.business_hours {
            checks.push(hours.contains(call.started_at, zone));
        }
        match self.mode {
            MatchMode::All => checks.iter().all(|&c| c),
            MatchMode::Any => checks.is_empty() || checks.iter().any(|&c| c),
        }
    }
}

struct ParsedHours {
    days: Vec<Weekday>,
    start: NaiveTime,
    end: NaiveTime,
}

impl BusinessHours {
    fn parsed(&self) -> Result<ParsedHours, String> {
        let time = |text: &str| {
            NaiveTime::parse_from_str(text.trim(), "%H:%M")
                .map_err(|_| format!("business_hours: {text:?} is not HH:MM"))
        };
        Ok(ParsedHours {
            days: parse_days(&self.days)?,
            start: time(&self.start)?,
            end: time(&self.end)?,
        })
    }

    /// Whether `at` falls inside the hours (or outside, for `inside: false`).
    pub fn contains(&self, at: DateTime<Utc>, zone: Tz) -> bool {
        let Ok(hours) = self.parsed() else {
            return false;
        };
        let local = at.with_timezone(&zone);
        let time = local.time();
        let open_day = |day: Weekday| hours.days.contains(&day);
        let inside = if hours.start <= hours.end {
            open_day(local.weekday()) && time >= hours.start && time < hours.end
        } else {
            // Overnight: the evening belongs to today, the small hours to yesterday's shift.
            (open_day(local.weekday()) && time >= hours.start)
                || (open_day(local.weekday().pred()) && time < hours.end)
        };
        inside == self.inside
    }
}

fn parse_days(text: &str) -> Result<Vec<Weekday>, String> {
    const ORDER: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let bad = || format!("business_hours: days {text:?} is not like mon-fri or mon,wed");
    let day = |name: &str| name.trim().parse::<Weekday>().map_err(|_| bad());
    let text = text.trim().to_ascii_lowercase();
    if text == "daily" || text == "every day" {
        return Ok(ORDER.to_vec());
    }
    let mut days = Vec::new();
    for part in text.split(',') {
        match part.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (day(from)?, day(to)?);
                let mut current = from;
                loop {
                    days.push(current);
                    if current == to {
                        break;
                    }
                    current = current.succ();
                }
            }
            None => days.push(day(part)?),
        }
    }
    if days.is_empty() {
        return Err(bad());
    }
    Ok(days)
}

/// Digits, `+` and the glob's own `*` and `?`: "(415) 555-0100" and "4155550100" compare
/// equal.
fn phone_chars(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '+' | '*' | '?'))
        .collect()
}

/// The same phone number, written with or without the country code: the digits agree, or
/// the longer ends with the shorter and the shorter is a full national number (10+ digits).
fn same_number(a: &str, b: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (a, b) = (digits(a), digits(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !short.is_empty() && (short == long || (short.len() >= 10 && long.ends_with(&short)))
}

fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // Iterative wildcard match with backtracking to the last `*`.
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;

    fn facts(tags: &[String]) -> CallFacts<'_> {
        CallFacts {
            tags,
            duration_seconds: Some(90),
            caller_number: Some("+1 (415) 555-0100"),
            tracking_number: Some("+18005550100"),
            source: Some("Google Ads"),
            first_time_caller: true,
            // A Tuesday, 10:30 in Los Angeles.
            started_at: Utc.with_ymd_and_hms(2026, 12, 1, 18, 30, 0).unwrap(),
        }
    }

    fn criteria(value: serde_json::Value) -> Criteria {
        Criteria::parse(&value).unwrap()
    }

    const LA: Tz = chrono_tz::America::Los_Angeles;

    #[test]
    fn empty_criteria_match_every_call() {
        let tags = vec![];
        assert!(criteria(json!({})).matches(&facts(&tags), LA));
        assert!(criteria(json!({"match": "any"})).matches(&facts(&tags), LA));
    }

    #[test]
    fn each_condition_can_reject_a_call() {
        let tags = vec!["pci:card".to_owned()];
        let call = facts(&tags);
        for (yes, no) in [
            (
                json!({"tags": ["pci:card", "x"]}),
                json!({"tags": ["pii:ssn"]}),
            ),
            (
                json!({"min_duration_seconds": 90}),
                json!({"min_duration_seconds": 91}),
            ),
            (
                json!({"caller_pattern": "+1415*"}),
                json!({"caller_pattern": "+1212*"}),
            ),
            (
                json!({"tracking_number": "(800) 555-0100"}),
                json!({"tracking_number": "+18005550199"}),
            ),
            (json!({"source": "google ads"}), json!({"source": "Bing"})),
            (
                json!({"first_time_caller": true}),
                json!({"first_time_caller": false}),
            ),
            (
                json!({"business_hours": {"days": "mon-fri", "start": "09:00", "end": "17:00"}}),
                json!({"business_hours": {"days": "mon-fri", "start": "09:00", "end": "17:00", "inside": false}}),
            ),
        ] {
            assert!(criteria(yes.clone()).matches(&call, LA), "{yes}");
            assert!(!criteria(no.clone()).matches(&call, LA), "{no}");
        }
    }

    #[test]
    fn all_needs_every_condition_any_needs_one() {
        let tags = vec!["pci:card".to_owned()];
        let call = facts(&tags);
        let both = json!({"tags": ["pci:card"], "source": "Bing"});
        assert!(!criteria(both.clone()).matches(&call, LA));
        let mut any = both;
        any["match"] = json!("any");
        assert!(criteria(any).matches(&call, LA));
    }

    #[test]
    fn business_hours_read_in_the_account_zone_and_cross_midnight() {
        let tags = vec![];
        let call = facts(&tags);
        let hours = |days: &str, start: &str, end: &str| {
            criteria(json!({"business_hours": {"days": days, "start": start, "end": end}}))
        };
        // 18:30 UTC is 10:30 in LA but 03:30 (Wednesday) in Tokyo.
        assert!(hours("tue", "09:00", "17:00").matches(&call, LA));
        assert!(!hours("tue", "09:00", "17:00").matches(&call, chrono_tz::Asia::Tokyo));
        // A Tuesday-night shift 22:00–06:00 covers Wednesday 03:30 in Tokyo.
        assert!(hours("tue", "22:00", "06:00").matches(&call, chrono_tz::Asia::Tokyo));
        assert!(!hours("wed", "22:00", "06:00").matches(&call, chrono_tz::Asia::Tokyo));
        assert!(hours("daily", "10:30", "10:31").matches(&call, LA));
    }

    #[test]
    fn bad_criteria_say_which_field() {
        let error = Criteria::parse(&json!({"min_duration_seconds": "long"})).unwrap_err();
        assert!(error.contains("min_duration_seconds"), "{error}");
        assert!(Criteria::parse(&json!({"colour": "red"})).is_err());
        let error = Criteria::parse(
            &json!({"business_hours": {"days": "weekdays", "start": "9", "end": "17:00"}}),
        )
        .unwrap_err();
        assert!(error.contains("days"), "{error}");
    }

    #[test]
    fn glob_matches_runs_and_single_characters() {
        assert!(glob("+1415*", "+14155550100"));
        assert!(glob("*0100", "+14155550100"));
        assert!(glob("+1???5550100", "+14155550100"));
        assert!(!glob("+1415", "+14155550100"));
        assert!(glob("*", ""));
    }
}

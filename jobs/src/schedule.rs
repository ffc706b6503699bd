//! Schedule math for retention sweeps: a cron expression read as wall-clock time in an IANA
//! zone, turned into UTC fire instants. Pure: no database, no clock.
//!
//! Cron syntax is the `cron` crate's, seconds first: `sec min hour day-of-month month
//! day-of-week [year]`, e.g. `0 0 3 * * *` (03:00 every day), `0 30 2 * * Sun`, `@daily`.
//!
//! Daylight-saving rules (the same as Vixie cron's for fixed times):
//! - a wall-clock time skipped by a spring-forward gap fires once, at the first instant after
//!   the gap (`0 30 2 * * *` in New York fires at 03:00 EDT on the spring-forward day);
//! - a wall-clock time repeated by a fall-back overlap fires once, at its first occurrence.
//!
//! Instants are therefore non-decreasing in wall-clock order, which is what lets the clock
//! look up "the first fire after X" and "the latest fire at or before now" directly.

use std::{fmt, str::FromStr};

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// Why a cron expression or zone was refused. Cron expressions and zone names are
/// configuration, not personal data, so they are quoted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("invalid cron expression \"{expression}\": {reason}")]
    Cron { expression: String, reason: String },
    #[error("unknown time zone \"{0}\" (expected an IANA name such as America/New_York)")]
    Zone(String),
}

/// A cron expression bound to a time zone.
#[derive(Debug, Clone)]
pub struct Timetable {
    cron: cron::Schedule,
    zone: Tz,
}

/// Parses a cron expression, with a hint for the common five-field mistake.
pub fn parse_cron(expression: &str) -> Result<cron::Schedule, ScheduleError> {
    let error = |reason: String| ScheduleError::Cron {
        expression: expression.to_owned(),
        reason,
    };
    let fields = expression.split_whitespace().count();
    if !expression.trim_start().starts_with('@') && !(6..=7).contains(&fields) {
        // A classic 5-field crontab line is the usual mistake: show it with seconds added.
        let hint = if fields == 5 {
            let with_seconds = format!(
                "0 {}",
                expression.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            format!("; add the seconds field: `{with_seconds}`")
        } else {
            String::new()
        };
        return Err(error(format!(
            "expected 6 or 7 fields (sec min hour day-of-month month day-of-week [year]), got {fields}{hint}"
        )));
    }
    let schedule = cron::Schedule::from_str(expression).map_err(|e| error(e.to_string()))?;
    // An expression that can never fire (e.g. 30 February) is as useless as a malformed one.
    if schedule.after(&Utc::now()).next().is_none() {
        return Err(error("it never fires".into()));
    }
    Ok(schedule)
}

pub fn parse_zone(name: &str) -> Result<Tz, ScheduleError> {
    Tz::from_str(name).map_err(|_| ScheduleError::Zone(name.to_owned()))
}

/// Upper bound on cron steps per lookup, so a pathological expression cannot spin a tick.
const MAX_STEPS: usize = 1_000_000;

/// How far past "now" in wall-clock time a fall-back overlap can reach (tzdb overlaps are at
/// most two hours; three is a safe margin).
const MAX_OVERLAP: Duration = Duration::hours(3);

impl Timetable {
    pub fn new(cron: &str, zone: &str) -> Result<Timetable, ScheduleError> {
        Ok(Timetable {
            cron: parse_cron(cron)?,
            zone: parse_zone(zone)?,
        })
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The first fire strictly after `after`.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = after.with_timezone(&self.zone).naive_local();
        // Wall-clock times before `local` map to instants at or before `after` (the mapping is
        // monotonic), so the search starts there; times in the rest of an overlap map back
        // before `after` and are filtered out.
        self.cron
            .after(&Utc.from_utc_datetime(&local))
            .take(MAX_STEPS)
            .map(|t| self.instant(t.naive_utc()))
            .find(|fire| *fire > after)
    }

    /// The next `count` fires strictly after `after`, in the schedule's zone.
    pub fn upcoming(&self, after: DateTime<Utc>, count: usize) -> Vec<DateTime<Tz>> {
        let mut fires = Vec::with_capacity(count);
        let mut cursor = after;
        while fires.len() < count {
            let Some(fire) = self.next_after(cursor) else {
                break;
            };
            fires.push(fire.with_timezone(&self.zone));
            cursor = fire;
        }
        fires
    }

    /// The latest fire in `(after, now]`: missed fires collapse into this one.
    pub fn latest_due(&self, after: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let first = self.next_after(after).filter(|fire| *fire <= now)?;
        // The usual case (one fire due) needs no backward search.
        match self.next_after(first) {
            Some(second) if second <= now => {}
            _ => return Some(first),
        }
        let local = now.with_timezone(&self.zone).naive_local();
        let ambiguous = matches!(
            self.zone.from_local_datetime(&local),
            LocalResult::Ambiguous(..)
        );
        // In the second pass of an overlap, later wall-clock times can still map to earlier
        // instants, so start the backward walk past the overlap.
        let start = if ambiguous {
            local + MAX_OVERLAP
        } else {
            local
        } + Duration::seconds(1);
        self.cron
            .after(&Utc.from_utc_datetime(&start))
            .rev()
            .take(MAX_STEPS)
            .map(|t| self.instant(t.naive_utc()))
            .find(|fire| *fire <= now)
            .map(|fire| fire.max(first))
    }

    /// The instant a wall-clock time fires at: its first occurrence, or the end of the gap.
    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self.zone.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => self.gap_end(local),
        }
    }

    /// The first instant after the gap containing `local`: found by stepping minutes to the
    /// first valid wall-clock time, then back second by second to the transition (historical
    /// offsets are not whole minutes).
    fn gap_end(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut probe = local
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(local);
        for _ in 0..(48 * 60) {
            probe += Duration::minutes(1);
            if let Some(valid) = self.zone.from_local_datetime(&probe).earliest() {
                let mut instant = valid.with_timezone(&Utc);
                let offset = self
                    .zone
                    .offset_from_utc_datetime(&instant.naive_utc())
                    .fix();
                for _ in 0..60 {
                    let earlier = instant - Duration::seconds(1);
                    if self
                        .zone
                        .offset_from_utc_datetime(&earlier.naive_utc())
                        .fix()
                        != offset
                    {
                        break;
                    }
                    instant = earlier;
                }
                return instant;
            }
        }
        // No tzdb gap is this long; read the time as UTC rather than fail.
        Utc.from_utc_datetime(&local)
    }
}

impl fmt::Display for Timetable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.cron.source(), self.zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ny(cron: &str) -> Timetable {
        Timetable::new(cron, "America/New_York").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn rfc(fires: &[DateTime<Tz>]) -> Vec<String> {
        fires.iter().map(|f| f.to_rfc3339()).collect()
    }

    // 2025: spring forward Sun 9 March 02:00 EST → 03:00 EDT; fall back Sun 2 November
    // 02:00 EDT → 01:00 EST.

    #[test]
    fn spring_forward_gap_fire_runs_once_at_the_end_of_the_gap() {
        let fires = ny("0 30 2 * * *").upcoming(utc("2025-03-07T12:00:00Z"), 4);
        assert_eq!(
            rfc(&fires),
            [
                "2025-03-08T02:30:00-05:00",
                "2025-03-09T03:00:00-04:00",
                "2025-03-10T02:30:00-04:00",
                "2025-03-11T02:30:00-04:00",
            ]
        );
    }

    #[test]
    fn spring_forward_three_am_is_unaffected() {
        let fires = ny("0 0 3 * * *").upcoming(utc("2025-03-07T12:00:00Z"), 3);
        assert_eq!(
            rfc(&fires),
            [
                "2025-03-08T03:00:00-05:00",
                "2025-03-09T03:00:00-04:00",
                "2025-03-10T03:00:00-04:00",
            ]
        );
        // 24 h apart in wall-clock terms, 23 h in real time across the change.
        assert_eq!(fires[1] - fires[0], Duration::hours(23));
    }

    #[test]
    fn fall_back_fires_once_each_day() {
        let fires = ny("0 30 2 * * *").upcoming(utc("2025-10-31T12:00:00Z"), 3);
        assert_eq!(
            rfc(&fires),
            [
                "2025-11-01T02:30:00-04:00",
                "2025-11-02T02:30:00-05:00",
                "2025-11-03T02:30:00-05:00",
            ]
        );
        let fires = ny("0 0 3 * * *").upcoming(utc("2025-10-31T12:00:00Z"), 3);
        assert_eq!(
            rfc(&fires),
            [
                "2025-11-01T03:00:00-04:00",
                "2025-11-02T03:00:00-05:00",
                "2025-11-03T03:00:00-05:00",
            ]
        );
        assert_eq!(fires[1] - fires[0], Duration::hours(25));
    }

    #[test]
    fn overlap_fire_runs_once_at_its_first_occurrence() {
        let fires = ny("0 30 1 * * *").upcoming(utc("2025-11-01T12:00:00Z"), 2);
        assert_eq!(
            rfc(&fires),
            ["2025-11-02T01:30:00-04:00", "2025-11-03T01:30:00-05:00"]
        );
        // Asking from inside the second pass of the hour does not fire it again.
        let second_pass = utc("2025-11-02T06:10:00Z"); // 01:10 EST
        assert_eq!(
            ny("0 30 1 * * *").next_after(second_pass).unwrap(),
            utc("2025-11-03T06:30:00Z")
        );
        // An hourly schedule fires once for the repeated hour.
        let fires = ny("0 30 * * * *").upcoming(utc("2025-11-02T04:00:00Z"), 3);
        assert_eq!(
            rfc(&fires),
            [
                "2025-11-02T00:30:00-04:00",
                "2025-11-02T01:30:00-04:00",
                "2025-11-02T02:30:00-05:00",
            ]
        );
    }

    #[test]
    fn gap_fires_of_a_frequent_schedule_collapse_into_one() {
        let fires = ny("0 */20 * * * *").upcoming(utc("2025-03-09T06:30:00Z"), 4);
        assert_eq!(
            rfc(&fires),
            [
                "2025-03-09T01:40:00-05:00",
                "2025-03-09T03:00:00-04:00",
                "2025-03-09T03:20:00-04:00",
                "2025-03-09T03:40:00-04:00",
            ]
        );
    }

    #[test]
    fn latest_due_collapses_missed_fires() {
        let t = Timetable::new("* * * * * *", "UTC").unwrap();
        let last = utc("2025-01-01T00:00:00Z");
        assert_eq!(t.latest_due(last, last), None);
        assert_eq!(
            t.latest_due(last, utc("2025-01-01T00:00:01Z")),
            Some(utc("2025-01-01T00:00:01Z"))
        );
        assert_eq!(
            t.latest_due(last, utc("2025-01-03T07:08:09.5Z")),
            Some(utc("2025-01-03T07:08:09Z"))
        );
        let daily = ny("0 0 3 * * *");
        assert_eq!(
            daily.latest_due(utc("2025-03-01T00:00:00Z"), utc("2025-03-10T12:00:00Z")),
            Some(utc("2025-03-10T07:00:00Z"))
        );
        assert_eq!(
            daily.latest_due(utc("2025-03-10T07:00:00Z"), utc("2025-03-10T12:00:00Z")),
            None
        );
    }

    #[test]
    fn latest_due_inside_an_overlap() {
        // Now is 01:45 EST (second pass); the latest fire of a per-10-minutes schedule is the
        // first pass's 01:50 EDT (05:50Z), which is earlier in real time than now (06:45Z).
        let t = ny("0 */10 * * * *");
        assert_eq!(
            t.latest_due(utc("2025-11-02T05:00:00Z"), utc("2025-11-02T06:45:00Z")),
            Some(utc("2025-11-02T05:50:00Z"))
        );
    }

    #[test]
    fn invalid_expressions_and_zones_get_clear_messages() {
        let error = Timetable::new("0 3 * * *", "UTC").unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid cron expression \"0 3 * * *\": expected 6 or 7 fields (sec min hour day-of-month month day-of-week [year]), got 5; add the seconds field: `0 0 3 * * *`"
        );
        let error = Timetable::new("0 0 25 * * *", "UTC")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("invalid cron expression \"0 0 25 * * *\": "),
            "{error}"
        );
        let error = Timetable::new("0 0 0 30 Feb *", "UTC")
            .unwrap_err()
            .to_string();
        assert!(error.ends_with("it never fires"), "{error}");
        let error = Timetable::new("0 0 3 * * *", "Mars/Olympus")
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "unknown time zone \"Mars/Olympus\" (expected an IANA name such as America/New_York)"
        );
        assert!(Timetable::new("@daily", "Europe/London").is_ok());
    }
}

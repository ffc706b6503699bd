//! The process's panic hook: one JSON line on stderr with where it happened, never the
//! panic's message (it can quote whatever value a bug was holding). The job runtime still
//! catches the unwind and retries or fails the job.

use std::io::Write;

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let thread = std::thread::current();
        let _ = report(
            &mut std::io::stderr().lock(),
            info.location(),
            thread.name().unwrap_or("unnamed"),
            chrono::Utc::now(),
        );
    }));
}

fn report(
    out: &mut dyn Write,
    location: Option<&std::panic::Location<'_>>,
    thread: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> std::io::Result<()> {
    let line = serde_json::json!({
        "timestamp": at.to_rfc3339(),
        "level": "ERROR",
        "event": "panic",
        "location": location.map(|l| format!("{}:{}", l.file(), l.line())),
        "thread": thread,
    });
    writeln!(out, "{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_one_json_line_with_its_place_and_no_message() {
        let mut out = Vec::new();
        let here = std::panic::Location::caller();
        report(&mut out, Some(here), "worker-3", chrono::Utc::now()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1);
        let line: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(line["event"], "panic");
        assert_eq!(line["thread"], "worker-3");
        assert!(
            line["location"]
                .as_str()
                .unwrap()
                .starts_with("worker/src/panics.rs:")
        );
        assert_eq!(
            line.as_object().unwrap().len(),
            5,
            "no message field: {line}"
        );
    }
}

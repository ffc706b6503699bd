//! The human report: colour on a terminal, plain when piped or with `NO_COLOR`.

use super::*;

/// Colours for a terminal; nothing when piped or `NO_COLOR` is set.
pub(super) struct Style {
    pub(super) colour: bool,
}

impl Style {
    pub(super) fn for_stdout() -> Style {
        Style {
            colour: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    pub(super) fn paint(&self, code: &str, text: &str) -> String {
        if self.colour && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub(super) fn heading(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub(super) fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// A value found in the original.
    pub(super) fn found(&self, text: &str) -> String {
        self.paint("1;31", text)
    }

    /// The placeholder now stored in its place.
    pub(super) fn placeholder(&self, text: &str) -> String {
        self.paint("1;32", text)
    }
}

/// Printed before the worker runs, so the wait has a caption.
pub(super) fn render_intro(
    seeded: &Seeded,
    dir: &Path,
    log: Option<&Path>,
    style: &Style,
) -> String {
    let log = log.map_or_else(String::new, |log| format!(" (log: {})", log.display()));
    format!(
        "{}: seeded {} (fictional people and numbers) in {}.\nNote: {}.\nThe real worker is processing {} jobs and their follow-ups{log}…\n{}\n",
        style.heading("Muffle demo"),
        seeded.summary,
        dir.display(),
        RECORDING_NOTE,
        seeded.jobs.len(),
        style.dim(
            "Each changed line shows the original, found values marked, then → what is stored now."
        )
    )
}

pub(super) fn render(report: &Report, style: &Style) -> String {
    let mut out = String::new();
    for interaction in &report.interactions {
        out.push_str(&render_interaction(interaction, style));
    }

    let retention = &report.retention;
    out.push_str(&format!(
        "\n{}\n  schedule {}: {}\n  the clock fired it: {} sweep(s), {} text(s) changed; the texts now read:\n",
        style.heading("── Retention ──"),
        retention.schedule_id,
        retention.schedule,
        retention.sweeps,
        retention.changed
    ));
    for body in &retention.texts_after {
        out.push_str(&format!("    {}\n", style.placeholder(body)));
    }

    out.push_str(&format!(
        "\nAudit: {} redaction events (types and locations, never values). ",
        report.audit_events
    ));
    if report.failed_jobs.is_empty() {
        out.push_str("All jobs succeeded.\n");
    } else {
        out.push('\n');
        for failed in &report.failed_jobs {
            out.push_str(&format!("  FAILED {failed}\n"));
        }
    }

    out.push_str(&format!("\n{}\n", style.heading("── Try next ──")));
    let link = &report.media_link;
    out.push_str(&format!(
        "  {}\n      then open the media link (expires in {} days):\n      {}\n",
        link.serve_with, link.expires_in_days, link.url
    ));
    out.push_str(&report.notification_emails.render());
    out.push_str(
        "  echo '{\"id\":\"1\",\"text\":\"my card is 4111 1111 1111 1111, exp 11/28\"}' | muffle detect --explain\n      why each value was found: the rule and the cue words, never the value\n",
    );
    if let Some(audio) = report.interactions.iter().find_map(|i| i.audio.as_ref()) {
        out.push_str(&format!(
            "  listen: {} (original) and {} (redacted)\n",
            audio.original, audio.redacted
        ));
    }
    out.push_str("  muffle --help: every command and the environment variables\n");
    out
}

pub(super) fn render_interaction(interaction: &Interaction, style: &Style) -> String {
    let mut out = format!(
        "\n{}\n",
        style.heading(&format!(
            "── {} {} ──",
            capitalised(interaction.kind),
            interaction.id
        ))
    );
    let width = interaction
        .lines
        .iter()
        .filter_map(|l| l.label.as_ref().map(|label| label.len() + 1))
        .max()
        .unwrap_or(0);
    for line in &interaction.lines {
        let label = line
            .label
            .as_ref()
            .map(|label| format!("{:<width$} ", format!("{label}:")))
            .unwrap_or_default();
        if line.changed() {
            let before: String = line
                .before
                .iter()
                .map(|p| match p.found {
                    Some(_) => style.found(&p.text),
                    None => p.text.clone(),
                })
                .collect();
            let after: String = line
                .after
                .iter()
                .map(|p| match p.found {
                    Some(_) => style.placeholder(&p.text),
                    None => p.text.clone(),
                })
                .collect();
            out.push_str(&format!("  {label}{before}\n"));
            out.push_str(&format!(
                "  {:>w$}{after}\n",
                "→ ",
                w = label.chars().count()
            ));
        } else {
            out.push_str(&format!(
                "  {}\n",
                style.dim(&format!("{label}{}", line.after_text()))
            ));
        }
    }
    if !interaction.tags.is_empty() {
        out.push_str(&format!("  tags:  {}\n", interaction.tags.join(" ")));
    } else if !interaction.lines.iter().any(Line::changed) {
        out.push_str(&style.dim("  nothing sensitive found: stored as it was\n"));
    }
    if let Some(audio) = &interaction.audio {
        let ranges: Vec<String> = audio
            .ranges_ms
            .iter()
            .map(|[start, end]| format!("{}–{} s", seconds(*start), seconds(*end)))
            .collect();
        out.push_str(&format!(
            "  audio: {} {} range(s), {} s in all: {}\n",
            if audio.rewritten {
                "silenced"
            } else {
                "NOT rewritten:"
            },
            audio.ranges_ms.len(),
            seconds((audio.silenced_seconds * 1000.0).round() as u64),
            ranges.join(", ")
        ));
        out.push_str(&style.dim(&format!(
            "         (the stored transcript keeps all {} placeholder words, each with its timing)\n",
            audio.placeholder_words
        )));
    }
    out
}

pub(super) fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Milliseconds as seconds with one decimal (`12.4`).
pub(super) fn seconds(ms: u64) -> String {
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}

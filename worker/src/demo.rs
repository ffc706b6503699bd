//! `muffle demo`: seeds a fresh embedded database with realistic interactions, runs the real
//! worker in-process until every queue is drained, and tells what happened: per interaction
//! the original beside what is stored now, the found values highlighted, tags and the
//! recording's silenced ranges; then a retention sweep, a media link and what to try next.
//! `--json` gives the same report to scripts.
//!
//! The report is built from what the jobs stored (rows, redaction events), set against the
//! seeded originals: it shows the worker's results, it does not detect anything itself.

use std::{io::IsTerminal, path::Path, time::Duration};

use anyhow::Context as _;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::{config::Config, db, runtime};

pub(crate) const CALL: &str = "agent: thanks for calling acme billing this is dana how can i help
customer: hi i want to pay my balance with a card
agent: sure what's the card number
customer: four one one one one one one one
customer: one one one one one one one one
agent: and the expiration date
customer: oh five twenty seven
agent: and the three digit security code on the back
customer: seven three seven
agent: thank you your confirmation number is eight eight two one four
customer: great thanks bye";

const TEXTS: [&str; 2] = [
    "Hi, it's Sam. My new cell is (415) 555-0134, and my SSN for the application is 123-45-6789",
    "Running late, order #88213 should be there by 5:30. Thanks!",
];

const CHAT: [(&str, &str); 4] = [
    ("visitor", "hi, can I update my billing email?"),
    ("agent", "Of course, what's the new address?"),
    ("visitor", "it's jordan.lee@example.com"),
    ("visitor", "and card 5500 0000 0000 0004 exp 11/28"),
];

const FORM: [(&str, &str); 5] = [
    ("Name", "Alex Rivera"),
    ("Email", "alex.rivera@example.org"),
    ("Routing number", "021000021"),
    ("Account number", "000123456789"),
    ("Message", "Please set up autopay for invoice 4471."),
];

/// The demo's log file (`MUFFLE_DATA_DIR/demo.log`, beside the demo's own directory, which
/// each run clears), truncated.
pub fn open_log(config: &Config) -> anyhow::Result<std::fs::File> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create {}", config.data_dir.display()))?;
    let path = log_path(config);
    std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))
}

fn log_path(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("demo.log")
}

/// `verbose`: log lines went to stderr (else to [`open_log`]'s file).
pub async fn run(mut config: Config, json: bool, verbose: bool) -> anyhow::Result<()> {
    // Always the embedded default, in a fresh directory, so the demo needs no servers and
    // repeated runs start clean.
    let log = (!verbose).then(|| log_path(&config));
    let dir = config.data_dir.join("demo");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    config.data_dir = dir.clone();
    config.database_url = format!("sqlite://{}?mode=rwc", dir.join("muffle.db").display());
    config.queue = crate::config::QueueConfig::Sqlite {
        path: dir.join("queue.db"),
    };
    config.shutdown_timeout = Duration::from_secs(5);
    // Notification e-mails go to the demo's outbox folder, never to a configured SMTP server.
    config.mail.smtp = None;
    config.mail.outbox_dir = dir.join("outbox");

    let runtime = db::runtime(config, true).await?;
    let seeded = seed(&runtime.db).await?;
    // The call's recording: one tone burst per spoken word, so silenced words are visible
    // in any audio editor. The original is kept beside the redacted copy for comparison.
    let recording = synthesize_recording(&transcript(CALL));
    let stored = dir.join("recordings").join(DEMO_RECORDING_KEY);
    std::fs::create_dir_all(stored.parent().expect("key has a folder"))?;
    std::fs::write(&stored, &recording)?;
    std::fs::write(dir.join("call-original.wav"), &recording)?;
    for (job, payload) in &seeded.jobs {
        runtime
            .queues
            .push(job, payload.clone(), 1, Duration::ZERO)
            .await?;
    }
    let style = Style::for_stdout();
    if !json {
        print!("{}", render_intro(&seeded, &dir, log.as_deref(), &style));
    }
    runtime::run(runtime.clone(), runtime::Until::Drained).await?;

    let mut report = Report {
        data_dir: dir.display().to_string(),
        log_file: log.as_ref().map(|log| log.display().to_string()),
        seeded: seeded.summary.clone(),
        jobs_enqueued: seeded.jobs.len(),
        recording_note: RECORDING_NOTE,
        interactions: interactions(&runtime.db, &seeded, &dir).await?,
        audit_events: 0,
        failed_jobs: Vec::new(),
        retention: retention(&runtime, seeded.account_id).await?,
        media_link: media_link(&runtime, seeded.call_id).await?,
        notification_emails: crate::demo_mail::send_notifications(
            &runtime,
            seeded.account_id,
            seeded.call_id,
        )
        .await?,
    };
    report.audit_events = entity::redaction_events::Entity::find()
        .filter(entity::redaction_events::Column::AccountId.eq(seeded.account_id))
        .all(&runtime.db)
        .await?
        .len();
    report.failed_jobs = entity::failed_jobs::Entity::find()
        .all(&runtime.db)
        .await?
        .into_iter()
        .map(|job| {
            format!(
                "{} ({} attempts): {}",
                job.job_name, job.attempts, job.error
            )
        })
        .collect();

    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render(&report, &style));
    }
    if !report.failed_jobs.is_empty() {
        anyhow::bail!("some demo jobs failed");
    }
    Ok(())
}

const RECORDING_NOTE: &str = "the call's recording is synthetic: a tone per word at the \
transcript's timings, no speech, so the silenced ranges are easy to see in an audio editor";

/// Everything the demo shows; `--json` prints it as is.
#[derive(Serialize)]
struct Report {
    data_dir: String,
    /// Where the log lines went (`None` with `-v`: to stderr).
    log_file: Option<String>,
    seeded: String,
    /// Seeded jobs; their follow-ups (`rewrite_recording`) ran too.
    jobs_enqueued: usize,
    recording_note: &'static str,
    interactions: Vec<Interaction>,
    audit_events: usize,
    failed_jobs: Vec<String>,
    retention: Retention,
    media_link: MediaLink,
    /// Two rules' e-mails in the outbox: one with the recording link, one without.
    notification_emails: crate::demo_mail::DemoMail,
}

#[derive(Serialize)]
struct Interaction {
    /// `call`, `text`, `chat` or `form`.
    kind: &'static str,
    id: i64,
    lines: Vec<Line>,
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audio: Option<Audio>,
}

/// One turn, message or field: the original and what is stored now, split into pieces.
#[derive(Serialize)]
struct Line {
    /// Speaker, sender or field name (`None` for a text message).
    label: Option<String>,
    before: Vec<Piece>,
    after: Vec<Piece>,
}

impl Line {
    fn changed(&self) -> bool {
        self.before.iter().any(|p| p.found.is_some())
    }

    #[cfg(test)]
    fn before_text(&self) -> String {
        self.before.iter().map(|p| p.text.as_str()).collect()
    }

    fn after_text(&self) -> String {
        self.after.iter().map(|p| p.text.as_str()).collect()
    }
}

/// A run of text; `found` names the entity type of a value the worker found (in `before`)
/// or of the placeholder that replaced it (in `after`).
#[derive(Serialize, Clone, Debug, PartialEq)]
struct Piece {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    found: Option<String>,
}

impl Piece {
    fn plain(text: impl Into<String>) -> Piece {
        Piece {
            text: text.into(),
            found: None,
        }
    }

    fn found(text: impl Into<String>, entity: impl Into<String>) -> Piece {
        Piece {
            text: text.into(),
            found: Some(entity.into()),
        }
    }
}

#[derive(Serialize)]
struct Audio {
    /// Padded, merged ranges silenced in the recording, in milliseconds.
    ranges_ms: Vec<[u64; 2]>,
    silenced_seconds: f64,
    /// Words the stored transcript keeps as placeholders, each with its own timing (the
    /// human view shows one placeholder per value).
    placeholder_words: usize,
    rewritten: bool,
    original: String,
    redacted: String,
}

#[derive(Serialize)]
struct Retention {
    schedule_id: i64,
    schedule: String,
    sweeps: usize,
    changed: i64,
    /// The texts as the sweep left them.
    texts_after: Vec<String>,
}

#[derive(Serialize)]
struct MediaLink {
    url: String,
    expires_in_days: u32,
    serve_with: String,
}

/// The call, texts, chat and form: originals against the stored rows.
async fn interactions(
    db: &DatabaseConnection,
    seeded: &Seeded,
    dir: &Path,
) -> anyhow::Result<Vec<Interaction>> {
    let mut out = vec![call(db, seeded, dir).await?];
    for (id, original) in seeded.text_ids.iter().zip(TEXTS) {
        let text = entity::texts::Entity::find_by_id(*id)
            .one(db)
            .await?
            .context("demo text vanished")?;
        out.push(Interaction {
            kind: "text",
            id: text.id,
            lines: vec![line(None, original, &text.body)],
            tags: tags(&text.tags),
            audio: None,
        });
    }
    let chat = entity::chats::Entity::find_by_id(seeded.chat_id)
        .one(db)
        .await?
        .context("demo chat vanished")?;
    let messages = entity::chat_messages::Entity::find()
        .filter(entity::chat_messages::Column::ChatId.eq(chat.id))
        .order_by_asc(entity::chat_messages::Column::Id)
        .all(db)
        .await?;
    out.push(Interaction {
        kind: "chat",
        id: chat.id,
        lines: messages
            .iter()
            .zip(CHAT)
            .map(|(message, (sender, original))| line(Some(sender), original, &message.body))
            .collect(),
        tags: tags(&chat.tags),
        audio: None,
    });
    let form = entity::form_submissions::Entity::find_by_id(seeded.form_id)
        .one(db)
        .await?
        .context("demo form vanished")?;
    let values: Vec<&Value> = form.fields.as_array().into_iter().flatten().collect();
    out.push(Interaction {
        kind: "form",
        id: form.id,
        lines: values
            .iter()
            .zip(FORM)
            .map(|(field, (name, original))| {
                line(Some(name), original, field["value"].as_str().unwrap_or(""))
            })
            .collect(),
        tags: tags(&form.tags),
        audio: None,
    });
    Ok(out)
}

/// The call turn by turn. Which words form one value comes from the call's redaction
/// events (`first_word`..`last_word` per span), so a 16-word card is one `[CREDIT_CARD]`.
async fn call(db: &DatabaseConnection, seeded: &Seeded, dir: &Path) -> anyhow::Result<Interaction> {
    let call = entity::calls::Entity::find_by_id(seeded.call_id)
        .one(db)
        .await?
        .context("demo call vanished")?;
    let events = entity::redaction_events::Entity::find()
        .filter(entity::redaction_events::Column::InteractionKind.eq("call"))
        .filter(entity::redaction_events::Column::InteractionId.eq(call.id))
        .all(db)
        .await?;
    let spans: Vec<WordSpan> = events
        .iter()
        .flat_map(|event| {
            event
                .locations
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|location| {
                    Some(WordSpan {
                        first: location["first_word"].as_u64()? as usize,
                        last: location["last_word"].as_u64()? as usize,
                        entity: event.entity_type.clone(),
                    })
                })
        })
        .collect();
    let original = transcript(CALL);
    let stored = call.transcript.clone().unwrap_or(Value::Null);
    let ranges: Vec<jobs::audio::TimeRange> = call
        .redaction_ranges
        .clone()
        .and_then(|ranges| serde_json::from_value(ranges).ok())
        .unwrap_or_default();
    let silenced_ms: u64 = ranges.iter().map(|r| r.end_ms - r.start_ms).sum();
    Ok(Interaction {
        kind: "call",
        id: call.id,
        lines: call_lines(&original, &stored, &spans),
        tags: tags(&call.tags),
        audio: Some(Audio {
            ranges_ms: ranges.iter().map(|r| [r.start_ms, r.end_ms]).collect(),
            silenced_seconds: silenced_ms as f64 / 1000.0,
            placeholder_words: words_of(&stored)
                .iter()
                .filter(|(_, text)| is_placeholder(text))
                .count(),
            rewritten: call.recording_redacted_at.is_some(),
            original: dir.join("call-original.wav").display().to_string(),
            redacted: dir
                .join("recordings")
                .join(DEMO_RECORDING_KEY)
                .display()
                .to_string(),
        }),
    })
}

#[derive(Debug)]
struct WordSpan {
    first: usize,
    last: usize,
    entity: String,
}

/// Turns of the call (a new one when the speaker changes): the original words with the
/// spans' words marked, and the stored words with each span shown once.
fn call_lines(original: &Value, stored: &Value, spans: &[WordSpan]) -> Vec<Line> {
    let before = words_of(original);
    let after = words_of(stored);
    let span_of = |index: usize| spans.iter().find(|s| (s.first..=s.last).contains(&index));
    let mut lines: Vec<Line> = Vec::new();
    for (index, (speaker, word)) in before.iter().enumerate() {
        if lines.last().and_then(|l| l.label.as_deref()) != Some(speaker.as_str()) {
            lines.push(Line {
                label: Some(speaker.clone()),
                before: Vec::new(),
                after: Vec::new(),
            });
        }
        let line = lines.last_mut().expect("pushed above");
        let separator = if line.before.is_empty() { "" } else { " " };
        match span_of(index) {
            Some(span) => {
                push_piece(
                    &mut line.before,
                    separator,
                    Piece::found(word.as_str(), &span.entity),
                );
                // One placeholder per value: at the span's first word in this turn.
                if index == span.first || line.after.is_empty() {
                    let placeholder = after
                        .get(index)
                        .map_or_else(|| format!("[{}]", span.entity), |(_, text)| text.clone());
                    push_piece(
                        &mut line.after,
                        separator,
                        Piece::found(placeholder, &span.entity),
                    );
                }
            }
            None => {
                let text = after
                    .get(index)
                    .map_or(word.as_str(), |(_, text)| text.as_str());
                push_piece(&mut line.before, separator, Piece::plain(word.as_str()));
                push_piece(&mut line.after, separator, Piece::plain(text));
            }
        }
    }
    lines
}

/// Appends `piece` after `separator`, merging runs of the same kind (and the same span
/// type) into one piece.
fn push_piece(pieces: &mut Vec<Piece>, separator: &str, piece: Piece) {
    match pieces.last_mut() {
        Some(last) if last.found == piece.found => {
            last.text.push_str(separator);
            last.text.push_str(&piece.text);
        }
        Some(last) if !separator.is_empty() && last.found.is_none() => {
            last.text.push_str(separator);
            pieces.push(piece);
        }
        Some(_) if !separator.is_empty() => {
            pieces.push(Piece::plain(separator));
            pieces.push(piece);
        }
        _ => pieces.push(piece),
    }
}

/// (speaker, text) of each word of a transcript.
fn words_of(transcript: &Value) -> Vec<(String, String)> {
    transcript["words"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|word| {
            (
                word["speaker"].as_str().unwrap_or("?").to_owned(),
                word["text"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// `[CREDIT_CARD]`, `[REDACTED]`: what the jobs write in place of a value.
fn is_placeholder(text: &str) -> bool {
    text.len() > 2
        && text.starts_with('[')
        && text.ends_with(']')
        && text[1..text.len() - 1]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_')
}

/// A text, message or field value: the original and the stored text, aligned on the
/// placeholders the job wrote (everything else is the original's text, unchanged), so the
/// original's found values can be marked. If they do not line up, both are shown unmarked.
fn line(label: Option<&str>, original: &str, stored: &str) -> Line {
    let (before, after) = align(original, stored)
        .unwrap_or_else(|| (vec![Piece::plain(original)], vec![Piece::plain(stored)]));
    Line {
        label: label.map(str::to_owned),
        before,
        after,
    }
}

fn align(original: &str, stored: &str) -> Option<(Vec<Piece>, Vec<Piece>)> {
    let segments = placeholder_segments(stored);
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let mut at = 0;
    let mut pending: Option<&str> = None;
    for (text, is_placeholder) in segments {
        if is_placeholder {
            if pending.is_some() {
                return None; // two placeholders side by side: no way to split the original
            }
            pending = Some(text);
            after.push(Piece::found(text, entity_of(text)));
            continue;
        }
        if let Some(placeholder) = pending.take() {
            let value_end = at + original[at..].find(text)?;
            if value_end == at {
                return None;
            }
            before.push(Piece::found(
                &original[at..value_end],
                entity_of(placeholder),
            ));
            at = value_end;
        }
        if !original[at..].starts_with(text) {
            return None;
        }
        before.push(Piece::plain(text));
        after.push(Piece::plain(text));
        at += text.len();
    }
    match pending {
        Some(placeholder) if at < original.len() => {
            before.push(Piece::found(&original[at..], entity_of(placeholder)));
        }
        Some(_) => return None,
        None if at != original.len() => return None,
        None => {}
    }
    Some((before, after))
}

/// `[CREDIT_CARD]` → `CREDIT_CARD`.
fn entity_of(placeholder: &str) -> &str {
    placeholder.trim_start_matches('[').trim_end_matches(']')
}

/// The stored text split into (text, is a placeholder) segments.
fn placeholder_segments(stored: &str) -> Vec<(&str, bool)> {
    let mut segments = Vec::new();
    let mut rest = stored;
    let mut literal_start = 0;
    let mut offset = 0;
    while let Some(open) = rest.find('[') {
        let candidate = &rest[open..];
        let close = candidate.find(']').map(|c| c + 1);
        match close {
            Some(close) if is_placeholder(&candidate[..close]) => {
                let start = offset + open;
                if start > literal_start {
                    segments.push((&stored[literal_start..start], false));
                }
                segments.push((&stored[start..start + close], true));
                literal_start = start + close;
                offset = literal_start;
                rest = &stored[offset..];
            }
            _ => {
                offset += open + 1;
                rest = &stored[offset..];
            }
        }
    }
    if literal_start < stored.len() {
        segments.push((&stored[literal_start..], false));
    }
    segments
}

fn tags(tags: &Value) -> Vec<String> {
    tags.as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect()
}

/// A 7-day link to the redacted recording, served by `muffle web` on the demo's data.
async fn media_link(runtime: &runtime::Runtime, call_id: i64) -> anyhow::Result<MediaLink> {
    use jobs::media_links::{MintRequest, Purpose, mint};
    let request = MintRequest {
        call_id,
        purpose: Purpose::Share,
        ttl_days: Some(7),
    };
    let link = mint(
        &runtime.db,
        &runtime.config.public_url,
        &request,
        chrono::Utc::now(),
    )
    .await?;
    Ok(MediaLink {
        url: link.url,
        expires_in_days: 7,
        serve_with: format!(
            "MUFFLE_DATA_DIR={} muffle web",
            runtime.config.data_dir.display()
        ),
    })
}

/// A retention schedule that fires now: every second, erase texts older than 0 days.
async fn retention(
    runtime: &std::sync::Arc<runtime::Runtime>,
    account_id: i64,
) -> anyhow::Result<Retention> {
    use jobs::retention::admin;
    let new = admin::NewSchedule {
        account_id,
        cron: "* * * * * *".into(),
        timezone: Some("America/New_York".into()),
        kinds: "texts".into(),
        older_than_days: 0,
        action: "redact_all".into(),
    };
    let schedule_id = admin::add(&runtime.db, &new).await?;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    jobs::retention::clock::tick(&runtime.db, runtime.job_queue.as_ref(), chrono::Utc::now())
        .await?;
    runtime::run(runtime.clone(), runtime::Until::Drained).await?;
    let sweeps = entity::sweep_runs::Entity::find()
        .filter(entity::sweep_runs::Column::ScheduleId.eq(schedule_id))
        .all(&runtime.db)
        .await?;
    let texts_after = entity::texts::Entity::find()
        .order_by_asc(entity::texts::Column::Id)
        .all(&runtime.db)
        .await?
        .into_iter()
        .map(|text| text.body)
        .collect();
    Ok(Retention {
        schedule_id,
        schedule: "every second (`* * * * * *`), redact_all texts older than 0 days".into(),
        sweeps: sweeps.len(),
        changed: sweeps.iter().map(|s| s.changed).sum(),
        texts_after,
    })
}

/// Colours for a terminal; nothing when piped or `NO_COLOR` is set.
struct Style {
    colour: bool,
}

impl Style {
    fn for_stdout() -> Style {
        Style {
            colour: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn heading(&self, text: &str) -> String {
        self.paint("1", text)
    }

    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    /// A value found in the original.
    fn found(&self, text: &str) -> String {
        self.paint("1;31", text)
    }

    /// The placeholder now stored in its place.
    fn placeholder(&self, text: &str) -> String {
        self.paint("1;32", text)
    }
}

/// Printed before the worker runs, so the wait has a caption.
fn render_intro(seeded: &Seeded, dir: &Path, log: Option<&Path>, style: &Style) -> String {
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

fn render(report: &Report, style: &Style) -> String {
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

fn render_interaction(interaction: &Interaction, style: &Style) -> String {
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

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Milliseconds as seconds with one decimal (`12.4`).
fn seconds(ms: u64) -> String {
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}

const DEMO_RECORDING_KEY: &str = "demo/call-1.wav";

/// 8 kHz 16-bit mono PCM: a tone per word at the word's time, quiet between words.
pub(crate) fn synthesize_recording(transcript: &Value) -> Vec<u8> {
    const RATE: u32 = 8_000;
    let words = transcript["words"].as_array().cloned().unwrap_or_default();
    let end_ms = words.last().and_then(|w| w["end_ms"].as_u64()).unwrap_or(0) + 1_000;
    let mut samples = vec![0i16; (end_ms * RATE as u64 / 1000) as usize];
    for (i, word) in words.iter().enumerate() {
        let (start, end) = (
            word["start_ms"].as_u64().unwrap_or(0),
            word["end_ms"].as_u64().unwrap_or(0),
        );
        let frequency = 300.0 + 40.0 * (i % 12) as f64;
        for n in (start * RATE as u64 / 1000)..(end * RATE as u64 / 1000).min(samples.len() as u64)
        {
            let t = n as f64 / RATE as f64;
            samples[n as usize] =
                (8_000.0 * (2.0 * std::f64::consts::PI * frequency * t).sin()) as i16;
        }
    }
    let data_len = (samples.len() * 2) as u32;
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&RATE.to_le_bytes());
    wav.extend_from_slice(&(RATE * 2).to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    for sample in samples {
        wav.extend_from_slice(&sample.to_le_bytes());
    }
    wav
}

struct Seeded {
    summary: String,
    account_id: i64,
    call_id: i64,
    text_ids: Vec<i64>,
    chat_id: i64,
    form_id: i64,
    jobs: Vec<(&'static str, Value)>,
}

async fn seed(db: &DatabaseConnection) -> anyhow::Result<Seeded> {
    let account = entity::accounts::ActiveModel {
        name: Set("Acme Home Services".into()),
        timezone: Set("America/New_York".into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let call = entity::calls::ActiveModel {
        account_id: Set(account.id),
        caller_number: Set(Some("+14155550134".into())),
        transcript: Set(Some(transcript(CALL))),
        recording_key: Set(Some(DEMO_RECORDING_KEY.into())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut text_ids = Vec::new();
    for body in TEXTS {
        let text = entity::texts::ActiveModel {
            account_id: Set(account.id),
            from_number: Set(Some("+14155550134".into())),
            to_number: Set(Some("+18005550100".into())),
            body: Set(body.into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        text_ids.push(text.id);
    }
    let chat = entity::chats::ActiveModel {
        account_id: Set(account.id),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (sender, body) in CHAT {
        entity::chat_messages::ActiveModel {
            chat_id: Set(chat.id),
            sender: Set(sender.into()),
            body: Set(body.into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let fields: Vec<Value> = FORM
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect();
    let form = entity::form_submissions::ActiveModel {
        account_id: Set(account.id),
        fields: Set(Value::Array(fields)),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let mut jobs = vec![("redact_call", json!({"call_id": call.id}))];
    jobs.extend(
        text_ids
            .iter()
            .map(|id| ("redact_text", json!({"text_id": id}))),
    );
    jobs.push(("redact_chat", json!({"chat_id": chat.id})));
    jobs.push(("redact_form", json!({"form_id": form.id})));
    Ok(Seeded {
        summary: "1 account, 1 call, 2 texts, 1 chat, 1 form".into(),
        account_id: account.id,
        call_id: call.id,
        text_ids,
        chat_id: chat.id,
        form_id: form.id,
        jobs,
    })
}

/// `speaker: words` lines → a word-timed transcript (0.4 s a word, 0.6 s between turns).
pub fn transcript(lines: &str) -> Value {
    let mut words = Vec::new();
    let mut at = 0u64;
    for line in lines.lines() {
        let Some((speaker, text)) = line.split_once(": ") else {
            continue;
        };
        for word in text.split_whitespace() {
            words.push(json!({"text": word, "start_ms": at, "end_ms": at + 350, "speaker": speaker.trim()}));
            at += 400;
        }
        at += 600;
    }
    json!({ "words": words })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_aligns_with_the_original_on_its_placeholders() {
        let (before, after) = align(
            "and card 5500 0000 0000 0004 exp 11/28",
            "and card [CREDIT_CARD] exp [CARD_EXPIRY]",
        )
        .unwrap();
        assert_eq!(
            before,
            vec![
                Piece::plain("and card "),
                Piece::found("5500 0000 0000 0004", "CREDIT_CARD"),
                Piece::plain(" exp "),
                Piece::found("11/28", "CARD_EXPIRY"),
            ]
        );
        assert_eq!(after[1], Piece::found("[CREDIT_CARD]", "CREDIT_CARD"));
        // Unchanged text, and text that does not line up, show unmarked.
        assert_eq!(align("hi", "hi").unwrap().0, vec![Piece::plain("hi")]);
        assert!(align("hi there", "bye [PHONE]").is_none());
        assert_eq!(
            placeholder_segments("a [note] b"),
            vec![("a [note] b", false)]
        );
    }

    #[test]
    fn a_spoken_value_is_one_placeholder_in_the_human_view() {
        let original =
            transcript("agent: the card number\ncustomer: four one one one\ncustomer: one thanks");
        let mut stored = original.clone();
        for index in 3..8 {
            stored["words"][index]["text"] = Value::from("[CREDIT_CARD]");
        }
        let spans = [WordSpan {
            first: 3,
            last: 7,
            entity: "CREDIT_CARD".into(),
        }];
        let lines = call_lines(&original, &stored, &spans);
        assert_eq!(lines.len(), 2);
        assert!(!lines[0].changed());
        assert_eq!(lines[1].label.as_deref(), Some("customer"));
        assert_eq!(lines[1].before_text(), "four one one one one thanks");
        assert_eq!(lines[1].after_text(), "[CREDIT_CARD] thanks");
        assert_eq!(
            lines[1].before[0],
            Piece::found("four one one one one", "CREDIT_CARD")
        );
    }

    #[test]
    fn colour_only_on_a_terminal() {
        let piece = |colour| Style { colour }.found("4111");
        assert_eq!(piece(false), "4111");
        assert_eq!(piece(true), "\x1b[1;31m4111\x1b[0m");
    }
}

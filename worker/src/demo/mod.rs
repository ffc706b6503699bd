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

mod render;
mod seed;
mod story;

use render::*;
use seed::*;
pub(crate) use seed::{CALL, synthesize_recording, transcript};
use story::*;

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

#[cfg(test)]
mod tests;

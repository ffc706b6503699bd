//! `muffle demo`: seeds a fresh embedded database with realistic interactions, runs the real
//! worker in-process until every queue is drained, and prints what happened.

use std::time::Duration;

use anyhow::Context as _;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};
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

pub async fn run(mut config: Config) -> anyhow::Result<()> {
    // Always the embedded default, in a fresh directory, so the demo needs no servers and
    // repeated runs start clean.
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
    println!(
        "Seeded {} in {}; processing {} jobs…\n",
        seeded.summary,
        dir.display(),
        seeded.jobs.len()
    );
    runtime::run(runtime.clone(), runtime::Until::Drained).await?;
    report(&runtime.db, &seeded).await?;
    retention(&runtime, seeded.account_id).await?;
    println!(
        "\nListen: {} (original) and {} (redacted)",
        dir.join("call-original.wav").display(),
        stored.display()
    );
    media_link(&runtime, seeded.call_id, &dir).await?;
    crate::demo_mail::send_notifications(&runtime, seeded.account_id, seeded.call_id)
        .await?
        .print();
    Ok(())
}

/// A 7-day link to the redacted recording, served by `muffle web` on the demo's data.
async fn media_link(
    runtime: &runtime::Runtime,
    call_id: i64,
    dir: &std::path::Path,
) -> anyhow::Result<()> {
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
    println!(
        "\n== Media link (expires in 7 days) ==\nOpen it while `MUFFLE_DATA_DIR={} muffle web` runs:\n{}",
        dir.display(),
        link.url
    );
    Ok(())
}

/// A retention schedule that fires now: every second, erase texts older than 0 days.
async fn retention(
    runtime: &std::sync::Arc<runtime::Runtime>,
    account_id: i64,
) -> anyhow::Result<()> {
    use jobs::retention::admin;
    let new = admin::NewSchedule {
        account_id,
        cron: "* * * * * *".into(),
        timezone: Some("America/New_York".into()),
        kinds: "texts".into(),
        older_than_days: 0,
        action: "redact_all".into(),
    };
    let id = admin::add(&runtime.db, &new).await?;
    println!("\n== Retention schedule {id}: every second, redact_all texts older than 0 days ==");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let fires =
        jobs::retention::clock::tick(&runtime.db, runtime.job_queue.as_ref(), chrono::Utc::now())
            .await?;
    println!("clock tick enqueued {fires} sweep(s)");
    runtime::run(runtime.clone(), runtime::Until::Drained).await?;
    print!("{}", admin::sweeps_status(&runtime.db, 5).await?);
    for text in entity::texts::Entity::find().all(&runtime.db).await? {
        println!(
            "text {} after the sweep: {} {}",
            text.id, text.body, text.tags
        );
    }
    Ok(())
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

async fn report(db: &DatabaseConnection, seeded: &Seeded) -> anyhow::Result<()> {
    let call = entity::calls::Entity::find_by_id(seeded.call_id)
        .one(db)
        .await?
        .context("demo call vanished")?;
    println!("== Call {} ==", call.id);
    println!("{}", transcript_text(call.transcript.as_ref()));
    println!("tags: {}", call.tags);
    if let Some(ranges) = &call.redaction_ranges {
        println!("audio ranges silenced: {ranges}");
    }
    match (call.recording_redacted_at, &call.recording_checksum) {
        (Some(at), Some(checksum)) => println!("recording rewritten at {at}, sha256 {checksum}"),
        _ => println!("recording NOT rewritten"),
    }
    for id in &seeded.text_ids {
        let text = entity::texts::Entity::find_by_id(*id)
            .one(db)
            .await?
            .context("demo text vanished")?;
        println!(
            "\n== Text {} ==\n{}\ntags: {}",
            text.id, text.body, text.tags
        );
    }
    let chat = entity::chats::Entity::find_by_id(seeded.chat_id)
        .one(db)
        .await?
        .context("demo chat vanished")?;
    println!("\n== Chat {} ==", chat.id);
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let messages = entity::chat_messages::Entity::find()
        .filter(entity::chat_messages::Column::ChatId.eq(chat.id))
        .order_by_asc(entity::chat_messages::Column::Id)
        .all(db)
        .await?;
    for message in messages {
        println!("{}: {}", message.sender, message.body);
    }
    println!("tags: {}", chat.tags);
    let form = entity::form_submissions::Entity::find_by_id(seeded.form_id)
        .one(db)
        .await?
        .context("demo form vanished")?;
    println!("\n== Form {} ==", form.id);
    for field in form.fields.as_array().into_iter().flatten() {
        println!(
            "{}: {}",
            field["name"].as_str().unwrap_or("?"),
            field["value"].as_str().unwrap_or("?")
        );
    }
    println!("tags: {}", form.tags);

    let events = entity::redaction_events::Entity::find()
        .filter(entity::redaction_events::Column::AccountId.eq(seeded.account_id))
        .all(db)
        .await?;
    println!(
        "\nAudit: {} redaction events (types and locations only, never values)",
        events.len()
    );
    let failed = entity::failed_jobs::Entity::find().all(db).await?;
    if failed.is_empty() {
        println!("All jobs succeeded.");
    } else {
        for job in failed {
            println!(
                "FAILED {} ({} attempts): {}",
                job.job_name, job.attempts, job.error
            );
        }
        anyhow::bail!("some demo jobs failed");
    }
    Ok(())
}

fn transcript_text(transcript: Option<&Value>) -> String {
    let mut out = String::new();
    let mut speaker = "";
    for word in transcript
        .and_then(|t| t["words"].as_array())
        .into_iter()
        .flatten()
    {
        let this = word["speaker"].as_str().unwrap_or("?");
        if this != speaker {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(this);
            out.push(':');
            speaker = this;
        }
        out.push(' ');
        out.push_str(word["text"].as_str().unwrap_or(""));
    }
    out
}

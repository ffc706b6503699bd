//! The demo's interactions, as the platform would write them, and the call's synthetic
//! recording.

use super::*;

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

pub(super) const TEXTS: [&str; 2] = [
    "Hi, it's Sam. My new cell is (415) 555-0134, and my SSN for the application is 123-45-6789",
    "Running late, order #88213 should be there by 5:30. Thanks!",
];

pub(super) const CHAT: [(&str, &str); 4] = [
    ("visitor", "hi, can I update my billing email?"),
    ("agent", "Of course, what's the new address?"),
    ("visitor", "it's jordan.lee@example.com"),
    ("visitor", "and card 5500 0000 0000 0004 exp 11/28"),
];

pub(super) const FORM: [(&str, &str); 5] = [
    ("Name", "Alex Rivera"),
    ("Email", "alex.rivera@example.org"),
    ("Routing number", "021000021"),
    ("Account number", "000123456789"),
    ("Message", "Please set up autopay for invoice 4471."),
];

pub(super) const DEMO_RECORDING_KEY: &str = "demo/call-1.wav";

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

pub(super) struct Seeded {
    pub(super) summary: String,
    pub(super) account_id: i64,
    pub(super) call_id: i64,
    pub(super) text_ids: Vec<i64>,
    pub(super) chat_id: i64,
    pub(super) form_id: i64,
    pub(super) jobs: Vec<(&'static str, Value)>,
}

pub(super) async fn seed(db: &DatabaseConnection) -> anyhow::Result<Seeded> {
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

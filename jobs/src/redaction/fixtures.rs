//! Test rows built from the shared corpus (`shared/corpus/pii-dev.jsonl`): calls get timed
//! transcripts from their `speaker: words` lines, chats one message per line, forms one field
//! per `Field: value` line, texts their body.

use chrono::{Duration, TimeZone, Utc};
use entity::{accounts, calls, chat_messages, chats, form_submissions, redaction_events, texts};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::{Value, json};

use crate::detect::{self, EntityType, InputKind};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/pii-dev.jsonl"
);

/// Milliseconds each fake transcript word lasts (words follow each other without gaps).
pub const WORD_MS: u64 = 400;

pub struct Item {
    pub id: String,
    pub kind: InputKind,
    pub text: String,
    pub gold: Vec<Gold>,
}

/// A gold span, in code points.
pub struct Gold {
    pub start: usize,
    pub end: usize,
    pub entity: EntityType,
}

pub fn corpus() -> Vec<Item> {
    let raw = std::fs::read_to_string(CORPUS).expect("read the shared corpus");
    raw.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("corpus line is JSON");
            Item {
                id: v["id"].as_str().unwrap().to_owned(),
                kind: v["kind"].as_str().unwrap().parse().unwrap(),
                text: v["text"].as_str().unwrap().to_owned(),
                gold: v["spans"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| Gold {
                        start: s["start"].as_u64().unwrap() as usize,
                        end: s["end"].as_u64().unwrap() as usize,
                        entity: EntityType::parse(s["type"].as_str().unwrap()).unwrap(),
                    })
                    .collect(),
            }
        })
        .collect()
}

pub fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

impl Item {
    fn chars(&self, start: usize, end: usize) -> String {
        self.text.chars().skip(start).take(end - start).collect()
    }

    /// Digits of the core-type gold spans with at least four of them: what must not survive.
    pub fn gold_digits(&self) -> Vec<String> {
        self.gold
            .iter()
            .filter(|g| g.entity.is_core())
            .map(|g| digits(&self.chars(g.start, g.end)))
            .filter(|d| d.len() >= 4)
            .collect()
    }

    /// The text of each core gold span (cards, CVVs, SSNs, …), as it appears in the item.
    pub fn gold_values(&self) -> Vec<String> {
        self.gold
            .iter()
            .filter(|g| g.entity.is_core())
            .map(|g| self.chars(g.start, g.end))
            .collect()
    }

    /// `(label, value, value's first code point)` per non-empty `label: value` line.
    pub fn labeled_lines(&self) -> Vec<(String, String, usize)> {
        let mut out = Vec::new();
        let mut offset = 0;
        for line in self.text.split('\n') {
            let line_chars = line.chars().count();
            if let Some((label, value)) = line.split_once(": ") {
                out.push((
                    label.to_owned(),
                    value.to_owned(),
                    offset + label.chars().count() + 2,
                ));
            }
            offset += line_chars + 1;
        }
        out
    }

    /// A transcript of the call's words with fake timings, and each word's code-point range.
    pub fn transcript(&self) -> (Value, Vec<(usize, usize)>) {
        let mut words = Vec::new();
        let mut ranges = Vec::new();
        for (speaker, value, start) in self.labeled_lines() {
            let mut pos = start;
            for piece in value.split(' ') {
                let len = piece.chars().count();
                if len > 0 {
                    let n = words.len() as u64;
                    words.push(json!({
                        "text": piece, "speaker": speaker,
                        "start_ms": n * WORD_MS, "end_ms": (n + 1) * WORD_MS,
                    }));
                    ranges.push((pos, pos + len));
                }
                pos += len + 1;
            }
        }
        (json!({ "words": words }), ranges)
    }

    /// Indices of the transcript words that overlap a core gold span.
    pub fn gold_words(&self) -> Vec<usize> {
        let (_, ranges) = self.transcript();
        ranges
            .iter()
            .enumerate()
            .filter(|(_, (s, e))| {
                self.gold
                    .iter()
                    .any(|g| g.entity.is_core() && *s < g.end && g.start < *e)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// True when the detector on its own removes every gold value: the jobs must then too.
    pub fn detector_catches_gold(&self) -> bool {
        let spans = detect::detect(&self.text, self.kind);
        if self.kind == InputKind::Call {
            // Spoken numbers carry no digits: every gold word must be under a span.
            let (_, ranges) = self.transcript();
            let to_byte = |cp: usize| {
                self.text
                    .char_indices()
                    .nth(cp)
                    .map_or(self.text.len(), |(b, _)| b)
            };
            return self.gold_words().iter().all(|&i| {
                let (s, e) = (to_byte(ranges[i].0), to_byte(ranges[i].1));
                spans.iter().any(|span| span.start <= s && e <= span.end)
            });
        }
        let left = digits(&detect::redact(&self.text, &spans));
        self.gold_digits()
            .iter()
            .all(|d| !left.contains(d.as_str()))
    }
}

/// The first `n` items of `kind` that hold core gold values the detector catches.
pub fn sample(kind: InputKind, n: usize) -> Vec<Item> {
    corpus()
        .into_iter()
        .filter(|item| item.kind == kind)
        .filter(|item| item.gold.iter().any(|g| g.entity.is_core()))
        .filter(|item| kind == InputKind::Call || !item.gold_digits().is_empty())
        .filter(Item::detector_catches_gold)
        .take(n)
        .collect()
}

pub async fn account(
    db: &DatabaseConnection,
    secure_transcription: bool,
    redact_types: Option<Value>,
) -> i64 {
    accounts::ActiveModel {
        name: Set("Acme Plumbing".into()),
        secure_transcription: Set(secure_transcription),
        redact_types: Set(redact_types),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// Rows get increasing times so keyset order is predictable.
fn at(minute: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap() + Duration::minutes(minute)
}

pub async fn call(
    db: &DatabaseConnection,
    account_id: i64,
    transcript: Option<Value>,
    caller_number: Option<&str>,
    recording_key: Option<&str>,
) -> i64 {
    calls::ActiveModel {
        account_id: Set(account_id),
        started_at: Set(at(0)),
        transcript: Set(transcript),
        caller_number: Set(caller_number.map(str::to_owned)),
        recording_key: Set(recording_key.map(str::to_owned)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

pub async fn call_from(db: &DatabaseConnection, account_id: i64, item: &Item) -> i64 {
    call(db, account_id, Some(item.transcript().0), None, None).await
}

pub async fn text(
    db: &DatabaseConnection,
    account_id: i64,
    body: &str,
    from_number: Option<&str>,
) -> i64 {
    texts::ActiveModel {
        account_id: Set(account_id),
        sent_at: Set(at(0)),
        body: Set(body.to_owned()),
        from_number: Set(from_number.map(str::to_owned)),
        to_number: Set(Some("+15550100000".into())),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

pub async fn chat(
    db: &DatabaseConnection,
    account_id: i64,
    lines: &[(String, String)],
    visitor_email: Option<&str>,
) -> i64 {
    let chat = chats::ActiveModel {
        account_id: Set(account_id),
        started_at: Set(at(0)),
        visitor_email: Set(visitor_email.map(str::to_owned)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for (i, (sender, body)) in lines.iter().enumerate() {
        chat_messages::ActiveModel {
            chat_id: Set(chat.id),
            sender: Set(sender.clone()),
            sent_at: Set(at(i as i64)),
            body: Set(body.clone()),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    chat.id
}

pub async fn chat_from(db: &DatabaseConnection, account_id: i64, item: &Item) -> i64 {
    let lines: Vec<(String, String)> = item
        .labeled_lines()
        .into_iter()
        .map(|(s, b, _)| (s, b))
        .collect();
    chat(db, account_id, &lines, None).await
}

pub async fn form(db: &DatabaseConnection, account_id: i64, fields: Value) -> i64 {
    form_submissions::ActiveModel {
        account_id: Set(account_id),
        submitted_at: Set(at(0)),
        fields: Set(fields),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

pub fn form_fields(item: &Item) -> Value {
    Value::Array(
        item.labeled_lines()
            .into_iter()
            .map(|(name, value, _)| json!({"name": name, "value": value}))
            .collect(),
    )
}

pub async fn form_from(db: &DatabaseConnection, account_id: i64, item: &Item) -> i64 {
    form(db, account_id, form_fields(item)).await
}

/// Every row of every table redaction touches, for before/after comparisons.
pub async fn snapshot(db: &DatabaseConnection) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        calls::Entity::find()
            .order_by_asc(calls::Column::Id)
            .all(db)
            .await
            .unwrap(),
        texts::Entity::find()
            .order_by_asc(texts::Column::Id)
            .all(db)
            .await
            .unwrap(),
        chats::Entity::find()
            .order_by_asc(chats::Column::Id)
            .all(db)
            .await
            .unwrap(),
        chat_messages::Entity::find()
            .order_by_asc(chat_messages::Column::Id)
            .all(db)
            .await
            .unwrap(),
        form_submissions::Entity::find()
            .order_by_asc(form_submissions::Column::Id)
            .all(db)
            .await
            .unwrap(),
        redaction_events::Entity::find()
            .order_by_asc(redaction_events::Column::Id)
            .all(db)
            .await
            .unwrap(),
    )
}

//! Redaction end to end: corpus interactions in Postgres, `redact_account` enqueued with the
//! CLI, a real `muffle run --drain` on Redis; then no core gold value is left anywhere.

use e2e::TestEnv;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};
use serde_json::{Value, json};

const CORE: [&str; 7] = [
    "CREDIT_CARD",
    "CARD_EXPIRY",
    "CARD_CVV",
    "SSN",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "BANK_ACCOUNT",
];
const PER_KIND: usize = 40;

struct Item {
    kind: String,
    text: String,
    /// Core gold values as they appear in the text.
    secrets: Vec<String>,
}

fn corpus() -> Vec<Item> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/pii-dev.jsonl"
    );
    let raw = std::fs::read_to_string(path).expect("shared corpus");
    let mut per_kind = std::collections::HashMap::<String, usize>::new();
    let mut items = Vec::new();
    for line in raw.lines() {
        let item: Value = serde_json::from_str(line).unwrap();
        let kind = item["kind"].as_str().unwrap().to_owned();
        let text = item["text"].as_str().unwrap().to_owned();
        let chars: Vec<char> = text.chars().collect();
        let secrets: Vec<String> = item["spans"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| CORE.contains(&s["type"].as_str().unwrap()))
            .map(|s| {
                chars[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
                    .iter()
                    .collect::<String>()
            })
            // Short values ("oh five") can recur innocently elsewhere; long ones cannot.
            .filter(|v: &String| v.chars().filter(|c| c.is_alphanumeric()).count() >= 8)
            .collect();
        let count = per_kind.entry(kind.clone()).or_default();
        if *count < PER_KIND && !secrets.is_empty() {
            *count += 1;
            items.push(Item {
                kind,
                text,
                secrets,
            });
        }
    }
    items
}

fn lines(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .filter_map(|line| line.split_once(": ").or_else(|| line.split_once(':')))
}

async fn seed(db: &DatabaseConnection, account_id: i64, item: &Item) {
    match item.kind.as_str() {
        "call" => {
            let mut words = Vec::new();
            let mut at = 0;
            for (speaker, text) in lines(&item.text) {
                for word in text.split_whitespace() {
                    words.push(json!({"text": word, "start_ms": at, "end_ms": at + 300, "speaker": speaker}));
                    at += 350;
                }
            }
            entity::calls::ActiveModel {
                account_id: Set(account_id),
                transcript: Set(Some(json!({"words": words}))),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
        "text" => {
            entity::texts::ActiveModel {
                account_id: Set(account_id),
                body: Set(item.text.clone()),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
        "chat" => {
            let chat = entity::chats::ActiveModel {
                account_id: Set(account_id),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
            for (sender, body) in lines(&item.text) {
                entity::chat_messages::ActiveModel {
                    chat_id: Set(chat.id),
                    sender: Set(sender.into()),
                    body: Set(body.into()),
                    ..Default::default()
                }
                .insert(db)
                .await
                .unwrap();
            }
        }
        "form" => {
            let fields: Vec<Value> = lines(&item.text)
                .map(|(name, value)| json!({"name": name, "value": value.trim()}))
                .collect();
            entity::form_submissions::ActiveModel {
                account_id: Set(account_id),
                fields: Set(Value::Array(fields)),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
        other => panic!("unknown kind {other}"),
    }
}

/// Every stored text of the account's interactions and audit rows, one string per row.
async fn everything(db: &DatabaseConnection) -> Vec<String> {
    let mut rows = Vec::new();
    for call in entity::calls::Entity::find().all(db).await.unwrap() {
        let words = call
            .transcript
            .as_ref()
            .and_then(|t| t["words"].as_array().cloned())
            .unwrap_or_default();
        rows.push(
            words
                .iter()
                .map(|w| w["text"].as_str().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" "),
        );
        rows.push(format!("{} {:?}", call.tags, call.redaction_ranges));
    }
    for text in entity::texts::Entity::find().all(db).await.unwrap() {
        rows.push(format!("{} {}", text.body, text.tags));
    }
    for message in entity::chat_messages::Entity::find().all(db).await.unwrap() {
        rows.push(message.body);
    }
    for form in entity::form_submissions::Entity::find()
        .all(db)
        .await
        .unwrap()
    {
        rows.push(form.fields.to_string());
    }
    for event in entity::redaction_events::Entity::find()
        .all(db)
        .await
        .unwrap()
    {
        rows.push(format!(
            "{} {} {} {}",
            event.entity_type, event.locations, event.job_id, event.actor
        ));
    }
    rows.sort();
    rows
}

#[tokio::test(flavor = "multi_thread")]
async fn no_gold_value_survives_a_drained_worker_and_a_second_run_changes_nothing() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    let db = env.db().await;
    let account = entity::accounts::ActiveModel {
        name: Set("corpus".into()),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let items = corpus();
    assert!(items.len() >= 4 * 30, "corpus sample of {}", items.len());
    for item in &items {
        seed(&db, account.id, item).await;
    }

    env.ok(&[
        "enqueue",
        "redact_account",
        "--json",
        &format!(r#"{{"account_id":{}}}"#, account.id),
    ]);
    env.ok(&["run", "--drain"]);

    let stored = everything(&db).await;
    let mut leaks = Vec::new();
    for item in &items {
        for secret in &item.secrets {
            if stored.iter().any(|row| row.contains(secret.as_str())) {
                leaks.push(format!(
                    "{} value of {} characters",
                    item.kind,
                    secret.chars().count()
                ));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} gold values survived: {leaks:?}",
        leaks.len()
    );
    let events = entity::redaction_events::Entity::find()
        .all(&db)
        .await
        .unwrap();
    assert!(
        events.len() >= items.len(),
        "one or more audit rows per interaction, got {}",
        events.len()
    );
    assert!(
        events
            .iter()
            .all(|e| e.actor == "platform" && e.detector_version > 0)
    );
    let texts = entity::texts::Entity::find().all(&db).await.unwrap();
    assert!(
        texts
            .iter()
            .all(|t| t.redacted_at.is_some()
                && t.tags.as_array().is_some_and(|tags| !tags.is_empty()))
    );
    assert_eq!(env.ok(&["jobs", "failed"]).trim(), "no failed jobs");

    // At-least-once delivery: the same work again changes nothing.
    env.ok(&[
        "enqueue",
        "redact_account",
        "--json",
        &format!(r#"{{"account_id":{}}}"#, account.id),
    ]);
    for call in entity::calls::Entity::find().all(&db).await.unwrap() {
        env.ok(&[
            "enqueue",
            "redact_call",
            "--json",
            &format!(r#"{{"call_id":{}}}"#, call.id),
        ]);
    }
    env.ok(&["run", "--drain"]);
    assert_eq!(everything(&db).await, stored);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_id_fails_once_with_a_clear_message() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    env.ok(&["enqueue", "redact_text", "--json", r#"{"text_id":987654}"#]);
    env.ok(&["run", "--drain"]);
    let failed = env.ok(&["jobs", "failed"]);
    assert!(
        failed.contains("redact_text") && failed.contains("987654"),
        "{failed}"
    );
    let row = failed.lines().find(|l| l.contains("redact_text")).unwrap();
    assert!(
        row.split_whitespace().nth(2) == Some("1"),
        "not retried: {row}"
    );
}

#[test]
fn the_demo_runs_on_the_embedded_default_and_shows_redactions() {
    let env = TestEnv::embedded();
    let out = env.ok(&["demo"]);
    for expected in [
        "[CREDIT_CARD]",
        "[CARD_CVV]",
        "[SSN]",
        "[EMAIL_ADDRESS]",
        "[BANK_ACCOUNT]",
        "pci:card",
        "audio: silenced",
        "All jobs succeeded.",
    ] {
        assert!(
            out.contains(expected),
            "demo output lacks {expected}:\n{out}"
        );
    }
    for value in [
        "123-45-6789",
        "5500 0000 0000 0004",
        "021000021",
        "jordan.lee@example.com",
    ] {
        // The demo shows each original (its found values marked) beside what is stored: a
        // value may appear in an original line, never in a stored (→) line or the log.
        assert!(out.contains(value), "the original is not shown:\n{out}");
        assert!(
            !out.lines()
                .any(|line| line.contains('→') && line.contains(value)),
            "a stored line shows an unredacted value:\n{out}"
        );
        let log = std::fs::read_to_string(env.data_dir.path().join("data/demo.log")).unwrap();
        assert!(!log.contains(value), "the log holds a value");
    }
}

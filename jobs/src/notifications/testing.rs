//! Fixtures for notification tests: accounts, agencies, calls and rules as the platform
//! writes them, and a job context whose mail lands in an outbox folder.

use std::{path::PathBuf, sync::Arc};

use chrono::{Duration, TimeZone, Utc};
use entity::{accounts, agencies, calls, notification_rules};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use serde_json::{Value, json};

use super::Mailer;
use crate::job::{JobContext, JobSettings};
use crate::testing::{RecordingQueue, context};

pub async fn agency(db: &DatabaseConnection, pci_mode: bool) -> i64 {
    agencies::ActiveModel {
        name: Set("Northwind Agency".into()),
        media_link_ttl_days: Set(Some(7)),
        media_auth: Set(crate::media_links::policy::AUTH_NONE.into()),
        pci_mode: Set(pci_mode),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

pub async fn account(db: &DatabaseConnection, agency_id: Option<i64>, recording: bool) -> i64 {
    accounts::ActiveModel {
        name: Set("Acme Dental".into()),
        timezone: Set("America/Los_Angeles".into()),
        recording_enabled: Set(recording),
        agency_id: Set(agency_id),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A finished call; `ready` marks the transcript redacted and the recording rewritten.
pub async fn call(
    db: &DatabaseConnection,
    account_id: i64,
    recording: Option<&str>,
    ready: bool,
) -> i64 {
    let redacted = ready.then(Utc::now);
    calls::ActiveModel {
        account_id: Set(account_id),
        started_at: Set(Utc.with_ymd_and_hms(2026, 12, 1, 18, 30, 0).unwrap()),
        caller_number: Set(Some("+1 (415) 555-0100".into())),
        recording_key: Set(recording.map(str::to_owned)),
        redacted_at: Set(redacted),
        detector_version: Set(ready.then_some(crate::detect::DETECTOR_VERSION)),
        redaction_ranges: Set(Some(json!([{"start_ms": 0, "end_ms": 100}]))),
        recording_redacted_at: Set(redacted),
        duration_seconds: Set(Some(125)),
        source: Set(Some("Google Ads".into())),
        tags: Set(json!(["pci:card"])),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A rule as the platform inserts it: account, recipients, include_audio, enabled.
pub async fn bare_rule(
    db: &DatabaseConnection,
    account_id: i64,
    recipients: &[&str],
    include_audio: bool,
) -> i64 {
    rule(db, account_id, recipients, include_audio, json!({}), None).await
}

pub async fn rule(
    db: &DatabaseConnection,
    account_id: i64,
    recipients: &[&str],
    include_audio: bool,
    criteria: Value,
    fields: Option<Value>,
) -> i64 {
    notification_rules::ActiveModel {
        account_id: Set(account_id),
        recipients: Set(json!(recipients)),
        include_audio: Set(include_audio),
        enabled: Set(true),
        criteria: Set(criteria),
        fields: Set(fields),
        created_at: Set(Utc::now() - Duration::minutes(1)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A context whose mail goes to a fresh outbox folder.
pub fn context_with_outbox(db: &DatabaseConnection) -> (JobContext, Arc<RecordingQueue>, PathBuf) {
    let (mut ctx, queue) = context(db);
    let outbox = std::env::temp_dir().join(format!("muffle-mail-{}", uuid::Uuid::new_v4()));
    ctx.settings = Arc::new(JobSettings {
        mailer: Some(Arc::new(Mailer::outbox(&outbox))),
        public_url: "https://calls.example.com".into(),
        ..JobSettings::default()
    });
    (ctx, queue, outbox)
}

/// Every message in the outbox, as text.
pub fn outbox_messages(outbox: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(outbox) else {
        return Vec::new();
    };
    let mut messages: Vec<String> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    messages.sort();
    messages
}

/// A message's decoded text and HTML bodies, and its headers, joined: what a reader (or a
/// filter) could find in it, whatever the transfer encoding.
pub fn readable(raw: &str) -> String {
    let parsed = mailparse::parse_mail(raw.as_bytes()).expect("a MIME message");
    let mut out = String::new();
    for header in &parsed.headers {
        out.push_str(&format!("{}: {}\n", header.get_key(), header.get_value()));
    }
    for part in std::iter::once(&parsed).chain(parsed.subparts.iter()) {
        if let Ok(body) = part.get_body() {
            out.push_str(&body);
            out.push('\n');
        }
    }
    out
}

//! Post-call notifications end to end: `muffle enqueue notify_call` on Postgres + Redis, the
//! real worker, and a real SMTP server (scripts/smtp_test_server.py, aiosmtpd, started by
//! scripts/test.sh) delivering into a maildir: plain SMTP, STARTTLS with a self-signed
//! certificate, a 451 that is retried and a 550 that is recorded as bounced.

use e2e::TestEnv;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};
use serde_json::json;

fn smtp_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by scripts/test.sh"))
}

/// Every message in the test SMTP server's maildir addressed to `recipient`, decoded.
fn delivered_to(recipient: &str) -> Vec<String> {
    let maildir = std::path::PathBuf::from(smtp_env("TEST_SMTP_MAILDIR"));
    let mut found = Vec::new();
    for sub in ["new", "cur"] {
        let Ok(entries) = std::fs::read_dir(maildir.join(sub)) else {
            continue;
        };
        for entry in entries {
            let raw = std::fs::read(entry.unwrap().path()).unwrap();
            let parsed = mailparse::parse_mail(&raw).unwrap();
            let to = parsed
                .headers
                .iter()
                .find(|h| h.get_key().eq_ignore_ascii_case("to"))
                .map(|h| h.get_value())
                .unwrap_or_default();
            if !to.contains(recipient) {
                continue;
            }
            let mut text = String::from_utf8_lossy(&raw).into_owned();
            for part in std::iter::once(&parsed).chain(parsed.subparts.iter()) {
                text.push('\n');
                text.push_str(&part.get_body().unwrap_or_default());
            }
            found.push(text);
        }
    }
    found
}

fn unique(local: &str) -> String {
    format!(
        "{local}-{}@acme.example",
        ulid::Ulid::generate().to_string().to_lowercase()
    )
}

async fn account(db: &DatabaseConnection) -> i64 {
    entity::accounts::ActiveModel {
        name: Set("Acme Dental".into()),
        timezone: Set("America/New_York".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A call whose transcript reads a card number out, not yet redacted, without a recording.
async fn spoken_card_call(db: &DatabaseConnection, account_id: i64) -> i64 {
    let text = "agent: what's the card number caller: four one one one one one one one one one \
                one one one one one one thanks";
    let mut words = Vec::new();
    let mut speaker = "agent";
    for (i, word) in text.split(' ').enumerate() {
        if let Some(label) = word.strip_suffix(':') {
            speaker = if label == "agent" { "agent" } else { "caller" };
            continue;
        }
        words.push(json!({"text": word, "speaker": speaker,
                          "start_ms": i * 400, "end_ms": i * 400 + 300}));
    }
    entity::calls::ActiveModel {
        account_id: Set(account_id),
        caller_number: Set(Some("+1 212 555 0187".into())),
        transcript: Set(Some(json!({ "words": words }))),
        duration_seconds: Set(Some(95)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A call whose redaction and recording rewrite are done.
async fn ready_call(db: &DatabaseConnection, account_id: i64) -> i64 {
    let now = chrono::Utc::now();
    entity::calls::ActiveModel {
        account_id: Set(account_id),
        caller_number: Set(Some("+1 212 555 0142".into())),
        recording_key: Set(Some("calls/ready.wav".into())),
        redacted_at: Set(Some(now)),
        recording_redacted_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn rule(
    db: &DatabaseConnection,
    account_id: i64,
    to: &[&str],
    fields: serde_json::Value,
) -> i64 {
    // The way the platform inserts one, plus the excerpt field.
    entity::notification_rules::ActiveModel {
        account_id: Set(account_id),
        recipients: Set(json!(to)),
        include_audio: Set(true),
        enabled: Set(true),
        fields: Set(Some(fields)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

fn notify(env: &TestEnv, call_id: i64) {
    env.ok(&[
        "enqueue",
        "notify_call",
        "--json",
        &json!({ "call_id": call_id }).to_string(),
    ]);
}

#[tokio::test(flavor = "multi_thread")]
async fn notify_call_reaches_the_maildir_once_with_a_redacted_excerpt_and_a_link() {
    let env = TestEnv::production()
        .await
        .env("SMTP_URL", &smtp_env("TEST_SMTP_URL"))
        .env("MAIL_FROM", "Muffle <notify@muffle.example>")
        .env("MUFFLE_PUBLIC_URL", "https://calls.example.com");
    env.ok(&["migrate"]);
    let db = env.db().await;
    let account_id = account(&db).await;
    let recipient = unique("ops");
    rule(
        &db,
        account_id,
        &[&recipient],
        json!({"transcript_excerpt": true}),
    )
    .await;
    let spoken = spoken_card_call(&db, account_id).await;
    let ready = ready_call(&db, account_id).await;

    // Duplicate enqueues, as at-least-once delivery from the platform may produce.
    for call_id in [spoken, ready, spoken, ready] {
        notify(&env, call_id);
    }
    let run = env.run(&["run", "--drain"]);
    let log = String::from_utf8_lossy(&run.stderr);

    let messages = delivered_to(&recipient);
    assert_eq!(
        messages.len(),
        2,
        "one message per call, duplicates folded; log:\n{log}"
    );
    let about = |call_id: i64| {
        messages
            .iter()
            .find(|m| m.contains(&format!("(call {call_id})")))
            .unwrap_or_else(|| panic!("a message about call {call_id}"))
    };
    let spoken_mail = about(spoken);
    assert!(spoken_mail.contains("[CREDIT_CARD]"), "{spoken_mail}");
    assert!(
        !spoken_mail.to_lowercase().contains("one one one one"),
        "{spoken_mail}"
    );
    assert!(!spoken_mail.contains("/media/"), "no recording: no link");
    assert!(spoken_mail.contains("•••• 0187") && !spoken_mail.contains("555 0187"));
    let ready_mail = about(ready);
    assert!(
        ready_mail.contains("https://calls.example.com/media/"),
        "{ready_mail}"
    );
    assert!(
        ready_mail.contains("Message-ID: <muffle.call"),
        "{ready_mail}"
    );

    let listed = env.ok(&["notifications", "deliveries", "--call", &spoken.to_string()]);
    assert!(
        listed.contains("sent") && listed.contains("audio:no_recording"),
        "{listed}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_451_is_retried_and_a_550_is_recorded_as_bounced() {
    let env = TestEnv::production()
        .await
        .env("SMTP_URL", &smtp_env("TEST_SMTP_URL"));
    env.ok(&["migrate"]);
    let db = env.db().await;
    let account_id = account(&db).await;
    let (flaky, gone) = (unique("tempfail"), unique("bounce"));
    rule(&db, account_id, &[&flaky, &gone], json!({})).await;
    let call_id = ready_call(&db, account_id).await;

    notify(&env, call_id);
    env.ok(&["run", "--drain"]);

    assert_eq!(delivered_to(&flaky).len(), 1, "delivered on the retry");
    assert!(delivered_to(&gone).is_empty());
    let listed = env.ok(&[
        "notifications",
        "deliveries",
        "--call",
        &call_id.to_string(),
    ]);
    let line = |who: &str| listed.lines().find(|l| l.contains(who)).unwrap().to_owned();
    let flaky_line = line(&flaky);
    assert!(flaky_line.contains("\tsent\t2\t"), "{listed}");
    let gone_line = line(&gone);
    assert!(
        gone_line.contains("\tbounced\t1\t") && gone_line.contains("550"),
        "{listed}"
    );
    // A bounce is final: the job is not in the failed list, nothing retries it.
    let failed = env.ok(&["jobs", "failed"]);
    assert!(!failed.contains("send_call_notification"), "{failed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn starttls_with_the_relays_own_certificate_authority() {
    let tls_url = smtp_env("TEST_SMTP_TLS_URL");
    assert!(tls_url.contains("tls=required"));
    let trusted = TestEnv::production()
        .await
        .env("SMTP_URL", &tls_url)
        .env("SMTP_CA_FILE", &smtp_env("TEST_SMTP_CA_FILE"));
    trusted.ok(&["migrate"]);
    let db = trusted.db().await;
    let account_id = account(&db).await;
    let recipient = unique("tls");
    rule(&db, account_id, &[&recipient], json!({})).await;
    let call_id = ready_call(&db, account_id).await;
    notify(&trusted, call_id);
    let run = trusted.run(&["run", "--drain"]);
    let log = String::from_utf8_lossy(&run.stderr);
    assert_eq!(delivered_to(&recipient).len(), 1, "log:\n{log}");

    // Without the CA the certificate is refused: nothing is sent in the clear instead.
    let untrusted = TestEnv::production()
        .await
        .env("SMTP_URL", &tls_url)
        .env("MUFFLE_MAX_ATTEMPTS", "2");
    untrusted.ok(&["migrate"]);
    let db = untrusted.db().await;
    let account_id = account(&db).await;
    let refused = unique("tls-refused");
    rule(&db, account_id, &[&refused], json!({})).await;
    let call_id = ready_call(&db, account_id).await;
    notify(&untrusted, call_id);
    untrusted.ok(&["run", "--drain"]);
    assert!(delivered_to(&refused).is_empty());
    let listed = untrusted.ok(&[
        "notifications",
        "deliveries",
        "--call",
        &call_id.to_string(),
    ]);
    assert!(listed.contains("\tfailed\t2\t"), "{listed}");
}

#[test]
fn the_demo_sends_one_notification_with_a_link_and_one_without() {
    let env = TestEnv::embedded();
    let out = env.ok(&["demo"]);
    let outbox = out
        .lines()
        .find_map(|line| line.trim().strip_prefix("notification e-mails: "))
        .unwrap_or_else(|| panic!("the demo says where its e-mails are:\n{out}"));
    let mut messages: Vec<String> = std::fs::read_dir(outbox)
        .unwrap()
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .map(|raw| {
            let parsed = mailparse::parse_mail(&raw).unwrap();
            parsed
                .subparts
                .iter()
                .map(|p| p.get_body().unwrap())
                .collect()
        })
        .collect();
    messages.sort_by_key(|m| !m.contains("/media/"));
    assert_eq!(messages.len(), 2, "{out}");
    assert!(messages[0].contains("/media/") && messages[0].contains("[CREDIT_CARD]"));
    assert!(!messages[1].contains("/media/") && !messages[1].contains("http"));
    assert!(out.contains("audio:rule_excludes"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn rules_are_managed_and_previewed_from_the_cli() {
    let env = TestEnv::embedded();
    let db = env.db().await;
    let account_id = account(&db).await;
    let call_id = ready_call(&db, account_id).await;
    let account = account_id.to_string();

    let id = env.ok(&[
        "notifications",
        "rules",
        "add",
        "--account",
        &account,
        "--name",
        "After hours",
        "--to",
        "oncall@acme.example",
        "--business-hours",
        "mon-fri 09:00-17:00",
        "--outside-business-hours",
        "--no-audio",
    ]);
    let id = id.trim();
    let listed = env.ok(&["notifications", "rules", "list"]);
    assert!(
        listed.contains(&format!("{id}\t{account}\tyes\tno\t1\tAfter hours")),
        "{listed}"
    );
    let shown = env.ok(&["notifications", "rules", "show", id]);
    assert!(
        shown.contains("\"inside\":false") && shown.contains("oncall@acme.example"),
        "{shown}"
    );
    env.ok(&["notifications", "rules", "disable", id]);
    assert!(
        env.ok(&["notifications", "rules", "list"])
            .contains(&format!("{id}\t{account}\tno"))
    );

    let html = env.data_dir.path().join("preview.html");
    let preview = env.ok(&[
        "notifications",
        "preview",
        "--call",
        &call_id.to_string(),
        "--rule",
        id,
        "--html",
        html.to_str().unwrap(),
    ]);
    assert!(
        preview.starts_with("Subject: New call from •••• 0142"),
        "{preview}"
    );
    assert!(preview.contains("left out: audio:rule_excludes") && !preview.contains("/media/"));
    assert!(std::fs::read_to_string(&html).unwrap().contains("<h1"));
    assert!(
        entity::media_links::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .is_empty(),
        "no link minted"
    );

    for (args, expected) in [
        (
            vec![
                "notifications",
                "rules",
                "add",
                "--account",
                "999",
                "--to",
                "a@b.example",
            ],
            "account 999 not found",
        ),
        (
            vec![
                "notifications",
                "rules",
                "add",
                "--account",
                &account,
                "--to",
                "nobody",
            ],
            "recipient 1 is not an e-mail address",
        ),
        (
            vec![
                "notifications",
                "rules",
                "add",
                "--account",
                &account,
                "--to",
                "a@b.example",
                "--business-hours",
                "weekdays",
            ],
            "--business-hours",
        ),
        (
            vec!["notifications", "rules", "show", "4242"],
            "rule 4242 not found",
        ),
    ] {
        let output = env.run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

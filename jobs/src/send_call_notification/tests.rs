use chrono::{Duration, Utc};
use entity::notification_deliveries;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::*;
use crate::notifications::testing::*;
use crate::testing::test_db;

async fn deliveries_of(
    db: &sea_orm::DatabaseConnection,
    call_id: i64,
) -> Vec<notification_deliveries::Model> {
    notifications::admin::deliveries_for_call(db, call_id)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_bare_platform_rule_sends_the_default_fields_and_a_fresh_link() {
    let db = test_db().await;
    let (ctx, _, outbox) = context_with_outbox(&db);
    let account = account(&db, None, true).await;
    let call_id = call(&db, account, Some("rec/1.wav"), true).await;
    let rule_id = bare_rule(
        &db,
        account,
        &["ops@acme.example", "boss@acme.example"],
        true,
    )
    .await;

    SendCallNotification { call_id, rule_id }
        .run(ctx)
        .await
        .unwrap();

    let messages = outbox_messages(&outbox);
    assert_eq!(messages.len(), 2);
    let text = readable(&messages[0]);
    assert!(text.contains("https://calls.example.com/media/"), "{text}");
    assert!(
        text.contains("•••• 0100") && !text.contains("555-0100"),
        "masked caller"
    );
    assert!(text.contains("Tue 1 Dec 2026, 10:30 PST"), "local time");
    assert!(
        text.contains("2 min 05 s") && text.contains("pci:card") && text.contains("Google Ads")
    );
    let rows = deliveries_of(&db, call_id).await;
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert_eq!((row.status.as_str(), row.attempts), ("sent", 1));
        assert_eq!(row.omitted, json!([]));
        assert!(row.media_link_id.is_some() && row.sent_at.is_some());
    }
}

#[tokio::test]
async fn every_omission_reason_leaves_no_link_anywhere_in_the_message() {
    let db = test_db().await;
    let (mut ctx, _, outbox) = context_with_outbox(&db);
    // The waiting attempts are over: send now, without audio.
    ctx.attempt = WAIT_FOR_RECORDING_ATTEMPTS;
    let pci_agency = agency(&db, true).await;
    let cases = [
        (
            "audio:pci_mode",
            account(&db, Some(pci_agency), true).await,
            Some("r.wav"),
            true,
            true,
        ),
        (
            "audio:recording_disabled",
            account(&db, None, false).await,
            Some("r.wav"),
            true,
            true,
        ),
        (
            "audio:rule_excludes",
            account(&db, None, true).await,
            Some("r.wav"),
            true,
            false,
        ),
        (
            "audio:no_recording",
            account(&db, None, true).await,
            None,
            true,
            true,
        ),
        (
            "audio:recording_not_ready",
            account(&db, None, true).await,
            Some("r.wav"),
            false,
            true,
        ),
    ];
    for (reason, account, recording, ready, include_audio) in cases {
        let call_id = call(&db, account, recording, ready).await;
        let rule_id = bare_rule(&db, account, &["ops@acme.example"], include_audio).await;
        SendCallNotification { call_id, rule_id }
            .run(ctx.clone())
            .await
            .unwrap();
        let rows = deliveries_of(&db, call_id).await;
        assert_eq!(rows[0].status, "sent", "{reason}");
        assert_eq!(rows[0].omitted, json!([reason]), "{reason}");
        assert_eq!(rows[0].media_link_id, None, "{reason}");
    }
    let messages = outbox_messages(&outbox);
    assert_eq!(messages.len(), 5);
    for raw in &messages {
        let text = readable(raw);
        assert!(text.contains("Caller"), "a real message: {text}");
        for trace in ["/media/", "http", "Listen", "recording"] {
            assert!(
                !raw.contains(trace) && !text.contains(trace),
                "{trace} in {text}"
            );
        }
    }
    let links = entity::media_links::Entity::find().all(&db).await.unwrap();
    assert!(links.is_empty(), "no link minted for an omitted field");
}

#[tokio::test]
async fn a_pending_rewrite_is_waited_for_then_given_up_on() {
    let db = test_db().await;
    let (ctx, _, outbox) = context_with_outbox(&db);
    let account = account(&db, None, true).await;
    let call_id = call(&db, account, Some("r.wav"), false).await;
    let rule_id = bare_rule(&db, account, &["ops@acme.example"], true).await;
    let job = SendCallNotification { call_id, rule_id };
    let error = job.clone().run(ctx.clone()).await.unwrap_err();
    assert!(!error.is_permanent(), "{error}");
    assert!(outbox_messages(&outbox).is_empty());
}

#[tokio::test]
async fn duplicates_and_retries_send_once_and_a_dead_workers_claim_is_taken_over() {
    let db = test_db().await;
    let (ctx, _, outbox) = context_with_outbox(&db);
    let account = account(&db, None, true).await;
    let call_id = call(&db, account, Some("r.wav"), true).await;
    let rule_id = bare_rule(&db, account, &["ops@acme.example"], true).await;
    let job = SendCallNotification { call_id, rule_id };

    // A worker claimed the delivery and is (as far as anyone knows) still sending.
    let deliveries::Claim::Claimed(row) =
        deliveries::claim(&db, call_id, rule_id, "ops@acme.example", Utc::now())
            .await
            .unwrap()
    else {
        panic!("first claim")
    };
    let error = job.clone().run(ctx.clone()).await.unwrap_err();
    assert!(!error.is_permanent() && error.to_string().contains("another worker"));
    assert!(outbox_messages(&outbox).is_empty());

    // It died: its claim goes stale and the retry takes over.
    let mut stale: notification_deliveries::ActiveModel = row.into();
    stale.claimed_at = Set(Some(
        Utc::now() - deliveries::CLAIM_LEASE - Duration::seconds(1),
    ));
    stale.update(&db).await.unwrap();
    job.clone().run(ctx.clone()).await.unwrap();
    // Duplicate enqueues and redeliveries after that change nothing.
    job.clone().run(ctx.clone()).await.unwrap();
    job.run(ctx).await.unwrap();

    assert_eq!(outbox_messages(&outbox).len(), 1);
    let rows = deliveries_of(&db, call_id).await;
    assert_eq!(
        (rows.len(), rows[0].status.as_str(), rows[0].attempts),
        (1, "sent", 2)
    );
    let links = entity::media_links::Entity::find()
        .filter(entity::media_links::Column::CallId.eq(call_id))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(links.len(), 1, "one link per message sent");
}

#[tokio::test]
async fn bad_input_is_a_clear_permanent_error() {
    let db = test_db().await;
    let (ctx, _, _) = context_with_outbox(&db);
    let account = account(&db, None, true).await;
    let other = account_without_rules(&db).await;
    let call_id = call(&db, account, None, true).await;
    let rule_id = bare_rule(&db, other, &["ops@acme.example"], true).await;
    let run = |call_id, rule_id| SendCallNotification { call_id, rule_id }.run(ctx.clone());
    let message = |e: JobError| (e.is_permanent(), e.to_string());
    assert_eq!(
        message(run(call_id, 999).await.unwrap_err()),
        (true, "rule 999 not found".into())
    );
    assert_eq!(
        message(run(999, rule_id).await.unwrap_err()),
        (true, "call 999 not found".into())
    );
    let (permanent, text) = message(run(call_id, rule_id).await.unwrap_err());
    assert!(permanent && text.contains("not a rule of call"), "{text}");

    let (no_mail, _) = crate::testing::context(&db);
    let error = SendCallNotification { call_id, rule_id }
        .run(no_mail)
        .await
        .unwrap_err();
    assert!(error.is_permanent() && error.to_string().contains("SMTP_URL"));

    let bad = bare_rule(&db, account, &["not an address"], true).await;
    run(call_id, bad).await.unwrap();
    let rows = deliveries_of(&db, call_id).await;
    assert_eq!(rows[0].status, "bounced");
    assert_eq!(rows[0].error.as_deref(), Some("not an e-mail address"));
}

async fn account_without_rules(db: &sea_orm::DatabaseConnection) -> i64 {
    account(db, None, true).await
}

#[tokio::test]
async fn a_disabled_rule_sends_nothing() {
    let db = test_db().await;
    let (ctx, _, outbox) = context_with_outbox(&db);
    let account = account(&db, None, true).await;
    let call_id = call(&db, account, Some("r.wav"), true).await;
    let rule_id = bare_rule(&db, account, &["ops@acme.example"], true).await;
    notifications::admin::set_enabled(&db, rule_id, false)
        .await
        .unwrap();
    SendCallNotification { call_id, rule_id }
        .run(ctx)
        .await
        .unwrap();
    assert!(outbox_messages(&outbox).is_empty());
    assert!(deliveries_of(&db, call_id).await.is_empty());
}

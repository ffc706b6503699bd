use entity::calls;
use sea_orm::EntityTrait;
use serde_json::json;

use super::*;
use crate::detect::InputKind;
use crate::notifications::testing::*;
use crate::redaction::fixtures;
use crate::testing::test_db;

#[tokio::test]
async fn enqueues_one_send_per_matching_enabled_rule() {
    let db = test_db().await;
    let (ctx, queue, _) = context_with_outbox(&db);
    let account = account(&db, None, true).await;
    let call_id = call(&db, account, Some("r.wav"), true).await;
    let every_call = bare_rule(&db, account, &["a@acme.example"], true).await;
    let card_calls = rule(
        &db,
        account,
        &["b@acme.example"],
        true,
        json!({"tags": ["pci:card"]}),
        None,
    )
    .await;
    let _long_calls = rule(
        &db,
        account,
        &["c@acme.example"],
        true,
        json!({"min_duration_seconds": 600}),
        None,
    )
    .await;
    let disabled = bare_rule(&db, account, &["d@acme.example"], true).await;
    notifications::admin::set_enabled(&db, disabled, false)
        .await
        .unwrap();
    let _broken = rule(
        &db,
        account,
        &["e@acme.example"],
        true,
        json!({"colour": "red"}),
        None,
    )
    .await;
    let other_account = self::account(&db, None, true).await;
    let _elsewhere = bare_rule(&db, other_account, &["f@acme.example"], true).await;

    NotifyCall { call_id }.run(ctx).await.unwrap();

    let expected: Vec<_> = [every_call, card_calls]
        .into_iter()
        .map(|rule_id| {
            (
                "send_call_notification".to_owned(),
                json!({"call_id": call_id, "rule_id": rule_id}),
            )
        })
        .collect();
    assert_eq!(queue.jobs(), expected);
}

#[tokio::test]
async fn redacts_the_call_first_when_the_account_asks_for_it() {
    let db = test_db().await;
    let (ctx, _, _) = context_with_outbox(&db);
    let account_id = fixtures::account(&db, true, None).await;
    let item = &fixtures::sample(InputKind::Call, 1)[0];
    let call_id = fixtures::call_from(&db, account_id, item).await;

    NotifyCall { call_id }.run(ctx.clone()).await.unwrap();

    let call = calls::Entity::find_by_id(call_id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(call.redacted_at.is_some());
    assert_eq!(call.detector_version, Some(crate::detect::DETECTOR_VERSION));
    let error = NotifyCall { call_id: 424242 }.run(ctx).await.unwrap_err();
    assert_eq!(
        (error.is_permanent(), error.to_string()),
        (true, "call 424242 not found".into())
    );
}

/// End to end on the job level: corpus calls with card numbers, SSNs and the rest spoken in
/// them, a rule that includes the transcript excerpt; no gold value reaches a message.
#[tokio::test]
async fn excerpts_never_carry_a_gold_value_of_the_shared_corpus() {
    let db = test_db().await;
    let (ctx, queue, outbox) = context_with_outbox(&db);
    let account_id = fixtures::account(&db, true, None).await;
    let fields = json!({"transcript_excerpt": true, "caller_number": "omit"});
    let rule_id = rule(
        &db,
        account_id,
        &["ops@acme.example"],
        false,
        json!({}),
        Some(fields),
    )
    .await;
    let items = fixtures::sample(InputKind::Call, 25);
    assert!(items.len() >= 10);
    for item in &items {
        let call_id = fixtures::call_from(&db, account_id, item).await;
        NotifyCall { call_id }.run(ctx.clone()).await.unwrap();
        crate::send_call_notification::SendCallNotification { call_id, rule_id }
            .run(ctx.clone())
            .await
            .unwrap();
    }
    assert!(queue.jobs().len() >= items.len());
    let messages: Vec<String> = outbox_messages(&outbox)
        .iter()
        .map(|m| readable(m))
        .collect();
    assert_eq!(messages.len(), items.len());
    let gold: Vec<String> = items
        .iter()
        .flat_map(|item| item.gold_values())
        .filter(|value| value.chars().filter(char::is_ascii_alphanumeric).count() >= 4)
        .map(|value| value.to_lowercase())
        .collect();
    assert!(!gold.is_empty());
    let mut placeholders = 0;
    for message in &messages {
        let lower = message.to_lowercase();
        for value in &gold {
            assert!(
                !lower.contains(value.as_str()),
                "a gold value leaked into {message}"
            );
        }
        placeholders += message.matches('[').count();
    }
    assert!(placeholders > 0, "the excerpts show what was removed");
}

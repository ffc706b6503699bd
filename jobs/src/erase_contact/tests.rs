use entity::{calls, chats, form_submissions, redaction_events, texts};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};

use serde_json::json;

use super::*;
use crate::redaction::{ERASED_TAG, REDACTED, fixtures};
use crate::testing::{context, test_db};

fn contact() -> Contact {
    Contact::new(Some("(555) 123-4567"), Some(" Jo.Doe@Example.com ")).unwrap()
}

#[test]
fn contacts_need_a_usable_phone_or_email_and_errors_never_repeat_them() {
    assert!(Contact::new(None, None).is_err());
    assert!(Contact::new(Some(" "), Some("")).is_err());
    let error = Contact::new(Some("55-12"), None).unwrap_err();
    assert!(error.is_permanent() && !error.to_string().contains("5512"));
    let error = Contact::new(None, Some("jo.example.com")).unwrap_err();
    assert!(!error.to_string().contains("jo"));
    assert_eq!(
        phone_digits("+1 (555) 123-4567").as_deref(),
        Some("5551234567")
    );
    assert_eq!(
        phone_digits("+44 20 7946 0958").as_deref(),
        Some("442079460958")
    );
    let contact = contact();
    assert!(contact.is_phone(Some("555.123.4567")));
    assert!(!contact.is_phone(Some("555.123.4568")));
    assert!(contact.is_email(Some("jo.doe@example.COM")));
    assert!(contact.is_mentioned_in("reach me on 1-555-123-4567 after 5"));
    assert!(!contact.is_mentioned_in("order 555123"));
    assert!(
        serde_json::from_value::<EraseContact>(json!({"account_id": 1, "name": "Jo"})).is_err()
    );
}

#[tokio::test]
async fn erases_every_interaction_of_the_contact_once_whatever_the_policy() {
    let db = test_db().await;
    let (ctx, queue) = context(&db);
    // Secure transcription off: automatic redaction skips this account, erasure does not.
    let account_id = fixtures::account(&db, false, None).await;
    let other_account = fixtures::account(&db, true, None).await;
    let transcript = Some(
        fixtures::sample(crate::detect::InputKind::Call, 1)[0]
            .transcript()
            .0,
    );
    let recorded = fixtures::call(
        &db,
        account_id,
        transcript.clone(),
        Some("+1 555-123-4567"),
        Some("rec/a.wav"),
    )
    .await;
    let unrecorded = fixtures::call(&db, account_id, None, Some("5551234567"), None).await;
    let deleted = fixtures::call(
        &db,
        account_id,
        transcript.clone(),
        Some("555 123 4567"),
        Some("rec/b.wav"),
    )
    .await;
    let mut row = calls::Entity::find_by_id(deleted)
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.recording_deleted_at = Set(Some(chrono::Utc::now()));
    row.update(&db).await.unwrap();
    let stranger_call = fixtures::call(
        &db,
        account_id,
        transcript.clone(),
        Some("+15559876543"),
        Some("rec/c.wav"),
    )
    .await;
    let other_account_call = fixtures::call(
        &db,
        other_account,
        transcript,
        Some("5551234567"),
        Some("rec/d.wav"),
    )
    .await;

    let sent = fixtures::text(&db, account_id, "running late", Some("+15551234567")).await;
    let received = fixtures::text(&db, account_id, "see you at 5", Some("+15550100000")).await;
    let mut row = texts::Entity::find_by_id(received)
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.to_number = Set(Some("555.123.4567".into()));
    row.update(&db).await.unwrap();
    let stranger_text = fixtures::text(&db, account_id, "hello", Some("+15559876543")).await;

    let lines = [("visitor".to_owned(), "hi it's Jo".to_owned())];
    let chat = fixtures::chat(&db, account_id, &lines, Some("jo.doe@example.com")).await;
    let stranger_chat = fixtures::chat(&db, account_id, &lines, Some("someone@example.com")).await;

    let by_phone = fixtures::form(
        &db,
        account_id,
        json!([{"name": "Phone", "value": "555 123 4567"}]),
    )
    .await;
    let by_email = fixtures::form(
        &db,
        account_id,
        json!([{"name": "Notes", "value": "write to JO.DOE@example.com"}]),
    )
    .await;
    let stranger_form = fixtures::form(
        &db,
        account_id,
        json!([{"name": "Phone", "value": "555 987 6543"}]),
    )
    .await;

    let untouched = [
        format!(
            "{:?}",
            calls::Entity::find_by_id(stranger_call)
                .one(&db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            calls::Entity::find_by_id(other_account_call)
                .one(&db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            texts::Entity::find_by_id(stranger_text)
                .one(&db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            chats::Entity::find_by_id(stranger_chat)
                .one(&db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            form_submissions::Entity::find_by_id(stranger_form)
                .one(&db)
                .await
                .unwrap()
        ),
    ];

    let erased = erase_contact(&ctx, account_id, &contact()).await.unwrap();
    assert_eq!(
        erased,
        Erased {
            calls: 3,
            texts: 2,
            chats: 1,
            forms: 2,
            recordings: 1
        }
    );
    // The report names kinds in the one vocabulary, plural, singular as an alias.
    assert_eq!(
        erased.to_string(),
        "calls=3 texts=2 chats=1 forms=2 recordings=1"
    );
    for pair in erased
        .to_string()
        .split(' ')
        .filter(|p| !p.starts_with("recordings"))
    {
        let (name, count) = pair.split_once('=').unwrap();
        let kind: Kind = name.parse().unwrap();
        assert_eq!(erased.count(kind).to_string(), count);
        assert_eq!(kind.singular().parse::<Kind>(), Ok(kind));
    }
    assert_eq!(
        queue.jobs(),
        [("delete_recording".to_owned(), json!({"call_id": recorded}))]
    );

    for id in [recorded, unrecorded, deleted] {
        let call = calls::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(call.caller_number, None);
        assert_eq!(call.tags, json!([ERASED_TAG]));
        if let Some(transcript) = call.transcript {
            assert!(
                transcript["words"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|w| w["text"] == REDACTED)
            );
        }
    }
    for id in [sent, received] {
        let text = texts::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (text.body.as_str(), text.from_number, text.to_number),
            (REDACTED, None, None)
        );
    }
    let chat_row = chats::Entity::find_by_id(chat)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (chat_row.visitor_email, chat_row.tags),
        (None, json!([ERASED_TAG]))
    );
    for id in [by_phone, by_email] {
        let form = form_submissions::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(form.fields[0]["value"], REDACTED);
    }
    let now = [
        format!(
            "{:?}",
            calls::Entity::find_by_id(stranger_call)
                .one(&db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            calls::Entity::find_by_id(other_account_call)
                .one(&db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            texts::Entity::find_by_id(stranger_text)
                .one(&db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            chats::Entity::find_by_id(stranger_chat)
                .one(&db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            form_submissions::Entity::find_by_id(stranger_form)
                .one(&db)
                .await
                .unwrap()
        ),
    ];
    assert_eq!(now, untouched);

    // One audit event per erased interaction, holding no contact data.
    let events = redaction_events::Entity::find().all(&db).await.unwrap();
    assert_eq!(events.len(), 8);
    assert!(
        events
            .iter()
            .all(|e| e.entity_type == "ALL" && e.actor == "erasure")
    );
    for event in &events {
        let recorded = format!("{:?}", event.locations);
        assert!(
            !recorded.contains("555") && !recorded.contains('@'),
            "{recorded}"
        );
    }

    // Again (a retry, or the request sent twice): nothing left to erase.
    let before = fixtures::snapshot(&db).await;
    let job = EraseContact {
        account_id,
        phone: Some("555-123-4567".into()),
        email: Some("jo.doe@example.com".into()),
    };
    job.run(ctx.clone()).await.unwrap();
    assert_eq!(
        erase_contact(&ctx, account_id, &contact()).await.unwrap(),
        Erased::default()
    );
    assert_eq!(fixtures::snapshot(&db).await, before);
    assert_eq!(queue.jobs().len(), 1);

    let error = erase_contact(&ctx, 9999, &contact()).await.unwrap_err();
    assert_eq!(
        (error.is_permanent(), error.to_string()),
        (true, "account 9999 not found".into())
    );
}

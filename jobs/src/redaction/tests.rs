use std::collections::BTreeSet;

use entity::{calls, chat_messages, chats, form_submissions, redaction_events, texts};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};

use super::fixtures::{self, Item, digits, snapshot};
use super::*;
use crate::testing::{context, test_db};

// --- Pure parts ---------------------------------------------------------------------------

fn span(text: &str, needle: &str, entity: EntityType) -> Span {
    let start = text.find(needle).unwrap();
    Span {
        start,
        end: start + needle.len(),
        entity,
        confidence: 1.0,
        why: Default::default(),
    }
}

#[test]
fn placeholders_and_their_surroundings_are_not_new_findings() {
    assert!(is_placeholder_only("[CREDIT_CARD]"));
    assert!(is_placeholder_only(" [SSN], [REDACTED]."));
    assert!(!is_placeholder_only("[SSN] 6789"));
    assert!(!is_placeholder_only("PERSON_NAME"));

    let text = "my name is [PERSON_NAME] and ssn [SSN] 6789";
    let old = span(text, "[PERSON_NAME]", EntityType::PersonName);
    assert_eq!(fresh_part(text, old), None);
    let grown = span(text, "[SSN] 6789", EntityType::Ssn);
    let fresh = fresh_part(text, grown).unwrap();
    assert_eq!(&text[fresh.start..fresh.end], "6789");
}

#[test]
fn replacing_spans_reports_placeholder_positions_in_code_points() {
    let text = "héllo 4111 1111 1111 1111 ok 123";
    let spans = [
        span(text, "4111 1111 1111 1111", EntityType::CreditCard),
        span(text, "123", EntityType::CardCvv),
    ];
    let (out, placed) = replace_spans(text, &spans);
    assert_eq!(out, "héllo [CREDIT_CARD] ok [CARD_CVV]");
    let chars: Vec<char> = out.chars().collect();
    for (entity, start, end) in placed {
        assert_eq!(
            chars[start..end].iter().collect::<String>(),
            entity.placeholder()
        );
    }
}

#[test]
fn redact_types_select_entity_types_and_a_bad_policy_redacts_everything() {
    assert_eq!(allowed_types(None), EntityType::ALL.to_vec());
    assert_eq!(
        allowed_types(Some(&json!(["credit_card", "SSN", "NOPE"]))),
        vec![EntityType::CreditCard, EntityType::Ssn]
    );
    assert!(allowed_types(Some(&json!([]))).is_empty());
    assert_eq!(
        allowed_types(Some(&json!("CREDIT_CARD"))),
        EntityType::ALL.to_vec()
    );
}

#[test]
fn spans_over_joined_messages_map_back_to_each_message() {
    let parts = [
        ("agent", "card number?"),
        ("visitor", "4111 1111\n1111 1111"),
    ];
    let (text, ranges) = joined_lines(&parts);
    assert_eq!(text, "agent: card number?\nvisitor: 4111 1111 1111 1111\n");
    let whole = span(&text, "4111 1111 1111 1111", EntityType::CreditCard);
    let (per_part, counts) = split_spans(&text, &[whole], &ranges);
    assert!(per_part[0].is_empty());
    assert_eq!((per_part[1][0].start, per_part[1][0].end), (0, 19));
    assert_eq!(counts[&EntityType::CreditCard], 1);
}

// --- Against Postgres ---------------------------------------------------------------------

/// Items per kind (the detector catches every dev-corpus gold value; see `fixtures::sample`).
const SAMPLE: usize = 40;

struct Rows {
    calls: Vec<(i64, Item)>,
    texts: Vec<(i64, Item)>,
    chats: Vec<(i64, Item)>,
    forms: Vec<(i64, Item)>,
}

impl Rows {
    fn all(&self) -> Vec<(Kind, i64, &Item)> {
        let mut all = Vec::new();
        for (kind, rows) in [
            (Kind::Call, &self.calls),
            (Kind::Text, &self.texts),
            (Kind::Chat, &self.chats),
            (Kind::Form, &self.forms),
        ] {
            all.extend(rows.iter().map(|(id, item)| (kind, *id, item)));
        }
        all
    }
}

async fn corpus_rows(db: &DatabaseConnection, account_id: i64) -> Rows {
    let mut rows = Rows {
        calls: vec![],
        texts: vec![],
        chats: vec![],
        forms: vec![],
    };
    for item in fixtures::sample(InputKind::Call, SAMPLE) {
        rows.calls
            .push((fixtures::call_from(db, account_id, &item).await, item));
    }
    for item in fixtures::sample(InputKind::Text, SAMPLE) {
        rows.texts
            .push((fixtures::text(db, account_id, &item.text, None).await, item));
    }
    for item in fixtures::sample(InputKind::Chat, SAMPLE) {
        rows.chats
            .push((fixtures::chat_from(db, account_id, &item).await, item));
    }
    for item in fixtures::sample(InputKind::Form, SAMPLE) {
        rows.forms
            .push((fixtures::form_from(db, account_id, &item).await, item));
    }
    for list in [&rows.calls, &rows.texts, &rows.chats, &rows.forms] {
        assert_eq!(list.len(), SAMPLE, "corpus sample too small");
    }
    rows
}

pub(crate) async fn events_of(
    db: &DatabaseConnection,
    kind: Kind,
    id: i64,
) -> Vec<redaction_events::Model> {
    redaction_events::Entity::find()
        .filter(redaction_events::Column::InteractionKind.eq(kind.singular()))
        .filter(redaction_events::Column::InteractionId.eq(id))
        .order_by_asc(redaction_events::Column::Id)
        .all(db)
        .await
        .unwrap()
}

fn tags_of(tags: &Value) -> BTreeSet<String> {
    tags.as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_owned())
        .collect()
}

/// The interaction's text content as stored now: one string per body, message, field
/// value or transcript word.
async fn contents(db: &DatabaseConnection, kind: Kind, id: i64) -> (Vec<String>, Value) {
    match kind {
        Kind::Call => {
            let call = calls::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let words = call.transcript.as_ref().unwrap()["words"]
                .as_array()
                .unwrap()
                .clone();
            (
                words
                    .iter()
                    .map(|w| w["text"].as_str().unwrap().to_owned())
                    .collect(),
                call.tags,
            )
        }
        Kind::Text => {
            let text = texts::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            (vec![text.body], text.tags)
        }
        Kind::Chat => {
            let chat = chats::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let messages = chat_messages::Entity::find()
                .filter(chat_messages::Column::ChatId.eq(id))
                .order_by_asc(chat_messages::Column::Id)
                .all(db)
                .await
                .unwrap();
            (messages.into_iter().map(|m| m.body).collect(), chat.tags)
        }
        Kind::Form => {
            let form = form_submissions::Entity::find_by_id(id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            let values = form
                .fields
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["value"].as_str().unwrap().to_owned())
                .collect();
            (values, form.tags)
        }
    }
}

/// The entity types the detector finds in the original item, as the job sees it.
fn detected_types(kind: Kind, item: &Item) -> BTreeSet<EntityType> {
    if kind == Kind::Call {
        let (transcript, _) = item.transcript();
        let words = crate::transcript::words(&transcript).unwrap();
        return crate::transcript::detect(&words)
            .into_iter()
            .map(|s| s.entity)
            .collect();
    }
    detect::detect(&item.text, item.kind)
        .into_iter()
        .map(|s| s.entity)
        .collect()
}

/// Audit rows locate placeholders and carry nothing else: small integers under known keys.
fn assert_audit_rows_hold_no_values(
    events: &[redaction_events::Model],
    kind: Kind,
    contents: &[String],
    message_ids: &[i64],
    job_id: &str,
) {
    let keys: &[&str] = match kind {
        Kind::Call => &["first_word", "last_word", "start_ms", "end_ms"],
        Kind::Text => &["start", "end"],
        Kind::Chat => &["message_id", "start", "end"],
        Kind::Form => &["field", "start", "end"],
    };
    for event in events {
        assert_eq!(event.job_id, job_id);
        assert_eq!(event.detector_version, DETECTOR_VERSION);
        assert!(event.count >= 1);
        let entity = EntityType::parse(&event.entity_type).expect("a known entity type");
        for location in event.locations.as_array().unwrap() {
            let object = location.as_object().unwrap();
            assert!(
                object
                    .iter()
                    .all(|(k, v)| keys.contains(&k.as_str()) && v.is_u64()),
                "{location}"
            );
            // Offsets point at the placeholder left in the content.
            let at = |key: &str| object[key].as_u64().unwrap() as usize;
            let placed = match kind {
                Kind::Text => contents[0]
                    .chars()
                    .skip(at("start"))
                    .take(at("end") - at("start"))
                    .collect(),
                Kind::Form => contents[at("field")]
                    .chars()
                    .skip(at("start"))
                    .take(at("end") - at("start"))
                    .collect(),
                Kind::Call => contents[at("first_word")..=at("last_word")].join(" "),
                Kind::Chat => {
                    let index = message_ids
                        .iter()
                        .position(|m| *m == at("message_id") as i64)
                        .expect("a message of this chat");
                    contents[index]
                        .chars()
                        .skip(at("start"))
                        .take(at("end") - at("start"))
                        .collect()
                }
            };
            assert!(placed.contains(entity.placeholder()), "{placed}");
        }
    }
}

#[tokio::test]
async fn corpus_interactions_lose_every_gold_value_once_and_for_good() {
    let db = test_db().await;
    let (ctx, queue) = context(&db);
    let account_id = fixtures::account(&db, true, None).await;
    let rows = corpus_rows(&db, account_id).await;

    for (kind, id, _) in rows.all() {
        let outcome = redact_interaction(&ctx, kind, id, Actor::Platform, Mode::Detected)
            .await
            .unwrap();
        assert!(outcome.changed);
    }
    assert!(queue.jobs().is_empty(), "no recordings, no rewrites");

    for (kind, id, item) in rows.all() {
        let (content, tags) = contents(&db, kind, id).await;
        let events = events_of(&db, kind, id).await;
        let where_ = format!("{kind} {id} ({})", item.id);
        // No gold digits in any text column.
        for value in &content {
            for gold in item.gold_digits() {
                assert!(
                    !digits(value).contains(&gold),
                    "gold digits left in {where_}"
                );
            }
        }
        if kind == Kind::Call {
            for word in item.gold_words() {
                assert!(
                    is_placeholder_word(&content[word]),
                    "gold word {word} left in {where_}"
                );
            }
        }
        // Tags and audit rows say what the detector found, once per type.
        let expected = detected_types(kind, item);
        let expected_tags: BTreeSet<String> = expected.iter().map(|e| tag(*e).to_owned()).collect();
        assert_eq!(tags_of(&tags), expected_tags, "{where_}");
        let mut types: Vec<&str> = events.iter().map(|e| e.entity_type.as_str()).collect();
        types.sort();
        let mut expected_types: Vec<&str> = expected.iter().map(|e| e.as_str()).collect();
        expected_types.sort();
        assert_eq!(types, expected_types, "{where_}");
        assert!(
            events
                .iter()
                .all(|e| e.actor == "platform" && e.account_id == account_id)
        );
        let message_ids: Vec<i64> = chat_messages::Entity::find()
            .filter(chat_messages::Column::ChatId.eq(id))
            .order_by_asc(chat_messages::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        assert_audit_rows_hold_no_values(&events, kind, &content, &message_ids, &ctx.job_id);
    }

    // Second run: nothing changes.
    let before = snapshot(&db).await;
    for (kind, id, _) in rows.all() {
        let outcome = redact_interaction(&ctx, kind, id, Actor::Platform, Mode::Detected)
            .await
            .unwrap();
        assert!(!outcome.changed);
    }
    assert_eq!(snapshot(&db).await, before);

    // A newer detector over the placeholders finds nothing new: content, tags, audit unchanged.
    let contents_before: Vec<_> = {
        let mut all = Vec::new();
        for (kind, id, _) in rows.all() {
            all.push(contents(&db, kind, id).await);
        }
        all
    };
    let events_before = redaction_events::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .len();
    for table in ["calls", "texts", "chats", "form_submissions"] {
        db.execute_unprepared(&format!("UPDATE {table} SET detector_version = 0"))
            .await
            .unwrap();
    }
    for (kind, id, _) in rows.all() {
        let outcome = redact_interaction(&ctx, kind, id, Actor::Platform, Mode::Detected)
            .await
            .unwrap();
        assert!(
            outcome.entity_types.is_empty(),
            "{kind} {id}: {:?}",
            outcome.entity_types
        );
    }
    let mut contents_after = Vec::new();
    for (kind, id, _) in rows.all() {
        contents_after.push(contents(&db, kind, id).await);
    }
    assert_eq!(contents_after, contents_before);
    assert_eq!(
        redaction_events::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .len(),
        events_before
    );
    let versions: Vec<Option<i32>> = texts::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .iter()
        .map(|t| t.detector_version)
        .collect();
    assert!(versions.iter().all(|v| *v == Some(DETECTOR_VERSION)));
}

#[tokio::test]
async fn a_newer_detector_redacts_what_an_older_one_missed() {
    let db = test_db().await;
    let (ctx, _) = context(&db);
    let account_id = fixtures::account(&db, true, None).await;
    let id = fixtures::text(
        &db,
        account_id,
        "card [CREDIT_CARD] and my ssn is 123-45-6789",
        None,
    )
    .await;
    let mut old = texts::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    old.detector_version = Set(Some(DETECTOR_VERSION - 1));
    old.tags = Set(json!(["pci:card", "vip"]));
    old.update(&db).await.unwrap();

    let outcome = redact_interaction(&ctx, Kind::Text, id, Actor::Schedule, Mode::Detected)
        .await
        .unwrap();
    assert_eq!(outcome.entity_types, vec!["SSN"]);
    let text = texts::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(text.body, "card [CREDIT_CARD] and my ssn is [SSN]");
    assert_eq!(text.tags, json!(["pci:card", "vip", "pii:ssn"]));
    assert_eq!(text.detector_version, Some(DETECTOR_VERSION));
    let events = events_of(&db, Kind::Text, id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].entity_type.as_str(), events[0].actor.as_str()),
        ("SSN", "schedule")
    );
}

#[tokio::test]
async fn accounts_without_secure_transcription_are_skipped_but_still_erased() {
    let db = test_db().await;
    let (ctx, _) = context(&db);
    let account_id = fixtures::account(&db, false, None).await;
    let id = fixtures::text(
        &db,
        account_id,
        "my card is 4111 1111 1111 1111",
        Some("+15551234567"),
    )
    .await;
    let before = snapshot(&db).await;
    for actor in [Actor::Platform, Actor::Schedule] {
        let outcome = redact_interaction(&ctx, Kind::Text, id, actor, Mode::Detected)
            .await
            .unwrap();
        assert_eq!(outcome, Outcome::default());
    }
    assert_eq!(snapshot(&db).await, before);

    let outcome = redact_interaction(&ctx, Kind::Text, id, Actor::Erasure, Mode::All)
        .await
        .unwrap();
    assert_eq!(outcome.entity_types, vec![ALL_ENTITIES]);
    let text = texts::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (text.body.as_str(), text.from_number, text.to_number),
        (REDACTED, None, None)
    );
    assert_eq!(text.tags, json!([ERASED_TAG]));
    let events = events_of(&db, Kind::Text, id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(
        (
            events[0].entity_type.as_str(),
            events[0].actor.as_str(),
            events[0].count
        ),
        ("ALL", "erasure", 1)
    );
}

#[tokio::test]
async fn redact_types_limit_what_is_removed() {
    let db = test_db().await;
    let (ctx, _) = context(&db);
    let account_id = fixtures::account(&db, true, Some(json!(["CREDIT_CARD"]))).await;
    let id = fixtures::text(
        &db,
        account_id,
        "card 4111 1111 1111 1111, ssn 123-45-6789, mail me at jo@example.com",
        None,
    )
    .await;
    redact_interaction(&ctx, Kind::Text, id, Actor::Platform, Mode::Detected)
        .await
        .unwrap();
    let text = texts::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        text.body,
        "card [CREDIT_CARD], ssn 123-45-6789, mail me at jo@example.com"
    );
    assert_eq!(text.tags, json!(["pci:card"]));
    let types: Vec<String> = events_of(&db, Kind::Text, id)
        .await
        .into_iter()
        .map(|e| e.entity_type)
        .collect();
    assert_eq!(types, vec!["CREDIT_CARD"]);
}

#[tokio::test]
async fn unknown_ids_fail_permanently_naming_the_interaction() {
    let db = test_db().await;
    let (ctx, _) = context(&db);
    for kind in Kind::ALL {
        for mode in [Mode::Detected, Mode::All] {
            let error = redact_interaction(&ctx, kind, 424242, Actor::Platform, mode)
                .await
                .unwrap_err();
            assert!(error.is_permanent());
            assert_eq!(error.to_string(), format!("{kind} 424242 not found"));
        }
    }
}

#[tokio::test]
async fn concurrent_runs_on_one_interaction_write_one_set_of_audit_rows() {
    let db = test_db().await;
    let (ctx, _) = context(&db);
    let account_id = fixtures::account(&db, true, None).await;
    let item = &fixtures::sample(InputKind::Chat, 1)[0];
    let chat_id = fixtures::chat_from(&db, account_id, item).await;
    let text_id = fixtures::text(
        &db,
        account_id,
        "card 4111 1111 1111 1111 exp 04/28 cvv 123",
        None,
    )
    .await;

    for (kind, id) in [(Kind::Chat, chat_id), (Kind::Text, text_id)] {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let ctx = ctx.clone();
                tokio::spawn(async move {
                    redact_interaction(&ctx, kind, id, Actor::Platform, Mode::Detected)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut changed = 0;
        for run in runs {
            changed += usize::from(run.await.unwrap().changed);
        }
        assert_eq!(changed, 1, "{kind}");
        let events = events_of(&db, kind, id).await;
        let types: BTreeSet<&str> = events.iter().map(|e| e.entity_type.as_str()).collect();
        assert_eq!(types.len(), events.len(), "{kind}: one row per type, once");
        assert!(!events.is_empty());
    }
}

fn spoken_card() -> Value {
    let words = [
        ("agent", "what's"),
        ("agent", "the"),
        ("agent", "card"),
        ("agent", "number"),
        ("customer", "four"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("customer", "one"),
        ("agent", "thanks"),
    ];
    let words: Vec<Value> = words
        .iter()
        .enumerate()
        .map(|(i, (speaker, text))| {
            // A two second pause before "thanks" keeps it out of the padded range.
            let start = i as u64 * 300 + if i == 20 { 2000 } else { 0 };
            json!({"text": text, "speaker": speaker, "start_ms": start, "end_ms": start + 250})
        })
        .collect();
    json!({ "words": words, "language": "en" })
}

#[tokio::test]
async fn calls_get_padded_merged_ranges_and_a_rewrite_when_recorded() {
    let db = test_db().await;
    let (ctx, queue) = context(&db);
    let account_id = fixtures::account(&db, true, None).await;
    let recorded = fixtures::call(
        &db,
        account_id,
        Some(spoken_card()),
        None,
        Some("rec/1.wav"),
    )
    .await;
    let unrecorded = fixtures::call(&db, account_id, Some(spoken_card()), None, None).await;

    for id in [recorded, unrecorded] {
        let outcome = redact_interaction(&ctx, Kind::Call, id, Actor::Platform, Mode::Detected)
            .await
            .unwrap();
        assert_eq!(outcome.entity_types, vec!["CREDIT_CARD"]);
    }
    assert_eq!(
        queue.jobs(),
        vec![("rewrite_recording".to_owned(), json!({"call_id": recorded}))]
    );

    let call = calls::Entity::find_by_id(recorded)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let transcript = call.transcript.unwrap();
    assert_eq!(
        transcript["language"], "en",
        "other transcript keys are kept"
    );
    let texts: Vec<&str> = transcript["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts[..4], ["what's", "the", "card", "number"]);
    assert!(texts[4..20].iter().all(|t| *t == "[CREDIT_CARD]"));
    assert_eq!(texts[20], "thanks");
    assert_eq!(transcript["words"][4]["start_ms"], 1200, "timings kept");
    // Words 4..=19 span 1200..5950 ms; padded by 250 and merged into one range.
    assert_eq!(
        call.redaction_ranges,
        Some(json!([{"start_ms": 950, "end_ms": 6200}]))
    );
    assert_eq!(call.tags, json!(["pci:card"]));
    let events = events_of(&db, Kind::Call, recorded).await;
    assert_eq!(
        events[0].locations,
        json!([{"first_word": 4, "last_word": 19, "start_ms": 1200, "end_ms": 5950}])
    );

    // The rewrite is owed until the recording job marks it done: a re-run re-enqueues it
    // (the first enqueue may have been lost to a crash), and stops once it is done.
    redact_interaction(&ctx, Kind::Call, recorded, Actor::Platform, Mode::Detected)
        .await
        .unwrap();
    assert_eq!(queue.jobs().len(), 2);
    db.execute_unprepared(&format!(
        "UPDATE calls SET recording_redacted_at = now() WHERE id = {recorded}"
    ))
    .await
    .unwrap();
    redact_interaction(&ctx, Kind::Call, recorded, Actor::Platform, Mode::Detected)
        .await
        .unwrap();
    assert_eq!(queue.jobs().len(), 2);
}

#[tokio::test]
async fn an_untranscribed_call_is_skipped_not_failed() {
    let db = test_db().await;
    let (ctx, queue) = context(&db);
    let account_id = fixtures::account(&db, true, None).await;
    let id = fixtures::call(&db, account_id, None, None, Some("rec/untranscribed.wav")).await;
    let outcome = redact_interaction(&ctx, Kind::Call, id, Actor::Platform, Mode::Detected)
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::default(), "skipped: nothing written");
    let call = calls::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(call.detector_version, None, "picked up once transcribed");
    assert!(queue.jobs().is_empty());
}

/// The same fixture the offline `muffle redact-call` test reads (worker/src/redact_call.rs):
/// one transcript parser, so the job redacts the same words at the same times.
#[tokio::test]
async fn fractional_times_and_numbered_speakers_redact_as_the_offline_command_does() {
    let fixture: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/transcripts/numbered-speakers.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let db = test_db().await;
    let (mut ctx, _) = context(&db);
    ctx.settings = std::sync::Arc::new(crate::job::JobSettings {
        audio_pad_ms: 0,
        ..Default::default()
    });
    let account_id = fixtures::account(&db, true, None).await;
    let id = fixtures::call(
        &db,
        account_id,
        Some(fixture["transcript"].clone()),
        None,
        None,
    )
    .await;
    redact_interaction(&ctx, Kind::Call, id, Actor::Platform, Mode::Detected)
        .await
        .unwrap();
    let call = calls::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let transcript = call.transcript.unwrap();
    let texts: Vec<Value> = transcript["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["text"].clone())
        .collect();
    assert_eq!(texts, *fixture["redacted_texts"].as_array().unwrap());
    assert_eq!(
        call.redaction_ranges,
        Some(json!([fixture["unpadded_range"]]))
    );
}

#[tokio::test]
async fn unreadable_transcripts_fail_permanently_naming_the_call() {
    let db = test_db().await;
    let (ctx, _) = context(&db);
    let account_id = fixtures::account(&db, true, None).await;
    for transcript in [
        Some(json!("4111 1111 1111 1111")),
        Some(json!({"words": []})),
        Some(json!({"words": [{"text": "4111", "start_ms": "soon"}]})),
    ] {
        let id = fixtures::call(&db, account_id, transcript, None, None).await;
        let error = redact_interaction(&ctx, Kind::Call, id, Actor::Platform, Mode::Detected)
            .await
            .unwrap_err();
        assert!(error.is_permanent());
        let message = error.to_string();
        assert!(message.starts_with(&format!("call {id} ")), "{message}");
        assert!(!message.contains("4111"), "{message}");
        // Erasure still removes whatever is there.
        redact_interaction(&ctx, Kind::Call, id, Actor::Erasure, Mode::All)
            .await
            .unwrap();
        let call = calls::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(call.transcript, None);
        assert_eq!(call.tags, json!([ERASED_TAG]));
    }
}

#[tokio::test]
async fn full_redaction_removes_all_content_once() {
    let db = test_db().await;
    let (ctx, queue) = context(&db);
    let account_id = fixtures::account(&db, true, None).await;
    let call = fixtures::call(
        &db,
        account_id,
        Some(spoken_card()),
        Some("+1 555 123 4567"),
        Some("rec/2.mp3"),
    )
    .await;
    let text = fixtures::text(&db, account_id, "see you at noon", Some("+15551234567")).await;
    let chat = fixtures::chat(
        &db,
        account_id,
        &[
            ("visitor".into(), "hi, I'm Jo".into()),
            ("agent".into(), "hello".into()),
        ],
        Some("jo@example.com"),
    )
    .await;
    let form = fixtures::form(&db, account_id, json!([{"name": "Name", "value": "Jo"}, {"name": "Age", "value": 41}, {"name": "Notes", "value": ""}])).await;

    // Retention's redact_all keeps the contact columns and rewrites the recording.
    redact_interaction(&ctx, Kind::Call, call, Actor::Schedule, Mode::All)
        .await
        .unwrap();
    let row = calls::Entity::find_by_id(call)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.caller_number.as_deref(), Some("+1 555 123 4567"));
    let words = row.transcript.unwrap()["words"].as_array().unwrap().clone();
    assert!(words.iter().all(|w| w["text"] == REDACTED));
    assert_eq!(
        row.redaction_ranges,
        Some(json!([{"start_ms": 0, "end_ms": 6200}, {"start_ms": 7750, "end_ms": 8500}]))
    );
    assert_eq!(
        queue.jobs(),
        vec![("rewrite_recording".to_owned(), json!({"call_id": call}))]
    );

    for (kind, id) in [(Kind::Text, text), (Kind::Chat, chat), (Kind::Form, form)] {
        redact_interaction(&ctx, kind, id, Actor::Erasure, Mode::All)
            .await
            .unwrap();
    }
    assert_eq!(
        texts::Entity::find_by_id(text)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .body,
        REDACTED
    );
    let chat_row = chats::Entity::find_by_id(chat)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (chat_row.visitor_email, chat_row.tags),
        (None, json!([ERASED_TAG]))
    );
    let (bodies, _) = contents(&db, Kind::Chat, chat).await;
    assert_eq!(bodies, vec![REDACTED, REDACTED]);
    let form_row = form_submissions::Entity::find_by_id(form)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        form_row.fields,
        json!([{"name": "Name", "value": REDACTED}, {"name": "Age", "value": REDACTED}, {"name": "Notes", "value": ""}])
    );
    let form_events = events_of(&db, Kind::Form, form).await;
    assert_eq!((form_events.len(), form_events[0].count), (1, 2));

    // Again: nothing to do, for either actor.
    let before = snapshot(&db).await;
    for (kind, id) in [
        (Kind::Call, call),
        (Kind::Text, text),
        (Kind::Chat, chat),
        (Kind::Form, form),
    ] {
        let outcome = redact_interaction(&ctx, kind, id, Actor::Schedule, Mode::All)
            .await
            .unwrap();
        assert!(!outcome.changed, "{kind}");
        let outcome = redact_interaction(&ctx, kind, id, Actor::Platform, Mode::Detected)
            .await
            .unwrap();
        assert!(!outcome.changed, "{kind}");
    }
    assert_eq!(snapshot(&db).await, before);
}

#[tokio::test]
async fn works_on_sqlite_too() {
    use migration::MigratorTrait;
    let path = std::env::temp_dir().join(format!(
        "muffle-redaction-{}.db",
        uuid::Uuid::new_v4().simple()
    ));
    let db = sea_orm::Database::connect(format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    migration::Migrator::up(&db, None).await.unwrap();
    let (ctx, queue) = context(&db);
    let account_id = fixtures::account(&db, true, None).await;
    let text = fixtures::text(&db, account_id, "card 4111 1111 1111 1111", None).await;
    let call = fixtures::call(
        &db,
        account_id,
        Some(spoken_card()),
        None,
        Some("rec/1.wav"),
    )
    .await;
    for (kind, id) in [(Kind::Text, text), (Kind::Call, call)] {
        assert!(
            redact_interaction(&ctx, kind, id, Actor::Platform, Mode::Detected)
                .await
                .unwrap()
                .changed
        );
        assert!(
            !redact_interaction(&ctx, kind, id, Actor::Platform, Mode::Detected)
                .await
                .unwrap()
                .changed
        );
    }
    assert_eq!(
        texts::Entity::find_by_id(text)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .body,
        "card [CREDIT_CARD]"
    );
    assert_eq!(queue.jobs()[0].0, "rewrite_recording");
    assert!(
        redact_interaction(&ctx, Kind::Text, text, Actor::Erasure, Mode::All)
            .await
            .unwrap()
            .changed
    );
    drop(db);
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn a_batch_writes_its_rows_together_and_reports_bad_rows_without_failing() {
    let db = test_db().await;
    let (ctx, _) = context(&db);
    let account = fixtures::account(&db, true, None).await;
    let card = "card 4111 1111 1111 1111 please";
    let first = fixtures::text(&db, account, card, Some("+14155550100")).await;
    let second = fixtures::text(&db, account, "call me at 415-555-0100", None).await;
    let clean = fixtures::text(&db, account, "see you tuesday", None).await;
    let forms = [
        fixtures::form(
            &db,
            account,
            json!([{"name": "Card number", "value": "4111111111111111"}]),
        )
        .await,
        fixtures::form(&db, account, json!({"not": "a list"})).await,
    ];
    let chat = fixtures::chat(
        &db,
        account,
        &[
            ("visitor".into(), "my card is 4111 1111".into()),
            ("visitor".into(), "1111 1111".into()),
            ("agent".into(), "thanks".into()),
        ],
        Some("v@example.com"),
    )
    .await;

    // Rolled back: nothing happened.
    let before = snapshot(&db).await;
    let txn = db.begin().await.unwrap();
    let ids = [first, 999_999, second, clean];
    let batch = redact_batch(
        &txn,
        &ctx,
        Kind::Text,
        &ids,
        Actor::Schedule,
        Mode::Detected,
    )
    .await
    .unwrap();
    assert_eq!(batch.changed(), 3, "every existing text gets a pass");
    drop(txn);
    assert_eq!(snapshot(&db).await, before);

    let txn = db.begin().await.unwrap();
    let texts_done = redact_batch(
        &txn,
        &ctx,
        Kind::Text,
        &ids,
        Actor::Schedule,
        Mode::Detected,
    )
    .await
    .unwrap();
    let forms_done = redact_batch(
        &txn,
        &ctx,
        Kind::Form,
        &forms,
        Actor::Schedule,
        Mode::Detected,
    )
    .await
    .unwrap();
    let chats_done = redact_batch(&txn, &ctx, Kind::Chat, &[chat], Actor::Erasure, Mode::All)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(chats_done.changed(), 1);
    assert!(chats_done.rewrites.is_empty());

    let order: Vec<i64> = texts_done.results.iter().map(|(id, _)| *id).collect();
    assert_eq!(order, ids, "one result per id, in order");
    let missing = texts_done.results[1].1.as_ref().unwrap_err();
    assert!(missing.is_permanent());
    assert_eq!(missing.to_string(), "text 999999 not found");
    assert_eq!(
        texts_done.results[0].1.as_ref().unwrap().entity_types,
        vec!["CREDIT_CARD"]
    );
    assert!(forms_done.results[0].1.as_ref().unwrap().changed);
    let malformed = forms_done.results[1].1.as_ref().unwrap_err();
    assert_eq!(
        malformed.to_string(),
        format!("form {} has malformed fields", forms[1])
    );

    let (bodies, tags) = contents(&db, Kind::Text, first).await;
    assert_eq!(bodies, vec!["card [CREDIT_CARD] please"]);
    assert_eq!(tags_of(&tags), BTreeSet::from(["pci:card".to_owned()]));
    let row = texts::Entity::find_by_id(first)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.from_number.as_deref(),
        Some("+14155550100"),
        "detection keeps the contact"
    );
    assert_eq!(row.detector_version, Some(DETECTOR_VERSION));
    let (bodies, _) = contents(&db, Kind::Text, second).await;
    assert_eq!(bodies, vec!["call me at [PHONE_NUMBER]"]);
    let (bodies, _) = contents(&db, Kind::Text, clean).await;
    assert_eq!(bodies, vec!["see you tuesday"]);
    let (bodies, _) = contents(&db, Kind::Chat, chat).await;
    assert_eq!(bodies, vec![REDACTED, REDACTED, REDACTED]);
    let erased = chats::Entity::find_by_id(chat)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(erased.visitor_email, None, "erasure forgets the contact");
    let untouched = form_submissions::Entity::find_by_id(forms[1])
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.detector_version, None);

    // One audit row per entity type and interaction, attributed to this job.
    let events = redaction_events::Entity::find().all(&db).await.unwrap();
    assert!(
        events
            .iter()
            .all(|e| e.job_id == ctx.job_id && (e.actor == "schedule" || e.actor == "erasure"))
    );
    let mut audited: Vec<(String, i64)> = events
        .iter()
        .map(|e| (e.interaction_kind.clone(), e.interaction_id))
        .collect();
    audited.sort();
    let mut expected = vec![
        ("chat".to_owned(), chat),
        ("form".to_owned(), forms[0]),
        ("text".to_owned(), first),
        ("text".to_owned(), second),
    ];
    expected.sort();
    assert_eq!(audited, expected);
}

#[tokio::test]
async fn audio_padding_follows_the_setting() {
    let db = test_db().await;
    let (mut ctx, _) = context(&db);
    let account_id = fixtures::account(&db, true, None).await;
    // Sixteen digit words of 250 ms, 50 ms apart, from 1200 to 5950 ms.
    let unpadded: Vec<Value> = (0..16)
        .map(|i| json!({"start_ms": 1200 + i * 300, "end_ms": 1450 + i * 300}))
        .collect();
    let cases = [
        (0, Value::Array(unpadded)),
        (1000, json!([{"start_ms": 200, "end_ms": 6950}])),
    ];
    for (pad_ms, expected) in cases {
        ctx.settings = std::sync::Arc::new(crate::job::JobSettings {
            audio_pad_ms: pad_ms,
            ..Default::default()
        });
        let id = fixtures::call(&db, account_id, Some(spoken_card()), None, None).await;
        redact_interaction(&ctx, Kind::Call, id, Actor::Platform, Mode::Detected)
            .await
            .unwrap();
        let call = calls::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(call.redaction_ranges, Some(expected), "padding {pad_ms} ms");
    }
}

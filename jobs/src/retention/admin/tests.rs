use super::*;
use crate::testing::test_db;

async fn account(db: &DatabaseConnection, timezone: &str) -> i64 {
    accounts::ActiveModel {
        timezone: Set(timezone.into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

fn new(account_id: i64) -> NewSchedule {
    NewSchedule {
        account_id,
        cron: "0 0 3 * * *".into(),
        timezone: Some("America/New_York".into()),
        kinds: "texts,calls".into(),
        older_than_days: 30,
        action: "delete".into(),
    }
}

async fn rejected(db: &DatabaseConnection, schedule: NewSchedule) -> String {
    match add(db, &schedule).await {
        Err(AdminError::Invalid(message) | AdminError::NotFound(message)) => message,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[tokio::test]
async fn add_validates_with_clear_messages() {
    let db = test_db().await;
    let account = account(&db, "America/Chicago").await;
    assert_eq!(
        rejected(
            &db,
            NewSchedule {
                cron: "0 3 * * *".into(),
                ..new(account)
            }
        )
        .await,
        "invalid cron expression \"0 3 * * *\": expected 6 or 7 fields (sec min hour day-of-month month day-of-week [year]), got 5; add the seconds field: `0 0 3 * * *`"
    );
    assert!(
        rejected(
            &db,
            NewSchedule {
                cron: "0 0 99 * * *".into(),
                ..new(account)
            }
        )
        .await
        .starts_with("invalid cron expression \"0 0 99 * * *\": ")
    );
    assert_eq!(
        rejected(
            &db,
            NewSchedule {
                timezone: Some("Eastern".into()),
                ..new(account)
            }
        )
        .await,
        "unknown time zone \"Eastern\" (expected an IANA name such as America/New_York)"
    );
    assert_eq!(
        rejected(
            &db,
            NewSchedule {
                kinds: "texts,emails".into(),
                ..new(account)
            }
        )
        .await,
        "unknown kind \"emails\" (expected calls, texts, chats or forms)"
    );
    assert_eq!(
        rejected(
            &db,
            NewSchedule {
                kinds: " , ".into(),
                ..new(account)
            }
        )
        .await,
        "--kinds must name at least one of calls, texts, chats, forms"
    );
    assert_eq!(
        rejected(
            &db,
            NewSchedule {
                older_than_days: -1,
                ..new(account)
            }
        )
        .await,
        "--older-than-days must be 0 to 36500, got -1"
    );
    // Used to be accepted, then panicked (time overflow) on every fire.
    assert_eq!(
        rejected(
            &db,
            NewSchedule {
                older_than_days: 2_000_000_000,
                ..new(account)
            }
        )
        .await,
        "--older-than-days must be 0 to 36500, got 2000000000"
    );
    assert_eq!(
        rejected(
            &db,
            NewSchedule {
                action: "shred".into(),
                ..new(account)
            }
        )
        .await,
        "unknown action \"shred\" (expected redact, redact_all, delete_recordings or delete)"
    );
    assert_eq!(
        rejected(&db, new(account + 1000)).await,
        format!("account {} not found", account + 1000)
    );
    let bad_zone_account = self::account(&db, "Central Time").await;
    assert_eq!(
        rejected(
            &db,
            NewSchedule {
                timezone: None,
                ..new(bad_zone_account)
            }
        )
        .await,
        format!(
            "account {bad_zone_account}'s time zone \"Central Time\" is not an IANA zone; pass --tz"
        )
    );
    assert!(
        retention_schedules::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn kinds_are_plural_with_the_singular_as_an_alias() {
    assert_eq!(parse_kinds("texts,calls"), parse_kinds("text, call"));
    assert_eq!(
        parse_kinds("forms,chat,Texts").unwrap(),
        [Kind::Text, Kind::Chat, Kind::Form]
    );
    let db = test_db().await;
    let account = account(&db, "America/Chicago").await;
    let id = add(
        &db,
        &NewSchedule {
            kinds: "text,call".into(),
            ..new(account)
        },
    )
    .await
    .unwrap();
    // Stored the canonical way, whichever way it was typed.
    assert_eq!(
        find(&db, id).await.unwrap().kinds,
        json!(["calls", "texts"])
    );
}

#[tokio::test]
async fn add_list_show_next_disable() {
    let db = test_db().await;
    let account = account(&db, "America/Chicago").await;
    let id = add(&db, &new(account)).await.unwrap();
    let row = find(&db, id).await.unwrap();
    assert_eq!(row.kinds, json!(["calls", "texts"]));
    assert_eq!(row.action, "delete");

    let next = next_fires(&db, id, 3, Some("2025-03-08T12:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        next,
        [
            "2025-03-09T03:00:00-04:00",
            "2025-03-10T03:00:00-04:00",
            "2025-03-11T03:00:00-04:00"
        ]
    );
    let error = next_fires(&db, id, 3, Some("yesterday")).await.unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid --from \"yesterday\"")
    );

    // The account's zone when the schedule has none.
    let id2 = add(
        &db,
        &NewSchedule {
            timezone: None,
            ..new(account)
        },
    )
    .await
    .unwrap();
    let next = next_fires(&db, id2, 1, Some("2025-07-01T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(next, ["2025-07-01T03:00:00-05:00"]);

    let listing = list(&db, Some(account)).await.unwrap();
    assert_eq!(listing.lines().count(), 3, "{listing}");
    assert!(listing.contains("America/New_York"), "{listing}");
    let shown = show(&db, id2).await.unwrap();
    assert!(
        shown.contains("zone: America/Chicago (the account's)"),
        "{shown}"
    );
    assert!(shown.contains("next fires:"), "{shown}");

    disable(&db, id).await.unwrap();
    assert!(!find(&db, id).await.unwrap().enabled);
    assert!(matches!(
        disable(&db, 999_999).await,
        Err(AdminError::NotFound(_))
    ));
}

#[test]
fn progress_bars() {
    assert_eq!(progress_bar(0, 10, 10), "[----------]   0%");
    assert_eq!(progress_bar(35, 100, 10), "[####------]  35%");
    assert_eq!(progress_bar(120, 100, 10), "[##########] 100%");
    assert_eq!(progress_bar(0, 0, 4), "[####] 100%");
}

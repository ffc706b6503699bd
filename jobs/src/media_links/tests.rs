use chrono::{Duration, Utc};
use entity::{agencies, calls, media_links};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, Statement,
};

use super::*;
use crate::{
    erase_contact::{Contact, erase_contact},
    expire_media_links::expire_links,
    recordings::{LocalStore, RecordingStore},
    testing::{context, test_db},
};

const PUBLIC: &str = "https://calls.example.com/";

pub(crate) async fn agency(db: &DatabaseConnection, ttl: Option<i32>, pci: bool) -> i64 {
    agencies::ActiveModel {
        name: Set("Northwind Agency".into()),
        media_link_ttl_days: Set(ttl),
        media_auth: Set(policy::AUTH_NONE.into()),
        pci_mode: Set(pci),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

pub(crate) async fn account(db: &DatabaseConnection, agency_id: Option<i64>) -> i64 {
    accounts::ActiveModel {
        name: Set("Acme Plumbing".into()),
        timezone: Set("America/Chicago".into()),
        agency_id: Set(agency_id),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A call whose recording is redacted and ready to play.
pub(crate) async fn ready_call(db: &DatabaseConnection, account_id: i64, key: &str) -> i64 {
    calls::ActiveModel {
        account_id: Set(account_id),
        caller_number: Set(Some("+15551234567".into())),
        recording_key: Set(Some(key.into())),
        redacted_at: Set(Some(Utc::now())),
        redaction_ranges: Set(Some(serde_json::json!([{"start_ms": 0, "end_ms": 100}]))),
        recording_redacted_at: Set(Some(Utc::now())),
        tags: Set(serde_json::json!([])),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

fn token_of(url: &str) -> &str {
    url.rsplit('/').next().unwrap()
}

fn share(call_id: i64) -> MintRequest {
    MintRequest {
        call_id,
        purpose: Purpose::Share,
        ttl_days: None,
    }
}

#[tokio::test]
async fn minting_stores_only_the_hash_and_the_url_resolves_to_an_active_link() {
    let db = test_db().await;
    let account_id = account(&db, Some(agency(&db, Some(7), false).await)).await;
    let call_id = ready_call(&db, account_id, "rec/1.wav").await;
    let now = chrono::SubsecRound::trunc_subsecs(Utc::now(), 6);
    let minted = mint(&db, PUBLIC, &share(call_id), now).await.unwrap();
    assert!(minted.url.starts_with("https://calls.example.com/media/"));
    let token = token_of(&minted.url);
    assert_eq!(token.len(), 43);
    assert!(
        !format!("{minted:?}").contains(token),
        "Debug hides the token"
    );
    assert_eq!(minted.expires_at, Some(now + Duration::days(7)));

    // No column of any row holds the token.
    let dump: Vec<String> = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT row_to_json(m)::text AS row FROM media_links m",
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "row").unwrap())
        .collect();
    assert_eq!(dump.len(), 1);
    assert!(!dump[0].contains(token), "{}", dump[0]);
    assert!(dump[0].contains(&secret::token_hash(token)));

    let resolved = resolve(&db, token, now).await.unwrap().unwrap();
    assert_eq!(resolved.link.id, minted.id);
    assert_eq!(
        resolved.state,
        LinkState::Active {
            expires_at: minted.expires_at
        }
    );
    assert!(
        resolve(&db, &secret::new_token(), now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(resolve(&db, "", now).await.unwrap().is_none());
}

#[tokio::test]
async fn a_ttl_change_applies_to_links_already_issued() {
    let db = test_db().await;
    let agency_id = agency(&db, Some(30), false).await;
    let account_id = account(&db, Some(agency_id)).await;
    let call_id = ready_call(&db, account_id, "rec/1.wav").await;
    let created = chrono::SubsecRound::trunc_subsecs(Utc::now() - Duration::days(10), 6);
    let minted = mint(&db, PUBLIC, &share(call_id), created).await.unwrap();
    let token = token_of(&minted.url).to_owned();
    let now = Utc::now();
    assert!(matches!(
        resolve(&db, &token, now).await.unwrap().unwrap().state,
        LinkState::Active { .. }
    ));
    admin::set_media_policy(&db, agency_id, Some(7), None, None)
        .await
        .unwrap();
    assert_eq!(
        resolve(&db, &token, now).await.unwrap().unwrap().state,
        LinkState::Expired
    );
    // The job marks it, and a second pass changes nothing.
    assert_eq!(expire_links(&db, now).await.unwrap().expired, 1);
    assert_eq!(expire_links(&db, now).await.unwrap().expired, 0);
    let row = media_links::Entity::find_by_id(minted.id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.expires_at, Some(created + Duration::days(7)));
    assert!(row.expired_at.is_some());
    // The account may shorten but never lengthen: 60 days there changes nothing.
    let mut acct = accounts::Entity::find_by_id(account_id)
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    acct.media_link_ttl_days = Set(Some(60));
    acct.update(&db).await.unwrap();
    assert_eq!(
        resolve(&db, &token, now).await.unwrap().unwrap().state,
        LinkState::Expired
    );
    // Policy off again: the link works again (expiry is never frozen).
    admin::set_media_policy(&db, agency_id, Some(0), None, None)
        .await
        .unwrap();
    let mut acct = accounts::Entity::find_by_id(account_id)
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    acct.media_link_ttl_days = Set(None);
    acct.update(&db).await.unwrap();
    assert!(matches!(
        resolve(&db, &token, now).await.unwrap().unwrap().state,
        LinkState::Active { expires_at: None }
    ));
    expire_links(&db, now).await.unwrap();
    let row = media_links::Entity::find_by_id(minted.id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.expires_at, row.expired_at), (None, None));
}

#[tokio::test]
async fn dead_links_are_deleted_after_thirty_days() {
    let db = test_db().await;
    let account_id = account(&db, Some(agency(&db, Some(1), false).await)).await;
    let call_id = ready_call(&db, account_id, "rec/1.wav").await;
    let now = Utc::now();
    let old = mint(&db, PUBLIC, &share(call_id), now - Duration::days(40))
        .await
        .unwrap();
    let recent = mint(&db, PUBLIC, &share(call_id), now - Duration::days(5))
        .await
        .unwrap();
    let swept = expire_links(&db, now).await.unwrap();
    assert_eq!(swept.expired, 2);
    assert_eq!(swept.deleted, 1);
    assert!(
        media_links::Entity::find_by_id(old.id)
            .one(&db)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        media_links::Entity::find_by_id(recent.id)
            .one(&db)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn pci_mode_refuses_notification_links_and_requires_the_password() {
    let db = test_db().await;
    let agency_id = agency(&db, None, true).await;
    let account_id = account(&db, Some(agency_id)).await;
    let call_id = ready_call(&db, account_id, "rec/1.wav").await;
    let request = MintRequest {
        call_id,
        purpose: Purpose::Notification,
        ttl_days: None,
    };
    assert!(matches!(
        mint(&db, PUBLIC, &request, Utc::now()).await,
        Err(LinkError::PciModeForbidsNotifications)
    ));
    let minted = mint(&db, PUBLIC, &share(call_id), Utc::now())
        .await
        .unwrap();
    assert!(minted.password_required);
    assert!(matches!(
        admin::set_media_policy(&db, agency_id, None, None, Some(false)).await,
        Err(admin::AgencyError::PciModeIsOneWay)
    ));
    assert!(matches!(
        mint(&db, PUBLIC, &share(999_999), Utc::now()).await,
        Err(LinkError::CallNotFound(999_999))
    ));
    let bad_ttl = MintRequest {
        ttl_days: Some(0),
        ..share(call_id)
    };
    assert!(matches!(
        mint(&db, PUBLIC, &bad_ttl, Utc::now()).await,
        Err(LinkError::InvalidTtl)
    ));
}

#[tokio::test]
async fn pending_rewrites_and_deleted_recordings_are_not_playable() {
    let db = test_db().await;
    let account_id = account(&db, None).await;
    let call_id = ready_call(&db, account_id, "rec/1.wav").await;
    let minted = mint(&db, PUBLIC, &share(call_id), Utc::now())
        .await
        .unwrap();
    let token = token_of(&minted.url).to_owned();
    let state = |db: DatabaseConnection, token: String| async move {
        resolve(&db, &token, Utc::now())
            .await
            .unwrap()
            .unwrap()
            .state
    };
    let mut call = calls::Entity::find_by_id(call_id)
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    call.recording_redacted_at = Set(None);
    let call = call.update(&db).await.unwrap();
    assert_eq!(state(db.clone(), token.clone()).await, LinkState::NotReady);
    let mut call = call.into_active_model();
    call.recording_key = Set(None);
    call.recording_deleted_at = Set(Some(Utc::now()));
    call.update(&db).await.unwrap();
    assert_eq!(
        state(db.clone(), token.clone()).await,
        LinkState::RecordingGone
    );
}

#[tokio::test]
async fn erasure_and_recording_deletion_revoke_the_calls_links() {
    let db = test_db().await;
    let account_id = account(&db, None).await;
    let erased_call = ready_call(&db, account_id, "rec/erased.wav").await;
    let other_call = ready_call(&db, account_id, "rec/other.wav").await;
    let mut row = calls::Entity::find_by_id(other_call)
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.caller_number = Set(Some("+15559990000".into()));
    row.update(&db).await.unwrap();
    let erased_link = mint(&db, PUBLIC, &share(erased_call), Utc::now())
        .await
        .unwrap();
    let kept_link = mint(&db, PUBLIC, &share(other_call), Utc::now())
        .await
        .unwrap();

    let (ctx, _queue) = context(&db);
    let contact = Contact::new(Some("+1 555 123 4567"), None).unwrap();
    erase_contact(&ctx, account_id, &contact).await.unwrap();
    let erased = media_links::Entity::find_by_id(erased_link.id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(erased.revoked_reason.as_deref(), Some("erasure"));
    assert_eq!(
        resolve(&db, token_of(&erased_link.url), Utc::now())
            .await
            .unwrap()
            .unwrap()
            .state,
        LinkState::Revoked
    );
    let kept = media_links::Entity::find_by_id(kept_link.id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(kept.revoked_at.is_none());

    let dir = tempfile_dir();
    let store = RecordingStore::Local(LocalStore::new(dir.clone()).unwrap());
    std::fs::write(dir.join("rec-other.wav"), b"RIFF").unwrap();
    crate::call_recording::delete_call_recording(&db, &store, other_call)
        .await
        .unwrap();
    let kept = media_links::Entity::find_by_id(kept_link.id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.revoked_reason.as_deref(), Some("recording_deleted"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn revoke_scopes_and_idempotence() {
    let db = test_db().await;
    let a = account(&db, None).await;
    let b = account(&db, None).await;
    let call_a = ready_call(&db, a, "rec/a.wav").await;
    let call_b = ready_call(&db, b, "rec/b.wav").await;
    let now = Utc::now();
    let l1 = mint(&db, PUBLIC, &share(call_a), now).await.unwrap();
    mint(&db, PUBLIC, &share(call_a), now).await.unwrap();
    mint(&db, PUBLIC, &share(call_b), now).await.unwrap();
    assert_eq!(
        revoke(&db, RevokeScope::Link(l1.id), RevokeReason::Admin, now)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        revoke(&db, RevokeScope::Link(l1.id), RevokeReason::Admin, now)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        revoke(&db, RevokeScope::Account(a), RevokeReason::Admin, now)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        revoke(&db, RevokeScope::Call(call_b), RevokeReason::Admin, now)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn agency_passwords_are_stored_as_argon2id_and_verify() {
    let db = test_db().await;
    let agency_id = agency(&db, None, false).await;
    assert!(matches!(
        admin::set_media_password(&db, agency_id, "ops", "short".into()).await,
        Err(admin::AgencyError::ShortPassword)
    ));
    admin::set_media_password(&db, agency_id, " ops ", "a long passphrase".into())
        .await
        .unwrap();
    let row = agencies::Entity::find_by_id(agency_id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.media_auth, policy::AUTH_AGENCY_PASSWORD);
    assert_eq!(row.media_username.as_deref(), Some("ops"));
    let phc = row.media_password_hash.unwrap();
    assert!(phc.starts_with("$argon2id$") && !phc.contains("passphrase"));
    assert!(password::verify(
        Some("ops"),
        Some(&phc),
        "ops",
        "a long passphrase"
    ));
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("muffle-links-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

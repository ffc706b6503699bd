//! The gateway over real HTTP, on a real Postgres database and real recording stores (a local
//! directory and the S3 test server). `browser` drives headless Chromium through it.

mod browser;

use std::{net::SocketAddr, sync::Arc};

use chrono::{Duration, Utc};
use entity::{accounts, agencies, calls, media_link_accesses, media_links};
use jobs::{
    media_links::{MintRequest, Purpose, admin, mint, secret},
    recordings::{LocalStore, RecordingStore},
};
use reqwest::{StatusCode, header};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, Database, DatabaseConnection,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::*;

pub(crate) const PASSWORD: &str = "correct horse battery staple";
pub(crate) const RECORDING: &[u8] = b"RIFF0000WAVEfmt fake audio bytes for range tests 0123456789";

/// A fresh migrated database on the test Postgres, and its name.
pub(crate) async fn test_db() -> (DatabaseConnection, String) {
    use migration::MigratorTrait;
    let admin_url = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("muffle_g_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url)
        .await
        .expect("connect to test Postgres");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.clone(), |(b, _)| b.to_owned());
    let db = Database::connect(format!("{base}/{name}"))
        .await
        .expect("connect");
    migration::Migrator::up(&db, None).await.expect("migrate");
    (db, name)
}

/// A gateway served on a free local port.
pub(crate) struct Server {
    pub base: String,
    pub db: DatabaseConnection,
    pub db_name: String,
    pub dir: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Server {
    pub async fn start(recordings: Option<RecordingStore>) -> Server {
        let (db, db_name) = test_db().await;
        let dir = std::env::temp_dir().join(format!("muffle-gw-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = recordings.unwrap_or_else(|| {
            std::fs::write(dir.join("call.wav"), RECORDING).unwrap();
            RecordingStore::Local(LocalStore::new(dir.clone()).unwrap())
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let gateway = Gateway {
            db: db.clone(),
            recordings: Some(Arc::new(store)),
            public_url: base.clone(),
            api_token: Some("api-secret".into()),
            client_key: b"test-key".to_vec(),
        };
        let app = router(Arc::new(gateway));
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        Server {
            base,
            db,
            db_name,
            dir,
        }
    }

    pub async fn agency(&self, ttl: Option<i32>, password: bool) -> i64 {
        let id = agencies::ActiveModel {
            name: Set("Northwind Agency".into()),
            media_link_ttl_days: Set(ttl),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id;
        if password {
            admin::set_media_password(&self.db, id, "ops", PASSWORD.into())
                .await
                .unwrap();
        }
        id
    }

    pub async fn account(&self, agency_id: Option<i64>) -> i64 {
        accounts::ActiveModel {
            name: Set("Acme Plumbing".into()),
            timezone: Set("America/Chicago".into()),
            agency_id: Set(agency_id),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    pub async fn call(
        &self,
        account_id: i64,
        key: &str,
        transcript: Option<serde_json::Value>,
    ) -> i64 {
        calls::ActiveModel {
            account_id: Set(account_id),
            caller_number: Set(Some("+15551234567".into())),
            recording_key: Set(Some(key.into())),
            transcript: Set(transcript),
            redacted_at: Set(Some(Utc::now())),
            redaction_ranges: Set(Some(serde_json::json!([{"start_ms": 0, "end_ms": 500}]))),
            recording_redacted_at: Set(Some(Utc::now())),
            tags: Set(serde_json::json!([])),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    /// A link's URL, minted `age` ago.
    pub async fn link(&self, call_id: i64, age: Duration) -> String {
        let request = MintRequest {
            call_id,
            purpose: Purpose::Notification,
            ttl_days: None,
        };
        mint(&self.db, &self.base, &request, Utc::now() - age)
            .await
            .unwrap()
            .url
    }

    pub async fn outcomes(&self) -> Vec<String> {
        media_link_accesses::Entity::find()
            .all(&self.db)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.outcome)
            .collect()
    }
}

pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn assert_security_headers(response: &reqwest::Response) {
    let headers = response.headers();
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(
        headers["x-robots-tag"]
            .to_str()
            .unwrap()
            .contains("noindex")
    );
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
}

async fn get(url: &str) -> (StatusCode, String) {
    let response = client().get(url).send().await.unwrap();
    assert_security_headers(&response);
    (response.status(), response.text().await.unwrap())
}

async fn login(
    url: &str,
    username: &str,
    password: &str,
    forwarded_for: &str,
) -> reqwest::Response {
    client()
        .post(url)
        .header("x-forwarded-for", forwarded_for)
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_status_has_its_page() {
    let server = Server::start(None).await;
    let agency = server.agency(Some(7), false).await;
    let account = server.account(Some(agency)).await;
    let transcript =
        serde_json::json!({"words": [{"text": "hi", "start_ms": 0, "end_ms": 192_000}]});
    let call = server.call(account, "call.wav", Some(transcript)).await;

    let live = server.link(call, Duration::days(1)).await;
    let (status, page) = get(&live).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<audio") && page.contains("preload=\"none\""),
        "{page}"
    );
    assert!(
        page.contains("3 min 12 s") && page.contains("Acme Plumbing"),
        "{page}"
    );
    assert!(
        page.contains("CST") || page.contains("CDT"),
        "date in the account's zone: {page}"
    );
    assert!(!page.contains("+1555"), "no caller number on the page");

    let (status, page) = get(&format!("{}/media/{}", server.base, secret::new_token())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Link not found"));

    let expired = server.link(call, Duration::days(8)).await;
    let (status, page) = get(&expired).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("expired"));
    assert_eq!(get(&format!("{expired}/audio")).await.0, StatusCode::GONE);

    let revoked = server.link(call, Duration::zero()).await;
    let link_id = media_links::Entity::find()
        .order_by_desc(media_links::Column::Id)
        .one(&server.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    jobs::media_links::revoke(
        &server.db,
        jobs::media_links::RevokeScope::Link(link_id),
        jobs::media_links::RevokeReason::Admin,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(get(&revoked).await.0, StatusCode::GONE);

    // Ranges stored, rewrite not done: never the unredacted audio.
    let pending = server.call(account, "call.wav", None).await;
    let pending_link = server.link(pending, Duration::zero()).await;
    let mut row = calls::Entity::find_by_id(pending)
        .one(&server.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.recording_redacted_at = Set(None);
    let row = row.update(&server.db).await.unwrap();
    let (status, page) = get(&pending_link).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("being processed"));
    assert_eq!(
        get(&format!("{pending_link}/audio")).await.0,
        StatusCode::CONFLICT
    );

    // Recording deleted behind Muffle's back: gone.
    let mut row = row.into_active_model();
    row.recording_key = Set(None);
    row.recording_deleted_at = Set(Some(Utc::now()));
    row.update(&server.db).await.unwrap();
    assert_eq!(get(&pending_link).await.0, StatusCode::GONE);

    let mut outcomes = server.outcomes().await;
    outcomes.sort();
    outcomes.dedup();
    assert_eq!(outcomes, ["expired", "not_ready", "page", "revoked"]);
}

#[tokio::test]
async fn login_sets_a_scoped_cookie_and_only_then_the_audio_streams_with_ranges() {
    let server = Server::start(None).await;
    let account = server.account(Some(server.agency(None, true).await)).await;
    let call = server.call(account, "call.wav", None).await;
    let url = server.link(call, Duration::zero()).await;
    let path = url.strip_prefix(&server.base).unwrap().to_owned();

    let (status, page) = get(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("name=\"password\"") && !page.contains("<audio"),
        "{page}"
    );
    assert_eq!(
        get(&format!("{url}/audio")).await.0,
        StatusCode::UNAUTHORIZED
    );

    let failed = login(&url, "ops", "wrong password", "203.0.113.9").await;
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    assert!(failed.headers().get(header::SET_COOKIE).is_none());
    let page = failed.text().await.unwrap();
    assert!(page.contains("did not work") && !page.contains("wrong password"));
    let unknown_user = login(&url, "root", PASSWORD, "203.0.113.9").await;
    assert_eq!(unknown_user.status(), StatusCode::UNAUTHORIZED);

    let ok = login(&url, "ops", PASSWORD, "203.0.113.9").await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(ok.headers()[header::LOCATION], path.as_str());
    let cookie = ok.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "HttpOnly",
        "SameSite=Strict",
        &format!("Path={path}"),
        "Max-Age=1800",
    ] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    assert!(!cookie.contains("Secure"), "plain http in tests");
    let session = cookie.split(';').next().unwrap().to_owned();

    let player = client()
        .get(&url)
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    let page = player.text().await.unwrap();
    assert!(page.contains(&format!("src=\"{path}/audio\"")), "{page}");

    let audio = client()
        .get(format!("{url}/audio"))
        .header(header::COOKIE, &session)
        .header(header::RANGE, "bytes=4-11")
        .send()
        .await
        .unwrap();
    assert_eq!(audio.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(audio.headers()[header::CONTENT_TYPE], "audio/wav");
    assert_eq!(
        audio.headers()[header::CONTENT_RANGE].to_str().unwrap(),
        format!("bytes 4-11/{}", RECORDING.len())
    );
    assert_eq!(audio.bytes().await.unwrap().as_ref(), &RECORDING[4..12]);
    let whole = client()
        .get(format!("{url}/audio"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.bytes().await.unwrap().as_ref(), RECORDING);
    let beyond = client()
        .get(format!("{url}/audio"))
        .header(header::COOKIE, &session)
        .header(header::RANGE, "bytes=9999-")
        .send()
        .await
        .unwrap();
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    // The cookie opens this link only.
    let other = server.link(call, Duration::zero()).await;
    let elsewhere = client()
        .get(format!("{other}/audio"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), StatusCode::UNAUTHORIZED);

    let link = media_links::Entity::find()
        .order_by_asc(media_links::Column::Id)
        .all(&server.db)
        .await
        .unwrap();
    assert_eq!(
        link[0].access_count, 1,
        "the range request was a seek, the whole file one listen"
    );
}

#[tokio::test]
async fn five_failures_lock_the_link_and_the_client_for_fifteen_minutes() {
    let server = Server::start(None).await;
    let account = server.account(Some(server.agency(None, true).await)).await;
    let call = server.call(account, "call.wav", None).await;
    let url = server.link(call, Duration::zero()).await;
    for _ in 0..5 {
        let response = login(&url, "ops", "guess", "198.51.100.7").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // Locked for the link: even the right password from another address is refused, unhashed.
    let locked = login(&url, "ops", PASSWORD, "192.0.2.44").await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = locked.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((840..=900).contains(&retry_after), "{retry_after}");
    assert!(locked.text().await.unwrap().contains("Too many attempts"));
    // Locked for the client: a fresh link from the same address is refused too.
    let fresh = server.link(call, Duration::zero()).await;
    assert_eq!(
        login(&fresh, "ops", PASSWORD, "198.51.100.7")
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // …but another address on that fresh link gets in.
    assert_eq!(
        login(&fresh, "ops", PASSWORD, "192.0.2.44").await.status(),
        StatusCode::SEE_OTHER
    );

    // The window: failures 16 minutes old no longer lock; 10 minutes old still do.
    let link_id = |url: String| {
        let db = server.db.clone();
        async move {
            let token = url.rsplit('/').next().unwrap().to_owned();
            media_links::Entity::find()
                .filter(media_links::Column::TokenHash.eq(secret::token_hash(&token)))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    for (age, expected) in [
        (16, StatusCode::SEE_OTHER),
        (10, StatusCode::TOO_MANY_REQUESTS),
    ] {
        let url = server.link(call, Duration::zero()).await;
        let id = link_id(url.clone()).await;
        for i in 0..5 {
            jobs::media_links::access::record(
                &server.db,
                id,
                jobs::media_links::access::Outcome::AuthFailed,
                Some("elsewhere"),
                false,
                Utc::now() - Duration::minutes(age) - Duration::seconds(i),
            )
            .await
            .unwrap();
        }
        assert_eq!(
            login(&url, "ops", PASSWORD, "192.0.2.99").await.status(),
            expected,
            "{age} min"
        );
    }
}

#[tokio::test]
async fn a_mail_scanners_head_and_get_pass_releases_nothing() {
    let server = Server::start(None).await;
    let account = server.account(None).await;
    let call = server.call(account, "call.wav", None).await;
    let url = server.link(call, Duration::zero()).await;
    let scanner = client();
    for _ in 0..3 {
        let head = scanner.head(&url).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK);
        let page = scanner.get(&url).send().await.unwrap();
        assert_eq!(
            page.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        let body = page.bytes().await.unwrap();
        assert!(
            !body.windows(8).any(|w| w == &RECORDING[..8]),
            "no audio in the page"
        );
        let audio_head = scanner.head(format!("{url}/audio")).send().await.unwrap();
        assert!(audio_head.bytes().await.unwrap().is_empty());
    }
    let link = media_links::Entity::find()
        .one(&server.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(link.access_count, 0);
    assert!(link.last_accessed_at.is_none());
    assert!(!server.outcomes().await.iter().any(|o| o == "audio"));
}

#[tokio::test]
async fn a_ttl_change_reaches_links_already_sent() {
    let server = Server::start(None).await;
    let agency = server.agency(Some(30), false).await;
    let account = server.account(Some(agency)).await;
    let call = server.call(account, "call.wav", None).await;
    let url = server.link(call, Duration::days(10)).await;
    assert_eq!(get(&url).await.0, StatusCode::OK);
    admin::set_media_policy(&server.db, agency, Some(7), None, None)
        .await
        .unwrap();
    assert_eq!(get(&url).await.0, StatusCode::GONE);
    // The account tightens further on its own: 30 → (agency off) account 5 days.
    admin::set_media_policy(&server.db, agency, Some(0), None, None)
        .await
        .unwrap();
    assert_eq!(get(&url).await.0, StatusCode::OK);
    let mut row = accounts::Entity::find_by_id(account)
        .one(&server.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.media_link_ttl_days = Set(Some(5));
    row.update(&server.db).await.unwrap();
    assert_eq!(get(&url).await.0, StatusCode::GONE);
}

/// A queue that accepts and forgets (erasure enqueues recording deletions).
struct NullQueue;

impl jobs::QueueHandle for NullQueue {
    fn enqueue(
        &self,
        _: &'static str,
        _: serde_json::Value,
    ) -> jobs::job::BoxFuture<'_, anyhow::Result<()>> {
        Box::pin(async { Ok(()) })
    }
    fn vacuum(&self, _: std::time::Duration) -> jobs::job::BoxFuture<'_, anyhow::Result<u64>> {
        Box::pin(async { Ok(0) })
    }
}

#[tokio::test]
async fn erasure_revokes_the_link_at_once() {
    let server = Server::start(None).await;
    let account = server.account(None).await;
    let call = server.call(account, "call.wav", None).await;
    let url = server.link(call, Duration::zero()).await;
    assert_eq!(get(&url).await.0, StatusCode::OK);
    let ctx = jobs::JobContext {
        db: server.db.clone(),
        queue: Arc::new(NullQueue),
        settings: Arc::new(jobs::JobSettings::default()),
        job_id: "test".into(),
        attempt: 1,
    };
    let contact = jobs::erase_contact::Contact::new(Some("(555) 123-4567"), None).unwrap();
    jobs::erase_contact::erase_contact(&ctx, account, &contact)
        .await
        .unwrap();
    let (status, page) = get(&url).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("no longer available"));
    assert_eq!(get(&format!("{url}/audio")).await.0, StatusCode::GONE);
}

#[tokio::test]
async fn the_api_mints_links_for_the_platform_and_the_dump_holds_no_token() {
    let server = Server::start(None).await;
    let account = server
        .account(Some(server.agency(Some(7), true).await))
        .await;
    let call = server.call(account, "call.wav", None).await;
    let api = format!("{}/media-links", server.base);
    let body = serde_json::json!({"call_id": call, "purpose": "notification"});
    let unauthorized = client().post(&api).json(&body).send().await.unwrap();
    assert_eq!(unauthorized.status(), StatusCode::UNAUTHORIZED);
    let created = client()
        .post(&api)
        .bearer_auth("api-secret")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: serde_json::Value = created.json().await.unwrap();
    let url = created["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("{}/media/", server.base)));
    assert!(created["expires_at"].as_str().is_some());
    assert_eq!(created["password_required"], true);
    for (payload, status) in [
        (
            serde_json::json!({"call_id": 424242}),
            StatusCode::NOT_FOUND,
        ),
        (
            serde_json::json!({"call_id": call, "purpose": "tweet"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            serde_json::json!({"call": call}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let response = client()
            .post(&api)
            .bearer_auth("api-secret")
            .json(&payload)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{payload}");
    }
    // Use the link (a session too), then dump the whole database.
    let session = login(&url, "ops", PASSWORD, "203.0.113.5").await;
    let cookie = session.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    let cookie_value = cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    let token = url.rsplit('/').next().unwrap().to_owned();
    let dump = std::process::Command::new("pg_dump")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "--data-only",
            &server.db_name,
        ])
        .output()
        .expect("pg_dump runs");
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let dump = String::from_utf8(dump.stdout).unwrap();
    assert!(
        dump.contains(&secret::token_hash(&token)),
        "the dump has the link"
    );
    assert!(!dump.contains(&token), "the dump holds a token");
    assert!(
        !dump.contains(&cookie_value),
        "the dump holds a session cookie"
    );
    assert!(!dump.contains(PASSWORD) && !dump.contains("203.0.113.5"));
    let sessions = entity::media_link_sessions::Entity::find()
        .count(&server.db)
        .await
        .unwrap();
    assert_eq!(sessions, 1, "the session is in the dump, as a hash");
}

#[tokio::test]
async fn recordings_stream_from_s3_with_ranges() {
    let store = jobs_s3_bucket().await;
    put_object(&store, "rec/call.mp3", RECORDING).await;
    let server = Server::start(Some(store)).await;
    let account = server.account(None).await;
    let call = server.call(account, "rec/call.mp3", None).await;
    let url = server.link(call, Duration::zero()).await;
    let audio = client()
        .get(format!("{url}/audio"))
        .header(header::RANGE, "bytes=-10")
        .send()
        .await
        .unwrap();
    assert_eq!(audio.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(audio.headers()[header::CONTENT_TYPE], "audio/mpeg");
    let tail = &RECORDING[RECORDING.len() - 10..];
    assert_eq!(audio.bytes().await.unwrap().as_ref(), tail);
    let page = client()
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("127.0.0.1:") || !page.contains("rec/call.mp3"),
        "no storage URL in the page"
    );
}

/// Uploads `bytes` as the current version of `key`.
pub(crate) async fn put_object(store: &RecordingStore, key: &str, bytes: &[u8]) {
    let RecordingStore::S3(s3) = store else {
        panic!("an S3 store")
    };
    s3.client()
        .put_object()
        .bucket(s3.bucket())
        .key(key)
        .body(bytes.to_vec().into())
        .send()
        .await
        .expect("put object");
}

/// A new bucket on the S3 test server (`TEST_S3_ENDPOINT`, started by scripts/test.sh).
pub(crate) async fn jobs_s3_bucket() -> RecordingStore {
    let endpoint = std::env::var("TEST_S3_ENDPOINT")
        .expect("TEST_S3_ENDPOINT: run through scripts/test.sh (it starts the S3 server)");
    let config = jobs::recordings::S3Config {
        endpoint: Some(endpoint),
        region: "us-east-1".into(),
        bucket: format!("muffle-gw-{}", uuid::Uuid::new_v4().simple()),
        access_key_id: Some("test".into()),
        secret_access_key: Some("test".into()),
        session_token: None,
        force_path_style: true,
    };
    let store = jobs::recordings::S3Store::connect(&config).await;
    store
        .client()
        .create_bucket()
        .bucket(&config.bucket)
        .send()
        .await
        .expect("create bucket");
    RecordingStore::S3(store)
}

//! The console over real HTTP on a real Postgres database and Redis queue. `browser` drives
//! headless Chromium through it and takes the README's screenshots.

mod browser;

use std::{net::SocketAddr, sync::Arc};

use entity::failed_jobs;
use reqwest::{StatusCode, header};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait,
};

use super::*;
use crate::media_gateway::tests::{client, test_db};

pub(crate) const ADMIN_PASSWORD: &str = "console admin password";
pub(crate) const VIEWER_PASSWORD: &str = "console viewer password";

pub(crate) struct Console {
    pub base: String,
    pub db: DatabaseConnection,
    pub queues: Queues,
}

impl Console {
    pub async fn start(enabled: bool) -> Console {
        let (db, _) = test_db().await;
        let redis =
            std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
        let prefix = format!("ta{}", ulid::Ulid::generate());
        let config = crate::config::Config::from_lookup(|name| match name {
            "REDIS_URL" => Some(redis.clone()),
            "MUFFLE_QUEUE_PREFIX" => Some(prefix.clone()),
            _ => None,
        })
        .unwrap();
        let queues = Queues::connect(&config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let console = super::Console {
            db: db.clone(),
            queues: queues.clone(),
            credentials: enabled
                .then(|| Credentials::new(ADMIN_PASSWORD.into(), Some(VIEWER_PASSWORD.into()))),
            secure_cookies: false,
        };
        let app = router(Arc::new(console));
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        Console { base, db, queues }
    }

    /// Signs in; returns the `Cookie` header value.
    pub async fn sign_in(&self, password: &str) -> String {
        let response = self.login(password).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let set_cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
        assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
        assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
        assert!(set_cookie.contains("Path=/admin"), "{set_cookie}");
        set_cookie.split(';').next().unwrap().to_owned()
    }

    pub async fn login(&self, password: &str) -> reqwest::Response {
        client()
            .post(format!("{}/admin/login", self.base))
            .form(&[("password", password)])
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str, cookie: &str) -> (StatusCode, String) {
        let response = client()
            .get(format!("{}{path}", self.base))
            .header(header::COOKIE, cookie)
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    pub async fn post(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> StatusCode {
        client()
            .post(format!("{}{path}", self.base))
            .header(header::COOKIE, cookie)
            .form(form)
            .send()
            .await
            .unwrap()
            .status()
    }

    /// The CSRF token of the page at `path`.
    pub async fn csrf(&self, cookie: &str) -> String {
        let (_, page) = self.get("/admin", cookie).await;
        let start = page
            .find(r#"name="csrf" value=""#)
            .expect("a form with a CSRF token")
            + r#"name="csrf" value=""#.len();
        page[start..start + 32].to_owned()
    }

    pub async fn failed_job(&self, job: &str, payload: serde_json::Value) -> i64 {
        failed_jobs::ActiveModel {
            job_name: Set(job.into()),
            payload: Set(payload),
            error: Set("probe failing on purpose (attempt 8 of 9 planned failures)".into()),
            attempts: Set(8),
            task_id: Set(ulid::Ulid::generate().to_string()),
            failed_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
        .id
    }

    pub async fn log_actions(&self) -> Vec<String> {
        data::action_log(&self.db, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|row| {
                format!(
                    "{} {} {}",
                    row.role,
                    row.action,
                    row.target.unwrap_or_default()
                )
            })
            .collect()
    }
}

#[tokio::test]
async fn the_console_is_off_without_a_password() {
    let console = Console::start(false).await;
    for path in ["/admin", "/admin/login", "/admin/failed"] {
        let (status, body) = console.get(path, "").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.contains("MUFFLE_ADMIN_PASSWORD"), "{body}");
    }
    assert_eq!(
        console.login(ADMIN_PASSWORD).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn signing_in_opens_every_page_and_a_forged_or_missing_session_does_not() {
    let console = Console::start(true).await;
    let (status, _) = console.get("/admin", "").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "not signed in: to the login form"
    );
    let (status, _) = console
        .get("/admin", "muffle_admin=admin.99999999999.x.00")
        .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "a forged cookie is no session"
    );

    let wrong = console.login("guess").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get(header::SET_COOKIE).is_none());

    let cookie = console.sign_in(ADMIN_PASSWORD).await;
    for (path, expect) in [
        ("/admin", "probe_worker"),
        ("/admin/failed", "No failed jobs"),
        ("/admin/schedules", "No retention schedules"),
        ("/admin/activity", "Redactions per entity type"),
        ("/admin/log", "login"),
    ] {
        let (status, body) = console.get(path, &cookie).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains(expect), "{path}: {body}");
    }
    let actions = console.log_actions().await;
    assert!(
        actions
            .iter()
            .any(|a| a.starts_with("anonymous login_failed")),
        "{actions:?}"
    );
    assert!(
        actions.iter().any(|a| a.starts_with("admin login")),
        "{actions:?}"
    );
}

#[tokio::test]
async fn changes_need_the_csrf_token_and_the_admin_role() {
    let console = Console::start(true).await;
    let admin = console.sign_in(ADMIN_PASSWORD).await;
    let csrf = console.csrf(&admin).await;

    let forged = console
        .post(
            "/admin/queues/probe_worker/pause",
            &admin,
            &[("csrf", "0".repeat(32).as_str())],
        )
        .await;
    assert_eq!(forged, StatusCode::FORBIDDEN);
    assert!(
        crate::pauses::paused_jobs(&console.db)
            .await
            .unwrap()
            .is_empty()
    );

    let paused = console
        .post(
            "/admin/queues/probe_worker/pause",
            &admin,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(paused, StatusCode::SEE_OTHER);
    assert_eq!(
        crate::pauses::paused_jobs(&console.db).await.unwrap(),
        ["probe_worker"]
    );
    let (_, page) = console.get("/admin", &admin).await;
    assert!(page.contains("paused"), "{page}");

    // The read-only sign-in sees the pause but cannot lift it.
    let viewer = console.sign_in(VIEWER_PASSWORD).await;
    let viewer_csrf = console.csrf(&viewer).await;
    let (status, page) = console.get("/admin", &viewer).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("readonly") && page.contains("disabled"),
        "{page}"
    );
    let refused = console
        .post(
            "/admin/queues/probe_worker/resume",
            &viewer,
            &[("csrf", &viewer_csrf)],
        )
        .await;
    assert_eq!(refused, StatusCode::FORBIDDEN);
    // Nor can it use the admin's token with its own cookie.
    let refused = console
        .post(
            "/admin/queues/probe_worker/resume",
            &viewer,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(refused, StatusCode::FORBIDDEN);
    assert_eq!(
        crate::pauses::paused_jobs(&console.db).await.unwrap().len(),
        1
    );

    let resumed = console
        .post(
            "/admin/queues/probe_worker/resume",
            &admin,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(resumed, StatusCode::SEE_OTHER);
    assert!(
        crate::pauses::paused_jobs(&console.db)
            .await
            .unwrap()
            .is_empty()
    );
    let actions = console.log_actions().await;
    assert!(
        actions.contains(&"admin queue_pause probe_worker".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"admin queue_resume probe_worker".to_owned()),
        "{actions:?}"
    );
    assert!(
        !actions.iter().any(|a| a.starts_with("readonly queue_")),
        "{actions:?}"
    );
}

#[tokio::test]
async fn five_failed_sign_ins_lock_the_address_out_even_with_the_right_password() {
    let console = Console::start(true).await;
    for _ in 0..auth::LOCKOUT_FAILURES {
        assert_eq!(
            console.login("wrong").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let locked = console.login(ADMIN_PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.headers().get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn failed_jobs_are_retried_or_discarded_one_at_a_time_or_by_filter() {
    let console = Console::start(true).await;
    let admin = console.sign_in(ADMIN_PASSWORD).await;
    let csrf = console.csrf(&admin).await;
    let one = console
        .failed_job("probe_worker", serde_json::json!({"probe_id": "p1"}))
        .await;
    let _two = console
        .failed_job("probe_worker", serde_json::json!({"probe_id": "p2"}))
        .await;
    let vacuum = console
        .failed_job("vacuum_queues", serde_json::json!({}))
        .await;

    let (_, page) = console.get("/admin/failed?job=probe_worker", &admin).await;
    assert!(page.contains("probe failing on purpose"), "{page}");
    assert!(!page.contains("vacuum_queues</td>"), "filtered: {page}");
    assert!(!page.contains("p1"), "no payload values on the page");

    let retried = console
        .post(
            &format!("/admin/failed/{one}/retry"),
            &admin,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(retried, StatusCode::SEE_OTHER);
    let row = failed_jobs::Entity::find_by_id(one)
        .one(&console.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.retried_at.is_some());
    let waiting = console.queues.unfinished(&["probe_worker"]).await.unwrap();
    assert_eq!(waiting, 1, "the retry is queued");

    // Discard everything matching the filter: the other probe, not the vacuum.
    let discarded = console
        .post(
            "/admin/failed-matching/discard",
            &admin,
            &[("csrf", &csrf), ("job", "probe_worker")],
        )
        .await;
    assert_eq!(discarded, StatusCode::SEE_OTHER);
    let left: Vec<i64> = failed_jobs::Entity::find()
        .all(&console.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.retried_at.is_none())
        .map(|r| r.id)
        .collect();
    assert_eq!(left, [vacuum]);
    let actions = console.log_actions().await;
    assert!(
        actions.contains(&"admin failed_discard_all job=probe_worker (1)".to_owned()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&format!("admin failed_retry {one} (1)")),
        "{actions:?}"
    );
}

#[tokio::test]
async fn schedules_show_their_next_fires_and_can_be_disabled() {
    let console = Console::start(true).await;
    console
        .db
        .execute_unprepared("INSERT INTO accounts (id, name, timezone) VALUES (7, 'Acme', 'UTC')")
        .await
        .unwrap();
    let id = jobs::retention::admin::add(
        &console.db,
        &jobs::retention::admin::NewSchedule {
            account_id: 7,
            cron: "0 0 3 * * *".into(),
            timezone: Some("UTC".into()),
            kinds: "texts".into(),
            older_than_days: 30,
            action: "redact".into(),
        },
    )
    .await
    .unwrap();
    let admin = console.sign_in(ADMIN_PASSWORD).await;
    let csrf = console.csrf(&admin).await;
    let (_, page) = console.get("/admin/schedules", &admin).await;
    assert_eq!(
        page.matches("T03:00:00+00:00").count(),
        3,
        "three next fires: {page}"
    );
    let status = console
        .post(
            &format!("/admin/schedules/{id}/disable"),
            &admin,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let schedule = entity::retention_schedules::Entity::find_by_id(id)
        .one(&console.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!schedule.enabled);
    assert_eq!(
        entity::retention_schedules::Entity::find()
            .count(&console.db)
            .await
            .unwrap(),
        1
    );
}

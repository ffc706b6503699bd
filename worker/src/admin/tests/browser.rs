//! The console in a real browser: headless Chromium over WebDriver (as the media gateway's
//! browser test). Signs in, pauses a queue, retries a failed job, disables a schedule, and
//! takes the README's screenshots (`docs/admin-*.png`).

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration as StdDuration, Instant},
};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use super::*;

/// chromedriver on a free port, ended with the test.
struct Driver {
    child: Child,
    url: String,
    profile: PathBuf,
}

impl Driver {
    fn start() -> Driver {
        let binary = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("chromedriver not found: scripts/test.sh installs chromium-driver");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + StdDuration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(StdDuration::from_millis(50));
        }
        let profile = std::env::temp_dir().join(format!(
            "muffle-chromium-admin-{}",
            uuid::Uuid::new_v4().simple()
        ));
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            profile,
        }
    }

    async fn browser(&self) -> Client {
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--window-size=1280,800",
            &format!("--user-data-dir={}", self.profile.display()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({"args": args, "binary": "/usr/bin/chromium"}),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .expect("WebDriver session with headless Chromium")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

async fn snap(browser: &Client, name: &str) {
    let png = browser.screenshot().await.unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    for dir in [root.join("docs"), root.join("target/test-artifacts/admin")] {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("admin-{name}.png")), &png).unwrap();
    }
}

async fn heading(browser: &Client) -> String {
    browser
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Clicks the button matched by `css` and waits until the page it leads to has loaded.
async fn click_and_wait(browser: &Client, css: &str) {
    browser
        .execute("window.beforeSubmit = true", vec![])
        .await
        .unwrap();
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no {css}"))
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + StdDuration::from_secs(30);
    loop {
        let loaded = browser
            .execute(
                "return window.beforeSubmit === undefined && document.readyState === 'complete'",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if loaded {
            break;
        }
        assert!(Instant::now() < deadline, "{css}: no page loaded");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

/// Something to look at: queued tasks, failed jobs, a schedule, a week of activity.
async fn seed(console: &super::Console) -> (i64, i64) {
    for i in 0..3 {
        console
            .queues
            .push(
                "redact_call",
                json!({"call_id": i}),
                1,
                std::time::Duration::ZERO,
            )
            .await
            .unwrap();
    }
    console
        .queues
        .push(
            "sweep_retention",
            json!({"schedule_id": 1, "fire_at": "2026-12-01T03:00:00Z"}),
            1,
            std::time::Duration::from_secs(600),
        )
        .await
        .unwrap();
    let failed = console
        .failed_job("rewrite_recording", json!({"call_id": 42}))
        .await;
    console
        .failed_job("redact_text", json!({"text_id": 7}))
        .await;
    console
        .db
        .execute_unprepared(
            "INSERT INTO accounts (id, name, timezone) VALUES (7, 'Acme Plumbing', 'America/Chicago');
             INSERT INTO redaction_events (account_id, interaction_kind, interaction_id, entity_type,
               count, locations, detector_version, job_id, actor, created_at)
             SELECT 7, 'call', g, t, 1 + g % 3, '[]', 3, 'seed', 'platform', now() - (g % 5) * interval '1 day'
             FROM generate_series(1, 40) g, unnest(ARRAY['CARD', 'PHONE', 'EMAIL']) t;",
        )
        .await
        .unwrap();
    let schedule = jobs::retention::admin::add(
        &console.db,
        &jobs::retention::admin::NewSchedule {
            account_id: 7,
            cron: "0 0 3 * * *".into(),
            timezone: None,
            kinds: "calls,texts".into(),
            older_than_days: 30,
            action: "redact".into(),
        },
    )
    .await
    .unwrap();
    (failed, schedule)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_signs_in_pauses_a_queue_retries_a_job_and_disables_a_schedule() {
    let console = super::Console::start(true).await;
    let (failed, schedule) = seed(&console).await;
    let driver = Driver::start();
    let browser = driver.browser().await;

    browser
        .goto(&format!("{}/admin", console.base))
        .await
        .unwrap();
    assert_eq!(heading(&browser).await, "Sign in");
    snap(&browser, "login").await;
    browser
        .find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(ADMIN_PASSWORD)
        .await
        .unwrap();
    click_and_wait(&browser, "button[type=submit]").await;
    assert_eq!(heading(&browser).await, "Queues");

    click_and_wait(
        &browser,
        "form[action='/admin/queues/redact_call/pause'] button",
    )
    .await;
    assert_eq!(
        crate::pauses::paused_jobs(&console.db).await.unwrap(),
        ["redact_call"]
    );
    snap(&browser, "queues").await;

    browser
        .goto(&format!("{}/admin/failed", console.base))
        .await
        .unwrap();
    snap(&browser, "failed").await;
    click_and_wait(
        &browser,
        &format!("form[action='/admin/failed/{failed}/retry'] button"),
    )
    .await;
    let row = entity::failed_jobs::Entity::find_by_id(failed)
        .one(&console.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.retried_at.is_some(), "retried from the browser");

    browser
        .goto(&format!("{}/admin/schedules", console.base))
        .await
        .unwrap();
    click_and_wait(
        &browser,
        &format!("form[action='/admin/schedules/{schedule}/disable'] button"),
    )
    .await;
    snap(&browser, "schedules").await;
    let disabled = entity::retention_schedules::Entity::find_by_id(schedule)
        .one(&console.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!disabled.enabled);

    browser
        .goto(&format!("{}/admin/activity", console.base))
        .await
        .unwrap();
    let text = browser
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("CARD") && text.contains("PHONE"), "{text}");
    snap(&browser, "activity").await;

    browser
        .goto(&format!("{}/admin/log", console.base))
        .await
        .unwrap();
    let text = browser
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for action in ["queue_pause", "failed_retry", "schedule_disable", "login"] {
        assert!(text.contains(action), "{action} logged: {text}");
    }
    snap(&browser, "log").await;
    browser.close().await.unwrap();
}

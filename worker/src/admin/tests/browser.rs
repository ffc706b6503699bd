//! The console in a real browser: headless Chromium over WebDriver (as the media gateway's
//! browser test). Signs in, pauses a queue, retries a failed job, disables a schedule, and
//! takes the README's screenshots (`docs/admin-*.png`).

use std::{
    path::PathBuf,
    time::{Duration as StdDuration, Instant},
};

use fantoccini::{Client, Locator};
use serde_json::json;

use super::*;
use crate::browser_testing::Driver;

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
    let browser = driver.browser_sized(1280, 800).await;

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

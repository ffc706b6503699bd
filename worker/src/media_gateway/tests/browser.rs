//! A real browser through the gateway: headless Chromium (Debian's `chromium` and
//! `chromium-driver`, installed by scripts/test.sh) driven over WebDriver with fantoccini.
//! It opens a link, sees the form, fails a password, signs in, plays the redacted
//! recording and seeks once. Screenshots of each page go to `docs/` and to
//! `target/test-artifacts/media-links/`.

use std::{
    path::{Path, PathBuf},
    time::{Duration as StdDuration, Instant},
};

use fantoccini::{Client, Locator};
use jobs::audio::RedactionStyle;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::*;
use crate::browser_testing::Driver;

fn save_screenshot(name: &str, png: &[u8]) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    for dir in [
        root.join("docs"),
        root.join("target/test-artifacts/media-links"),
    ] {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("media-{name}.png")), png).unwrap();
    }
}

async fn snap(browser: &Client, name: &str) {
    save_screenshot(name, &browser.screenshot().await.unwrap());
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

async fn sign_in(browser: &Client, username: &str, password: &str) {
    browser
        .find(Locator::Css("#username"))
        .await
        .unwrap()
        .send_keys(username)
        .await
        .unwrap();
    browser
        .find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    // Mark this document, submit, and wait until a new document has loaded in its place.
    browser
        .execute("window.beforeSubmit = true", vec![])
        .await
        .unwrap();
    browser
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
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
        assert!(
            Instant::now() < deadline,
            "the form submission never loaded a page"
        );
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The demo call: synthesized audio (a tone per word), redacted for real by the offline
/// pipeline (the card number's words silenced). Returns (original, redacted, transcript).
fn redacted_recording(dir: &Path) -> (Vec<u8>, Vec<u8>, Value) {
    let transcript = crate::demo::transcript(crate::demo::CALL);
    let original = crate::demo::synthesize_recording(&transcript);
    let original_path = dir.join("original.wav");
    let redacted_path = dir.join("redacted.wav");
    std::fs::write(&original_path, &original).unwrap();
    let redacted_transcript = crate::redact_call::redact_call_files(
        &transcript.to_string(),
        &original_path,
        &redacted_path,
        RedactionStyle::Silence,
        250,
    )
    .unwrap();
    let redacted = std::fs::read(&redacted_path).unwrap();
    (
        original,
        redacted,
        serde_json::from_str(&redacted_transcript).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_signs_in_and_plays_the_redacted_recording() {
    let store = jobs_s3_bucket().await;
    let scratch = std::env::temp_dir().join(format!("muffle-br-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&scratch).unwrap();
    let (original, redacted, transcript) = redacted_recording(&scratch);
    assert_ne!(sha256(&original), sha256(&redacted));
    put_object(&store, "calls/1001.wav", &redacted).await;
    let server = Server::start(Some(store)).await;
    let agency = server.agency(Some(7), true).await;
    let account = server.account(Some(agency)).await;
    let call = server
        .call(account, "calls/1001.wav", Some(transcript))
        .await;
    let url = server.link(call, Duration::hours(2)).await;

    let driver = Driver::start();
    let browser = driver.browser().await;
    browser.set_window_size(900, 900).await.unwrap();

    // The form, and no player before signing in.
    browser.goto(&url).await.unwrap();
    assert_eq!(heading(&browser).await, "Call recording");
    assert!(browser.find(Locator::Css("form.login")).await.is_ok());
    assert!(browser.find(Locator::Css("audio")).await.is_err());
    snap(&browser, "login").await;

    sign_in(&browser, "ops", "not the password").await;
    let alert = browser
        .find(Locator::Css(".error"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(alert, "That username and password did not work.");
    snap(&browser, "login-failed").await;

    sign_in(&browser, "ops", PASSWORD).await;
    let audio = browser
        .find(Locator::Css("audio"))
        .await
        .expect("the player after signing in");
    assert_eq!(
        browser.current_url().await.unwrap().as_str(),
        url,
        "303 back to the page"
    );

    // Play until the clock moves, then seek once.
    let played = browser
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const a = document.querySelector('audio');
               a.muted = true;
               const tick = () => { if (a.currentTime > 0.3) { a.removeEventListener('timeupdate', tick);
                   done({time: a.currentTime, duration: a.duration, error: a.error && a.error.code}); } };
               a.addEventListener('timeupdate', tick);
               a.addEventListener('error', () => done({error: a.error && a.error.code}));
               a.play().catch(e => done({error: String(e)}));"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(played["error"], Value::Null, "{played}");
    assert!(played["time"].as_f64().unwrap() > 0.3, "{played}");
    // The synthesized original: 44-byte header, 8 kHz 16-bit mono; redaction keeps the length.
    let wav_seconds = (original.len() - 44) as f64 / 16_000.0;
    let duration = played["duration"].as_f64().unwrap();
    assert!(
        (duration - wav_seconds).abs() < 0.1,
        "{duration} vs {wav_seconds}"
    );
    let seeked = browser
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const a = document.querySelector('audio');
               a.addEventListener('seeked', () => done({time: a.currentTime, error: a.error && a.error.code}), {once: true});
               a.currentTime = 4.0;"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(seeked["error"], Value::Null, "{seeked}");
    assert!(
        (seeked["time"].as_f64().unwrap() - 4.0).abs() < 0.5,
        "{seeked}"
    );
    browser
        .execute("document.querySelector('audio').pause()", vec![])
        .await
        .unwrap();
    let _ = audio;
    snap(&browser, "player").await;

    // The bytes behind the player, with the browser's own session: the redacted recording.
    let cookies = browser.get_all_cookies().await.unwrap();
    let session = cookies
        .iter()
        .find(|c| c.name() == SESSION_COOKIE)
        .expect("session cookie");
    assert_eq!(session.http_only(), Some(true));
    let served = client()
        .get(format!("{url}/audio"))
        .header(
            header::COOKIE,
            format!("{}={}", session.name(), session.value()),
        )
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(sha256(&served), sha256(&redacted));
    let outcomes = server.outcomes().await;
    assert!(outcomes.iter().any(|o| o == "audio"), "{outcomes:?}");
    assert!(outcomes.iter().any(|o| o == "auth_failed"));

    // The other pages, as a person would see them.
    let expired = server.link(call, Duration::days(9)).await;
    browser.goto(&expired).await.unwrap();
    assert_eq!(heading(&browser).await, "This link has expired");
    snap(&browser, "expired").await;
    browser
        .goto(&format!("{}/media/{}", server.base, secret::new_token()))
        .await
        .unwrap();
    assert_eq!(heading(&browser).await, "Link not found");
    snap(&browser, "not-found").await;
    let locked = server.link(call, Duration::zero()).await;
    for _ in 0..5 {
        browser.goto(&locked).await.unwrap();
        sign_in(&browser, "ops", "guess").await;
    }
    browser.goto(&locked).await.unwrap();
    sign_in(&browser, "ops", PASSWORD).await;
    assert_eq!(heading(&browser).await, "Too many attempts");
    snap(&browser, "locked").await;
    let pending = server.call(account, "calls/1001.wav", None).await;
    let pending_url = server.link(pending, Duration::zero()).await;
    let mut row = calls::Entity::find_by_id(pending)
        .one(&server.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.recording_redacted_at = Set(None);
    row.update(&server.db).await.unwrap();
    browser.goto(&pending_url).await.unwrap();
    assert_eq!(heading(&browser).await, "This recording is being processed");
    snap(&browser, "processing").await;

    browser.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&scratch);
}

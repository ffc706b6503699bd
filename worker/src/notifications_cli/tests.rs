//! The HTML e-mail in a real browser (headless Chromium): it renders, the button leads to
//! the link, and the no-audio variant has no button at all. The screenshot is kept in
//! `docs/` for the README and in `target/test-artifacts/notifications/`.

use std::path::PathBuf;

use fantoccini::Locator;
use jobs::notifications::{AudioLink, Notification};

use crate::browser_testing::Driver;

fn sample(audio: bool) -> Notification {
    Notification {
        account_name: "Acme Dental".into(),
        rule_name: "Billing team".into(),
        call_id: 1042,
        caller: Some("•••• 0100".into()),
        time: Some("Tue 1 Dec 2026, 10:30 PST".into()),
        duration: Some("2 min 05 s".into()),
        tags: Some(vec!["pci:card".into(), "pci:cvv".into()]),
        source: Some("Google Ads".into()),
        excerpt: Some(
            "Agent: what's the card number? Caller: [CREDIT_CARD] Agent: and the expiry? \
             Caller: [CARD_EXPIRY]"
                .into(),
        ),
        audio: audio.then(|| AudioLink {
            url: "https://calls.example.com/media/example-token".into(),
            expires: Some("Tue 8 Dec 2026, 10:30 PST".into()),
            password_required: true,
        }),
    }
}

#[tokio::test]
async fn the_html_email_renders_in_chromium_with_and_without_the_audio_button() {
    let driver = Driver::start();
    let browser = driver.browser().await;
    let dir = std::env::temp_dir().join(format!("muffle-mail-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();

    for audio in [true, false] {
        let page = dir.join(format!("mail-{audio}.html"));
        std::fs::write(&page, sample(audio).html()).unwrap();
        browser
            .goto(&format!("file://{}", page.display()))
            .await
            .unwrap();
        let heading = browser
            .find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(heading, "New call");
        let links = browser.find_all(Locator::Css("a")).await.unwrap();
        if audio {
            assert_eq!(links.len(), 1);
            let href = links[0].attr("href").await.unwrap();
            assert_eq!(
                href.as_deref(),
                Some("https://calls.example.com/media/example-token")
            );
            let png = browser.screenshot().await.unwrap();
            save("notification-email", &png);
        } else {
            assert!(links.is_empty(), "no link of any kind without audio");
            let body = browser
                .find(Locator::Css("body"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(
                body.contains("Acme Dental") && !body.contains("Listen"),
                "{body}"
            );
        }
    }
    browser.close().await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

fn save(name: &str, png: &[u8]) {
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    for dir in [
        root.join("docs"),
        root.join("target/test-artifacts/notifications"),
    ] {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

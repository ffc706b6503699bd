use lettre::message::Mailbox;

use super::*;

fn notification(audio: bool, caller: &str) -> Notification {
    Notification {
        account_name: "Acme Dental <West>".into(),
        rule_name: "Card calls".into(),
        call_id: 42,
        caller: Some(caller.into()),
        time: Some("Tue 1 Dec 2026, 10:30 PST".into()),
        duration: Some("2 min 05 s".into()),
        tags: Some(vec!["pci:card".into(), "pci:cvv".into()]),
        source: Some("Google Ads".into()),
        excerpt: Some("Agent: card number? Caller: [CREDIT_CARD] thanks".into()),
        audio: audio.then(|| AudioLink {
            url: "https://muffle.example/media/TOKEN".into(),
            expires: Some("Tue 8 Dec 2026, 10:30 PST".into()),
            password_required: true,
        }),
    }
}

fn formatted(notification: &Notification) -> String {
    let from: Mailbox = "Muffle <notify@muffle.example>".parse().unwrap();
    let to: Mailbox = "ops@acme.example".parse().unwrap();
    let id = message_id(42, 7, "ops@acme.example", &from);
    let message = notification
        .message(&from, &to, &id, std::time::SystemTime::now())
        .unwrap();
    String::from_utf8(message.formatted()).unwrap()
}

/// Dates and MIME boundaries change on every render.
fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"Date: .*", "Date: [date]");
    settings.add_filter(r#"boundary="[^"]+""#, r#"boundary="[boundary]""#);
    settings.add_filter(r"--[A-Za-z0-9]{20,}(--)?", "--[boundary]$1");
    settings
}

#[test]
fn text_with_audio_link_and_masked_caller() {
    insta::assert_snapshot!(notification(true, "•••• 0100").text());
}

#[test]
fn text_without_audio_has_no_trace_of_a_link() {
    let text = notification(false, "•••• 0100").text();
    insta::assert_snapshot!(text);
    assert!(!text.contains("http") && !text.to_lowercase().contains("listen"));
}

#[test]
fn html_escapes_and_omits_the_player_without_audio() {
    let with = notification(true, "•••• 0100").html();
    assert!(with.contains("Acme Dental &lt;West&gt;"), "escaped");
    assert!(with.contains("href=\"https://muffle.example/media/TOKEN\""));
    let without = notification(false, "•••• 0100").html();
    assert!(!without.contains("href") && !without.contains("Listen"));
    insta::assert_snapshot!("html_with_audio", with);
}

#[test]
fn full_message_pci_mode_and_full_caller() {
    // PCI mode: the job leaves `audio` out; the rule asked for the full number.
    let message = formatted(&notification(false, "+1 415 555 0100"));
    settings().bind(|| insta::assert_snapshot!(message));
}

#[test]
fn message_ids_are_stable_per_delivery_and_differ_between_recipients() {
    let from: Mailbox = "notify@muffle.example".parse().unwrap();
    let a = message_id(1, 2, "A@x.example", &from);
    assert_eq!(a, message_id(1, 2, " a@x.example", &from));
    assert_ne!(a, message_id(1, 2, "b@x.example", &from));
    assert_ne!(a, message_id(1, 3, "a@x.example", &from));
    assert!(a.starts_with("<muffle.call1.rule2.") && a.ends_with("@muffle.example>"));
}

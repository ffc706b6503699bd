//! Rendering one notification: a plain-text body, an HTML alternative (maud: compiled,
//! escaped by construction, inline CSS that survives common clients) and the MIME message.
//! Pure: the caller decides what goes in; a field left `None` is absent from both bodies,
//! with no placeholder.

use lettre::message::{Mailbox, Message, MultiPart};
use maud::{DOCTYPE, Markup, html};

/// What one e-mail says. Everything here is already masked, redacted and allowed by policy.
#[derive(Clone, Debug, Default)]
pub struct Notification {
    pub account_name: String,
    pub rule_name: String,
    pub call_id: i64,
    /// Masked unless the rule says full (`•••• 0100`).
    pub caller: Option<String>,
    /// In the account's time zone.
    pub time: Option<String>,
    pub duration: Option<String>,
    pub tags: Option<Vec<String>>,
    pub source: Option<String>,
    pub excerpt: Option<String>,
    pub audio: Option<AudioLink>,
}

#[derive(Clone, Debug)]
pub struct AudioLink {
    pub url: String,
    /// `Tue 8 Dec 2026, 10:30 PST`; None: the link does not expire.
    pub expires: Option<String>,
    /// The link asks for the agency's media password (never in the e-mail).
    pub password_required: bool,
}

impl Notification {
    pub fn subject(&self) -> String {
        let who = self.caller.as_deref().unwrap_or("a caller");
        let rule = if self.rule_name.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.rule_name)
        };
        format!("New call from {who}{rule}")
    }

    fn why(&self) -> String {
        let rule = if self.rule_name.is_empty() {
            "a call notification rule".to_owned()
        } else {
            format!("the call notification rule \"{}\"", self.rule_name)
        };
        format!(
            "You are receiving this because you are a recipient of {rule} of {}. Ask your \
             administrator to change or remove the rule.",
            self.account_name
        )
    }

    fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows = Vec::new();
        if let Some(caller) = &self.caller {
            rows.push(("Caller", caller.clone()));
        }
        if let Some(time) = &self.time {
            rows.push(("Time", time.clone()));
        }
        if let Some(duration) = &self.duration {
            rows.push(("Duration", duration.clone()));
        }
        if let Some(source) = &self.source {
            rows.push(("Source", source.clone()));
        }
        if let Some(tags) = &self.tags {
            let shown = if tags.is_empty() {
                "none".to_owned()
            } else {
                tags.join(", ")
            };
            rows.push(("Tags", shown));
        }
        rows
    }

    pub fn text(&self) -> String {
        let mut out = format!(
            "New call for {} (call {})\n\n",
            self.account_name, self.call_id
        );
        for (label, value) in self.rows() {
            out.push_str(&format!("{:<10}{value}\n", format!("{label}:")));
        }
        if let Some(excerpt) = &self.excerpt {
            out.push_str(&format!("\nTranscript (redacted):\n  {excerpt}\n"));
        }
        if let Some(audio) = &self.audio {
            out.push_str(&format!("\nListen to the recording: {}\n", audio.url));
            out.push_str(&format!("{}\n", audio_terms(audio)));
        }
        out.push_str(&format!("\n-- \n{}\n", self.why()));
        out
    }

    pub fn html(&self) -> String {
        self.html_markup().into_string()
    }

    fn html_markup(&self) -> Markup {
        const BODY: &str = "margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,\
            'Segoe UI',Helvetica,Arial,sans-serif;color:#1f2328;";
        const CARD: &str = "max-width:560px;margin:0 auto;background:#ffffff;border:1px solid \
            #d8dee4;border-radius:8px;padding:24px;";
        const LABEL: &str = "padding:4px 16px 4px 0;color:#59636e;font-size:14px;\
            vertical-align:top;white-space:nowrap;";
        const VALUE: &str = "padding:4px 0;font-size:14px;";
        const BUTTON: &str = "display:inline-block;background:#0969da;color:#ffffff;\
            text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600;";
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.subject()) }
                }
                body style=(BODY) {
                    div style=(CARD) {
                        h1 style="margin:0 0 4px;font-size:20px;" { "New call" }
                        p style="margin:0 0 16px;color:#59636e;font-size:14px;" {
                            (self.account_name) " · call " (self.call_id)
                        }
                        table role="presentation" cellpadding="0" cellspacing="0" {
                            @for (label, value) in self.rows() {
                                tr { td style=(LABEL) { (label) } td style=(VALUE) { (value) } }
                            }
                        }
                        @if let Some(excerpt) = &self.excerpt {
                            h2 style="margin:20px 0 6px;font-size:15px;" { "Transcript (redacted)" }
                            p style="margin:0;padding:12px;background:#f6f8fa;border-radius:6px;font-size:14px;line-height:1.5;" {
                                (excerpt)
                            }
                        }
                        @if let Some(audio) = &self.audio {
                            p style="margin:24px 0 8px;" {
                                a href=(audio.url) style=(BUTTON) { "Listen to the recording" }
                            }
                            p style="margin:0;color:#59636e;font-size:13px;" { (audio_terms(audio)) }
                        }
                    }
                    p style="max-width:560px;margin:16px auto 0;color:#59636e;font-size:12px;line-height:1.5;" {
                        (self.why())
                    }
                }
            }
        }
    }

    /// The MIME message: text and HTML alternatives, one recipient, a fixed `Message-ID`.
    pub fn message(
        &self,
        from: &Mailbox,
        to: &Mailbox,
        message_id: &str,
        date: std::time::SystemTime,
    ) -> Result<Message, lettre::error::Error> {
        Message::builder()
            .from(from.clone())
            .to(to.clone())
            .subject(self.subject())
            .message_id(Some(message_id.to_owned()))
            .date(date)
            .multipart(MultiPart::alternative_plain_html(self.text(), self.html()))
    }
}

fn audio_terms(audio: &AudioLink) -> String {
    let expiry = match &audio.expires {
        Some(at) => format!("The link expires {at}."),
        None => "The link does not expire.".to_owned(),
    };
    if audio.password_required {
        format!("{expiry} It asks for your agency's media password.")
    } else {
        expiry
    }
}

/// `<call.rule.recipient-hash@domain>`: the same for every attempt of one delivery, so a
/// resend after a crash is recognisable as the same message.
pub fn message_id(call_id: i64, rule_id: i64, recipient: &str, from: &Mailbox) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(recipient.trim().to_lowercase().as_bytes());
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "<muffle.call{call_id}.rule{rule_id}.{hash}@{}>",
        from.email.domain()
    )
}

#[cfg(test)]
mod tests;

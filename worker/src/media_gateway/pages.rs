//! The gateway's server-rendered pages (maud): plain HTML forms, no JavaScript, one small
//! stylesheet served from the same origin (the CSP allows nothing else).

use maud::{DOCTYPE, Markup, html};

/// What the page says about the call (no caller number: the page may be forwarded).
pub struct CallSummary {
    pub account_name: String,
    /// "Tuesday, December 1, 2026 at 2:14 PM CST", in the account's zone.
    pub when: String,
    /// "3 min 12 s", or None when the transcript has no timings.
    pub duration: Option<String>,
    /// "Link expires December 8, 2026 at 2:14 PM CST".
    pub expires: Option<String>,
}

pub const STYLESHEET_PATH: &str = "/media-assets/gateway.css";

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex, nofollow";
                meta name="referrer" content="no-referrer";
                title { (title) " · Muffle" }
                link rel="stylesheet" href=(STYLESHEET_PATH);
            }
            body {
                main.card {
                    header.brand {
                        span.logo aria-hidden="true" { "◖◗" }
                        span { "Muffle" }
                        span.tag { "Secure recording" }
                    }
                    (body)
                }
                footer { "Shared through a protected link. Do not forward it." }
            }
        }
    }
}

fn summary(call: &CallSummary) -> Markup {
    html! {
        h1 { "Call recording" }
        p.account { (call.account_name) }
        dl.facts {
            div { dt { "Date" } dd { (call.when) } }
            @if let Some(duration) = &call.duration {
                div { dt { "Duration" } dd { (duration) } }
            }
        }
    }
}

pub fn player(call: &CallSummary, audio_path: &str) -> Markup {
    layout(
        "Call recording",
        html! {
            (summary(call))
            div.player {
                // preload=none: rendering the page (a mail scanner's headless browser, say)
                // fetches no audio; only pressing play does.
                audio controls preload="none" src=(audio_path) {
                    "Your browser cannot play this recording."
                }
            }
            p.note { "Sensitive details (card numbers, account numbers) were silenced before this recording was shared." }
            @if let Some(expires) = &call.expires {
                p.expiry { (expires) }
            }
        },
    )
}

/// The login form; `error` is the generic message after a failed attempt.
pub fn login(call: &CallSummary, action: &str, error: Option<&str>) -> Markup {
    layout(
        "Sign in to listen",
        html! {
            (summary(call))
            form.login method="post" action=(action) {
                p.lead { "This recording is protected. Sign in with the credentials your agency gave you." }
                @if let Some(error) = error {
                    p.error role="alert" { (error) }
                }
                label for="username" { "Username" }
                input #username type="text" name="username" autocomplete="username" required autofocus;
                label for="password" { "Password" }
                input #password type="password" name="password" autocomplete="current-password" required;
                button type="submit" { "Sign in and listen" }
            }
            @if let Some(expires) = &call.expires {
                p.expiry { (expires) }
            }
        },
    )
}

/// A page with only a heading and a message (expired, not found, being processed, …).
pub fn notice(kind: &str, heading: &str, message: &str) -> Markup {
    layout(
        heading,
        html! {
            div.notice.(kind) {
                h1 { (heading) }
                p { (message) }
            }
        },
    )
}

pub const STYLESHEET: &str = r#"
:root { color-scheme: light; --ink:#1d2433; --muted:#5d6b82; --line:#e3e8f0; --brand:#3451d1; --bg:#f4f6fb; --bad:#b42318; }
* { box-sizing: border-box; }
body { margin:0; min-height:100vh; display:flex; flex-direction:column; align-items:center; justify-content:center;
  background: linear-gradient(180deg, #eef2ff 0%, var(--bg) 55%); color:var(--ink);
  font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.card { width:min(520px, calc(100vw - 32px)); background:#fff; border:1px solid var(--line); border-radius:16px;
  box-shadow: 0 10px 30px rgba(29,36,51,.08); padding:28px 32px 24px; }
.brand { display:flex; align-items:center; gap:8px; font-weight:700; letter-spacing:.01em; margin-bottom:20px; }
.brand .logo { display:inline-grid; place-items:center; width:30px; height:30px; border-radius:8px; background:var(--brand); color:#fff; font-size:12px; }
.brand .tag { margin-left:auto; font-weight:500; font-size:13px; color:var(--muted); background:#f1f4fa; padding:2px 10px; border-radius:999px; }
h1 { font-size:22px; margin:0 0 4px; }
.account { margin:0 0 16px; color:var(--muted); }
.facts { display:grid; grid-template-columns: 1fr 1fr; gap:12px; margin:0 0 20px; padding:14px 16px; background:#f8f9fc; border-radius:12px; }
.facts dt { font-size:12px; text-transform:uppercase; letter-spacing:.06em; color:var(--muted); }
.facts dd { margin:2px 0 0; font-weight:600; }
.player audio { width:100%; }
.note, .expiry, .lead { color:var(--muted); font-size:14px; }
.expiry { margin-bottom:0; border-top:1px solid var(--line); padding-top:12px; }
.login label { display:block; font-weight:600; font-size:14px; margin:12px 0 4px; }
.login input { width:100%; padding:10px 12px; border:1px solid #cfd6e4; border-radius:10px; font:inherit; }
.login input:focus { outline:2px solid #c7d2fe; border-color:var(--brand); }
.login button { margin-top:18px; width:100%; padding:11px; border:0; border-radius:10px; background:var(--brand); color:#fff; font:inherit; font-weight:600; cursor:pointer; }
.error { background:#fef3f2; color:var(--bad); border:1px solid #fecdca; padding:8px 12px; border-radius:10px; font-size:14px; }
.notice h1 { margin-top:4px; }
.notice p { color:var(--muted); }
.notice.gone h1, .notice.locked h1 { color:var(--bad); }
footer { margin-top:16px; font-size:12px; color:var(--muted); }
"#;

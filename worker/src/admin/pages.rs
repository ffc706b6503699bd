//! The console's pages (maud), in the media gateway's style: plain HTML forms, one same-origin
//! stylesheet, no JavaScript.

use std::time::Duration;

use maud::{DOCTYPE, Markup, html};

use super::{
    auth::Session,
    data::{ActionRow, Activity, DayCount, QueueRow, ScheduleRow},
};

pub const STYLESHEET_PATH: &str = "/admin/admin.css";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Queues,
    Failed,
    Schedules,
    Activity,
    Log,
}

fn document(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex, nofollow";
                title { (title) " · Muffle console" }
                link rel="stylesheet" href=(STYLESHEET_PATH);
            }
            body { (body) }
        }
    }
}

fn layout(session: &Session, tab: Tab, title: &str, body: Markup) -> Markup {
    let link = |target: Tab, href: &str, label: &str| {
        html! { a href=(href) class=[(target == tab).then_some("active")] { (label) } }
    };
    document(
        title,
        html! {
            header.top {
                span.logo aria-hidden="true" { "◖◗" }
                span.name { "Muffle console" }
                nav {
                    (link(Tab::Queues, "/admin", "Queues"))
                    (link(Tab::Failed, "/admin/failed", "Failed jobs"))
                    (link(Tab::Schedules, "/admin/schedules", "Schedules"))
                    (link(Tab::Activity, "/admin/activity", "Activity"))
                    (link(Tab::Log, "/admin/log", "Action log"))
                }
                span.role class=(session.role.as_str()) { (session.role.as_str()) }
                form.inline method="post" action="/admin/logout" {
                    (csrf(session))
                    button.link type="submit" { "Sign out" }
                }
            }
            main.wide {
                h1 { (title) }
                (body)
            }
        },
    )
}

fn csrf(session: &Session) -> Markup {
    html! { input type="hidden" name="csrf" value=(session.csrf_token()); }
}

/// A one-button form posting to `action` (disabled for the read-only role).
fn button(
    session: &Session,
    action: &str,
    label: &str,
    class: &str,
    extra: Option<(&str, &str)>,
) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (csrf(session))
            @if let Some((name, value)) = extra {
                input type="hidden" name=(name) value=(value);
            }
            button type="submit" class=(class) disabled[!session.role.can_change()] { (label) }
        }
    }
}

/// A page with a heading and a sentence (disabled, forbidden, errors).
pub fn bare(heading: &str, message: &str) -> Markup {
    document(
        heading,
        html! {
            main.card {
                h1 { (heading) }
                p.muted { (message) }
            }
        },
    )
}

pub fn login(error: Option<&str>) -> Markup {
    document(
        "Sign in",
        html! {
            main.card {
                header.brand {
                    span.logo aria-hidden="true" { "◖◗" }
                    span { "Muffle console" }
                }
                h1 { "Sign in" }
                @if let Some(error) = error {
                    p.error role="alert" { (error) }
                }
                form.login method="post" action="/admin/login" {
                    label for="password" { "Password" }
                    input #password type="password" name="password" autocomplete="current-password" required autofocus;
                    button type="submit" { "Sign in" }
                }
            }
        },
    )
}

pub fn queues(session: &Session, rows: &[QueueRow]) -> Markup {
    layout(
        session,
        Tab::Queues,
        "Queues",
        html! {
            table {
                thead { tr {
                    th { "Queue" } th.num { "Pending" } th.num { "Scheduled" } th.num { "Running" }
                    th.num { "Oldest" } th.num { "Last hour" } th.num { "Failure rate" } th { "State" } th {}
                } }
                tbody {
                    @for row in rows {
                        @let attempts = row.hour_succeeded + row.hour_failed;
                        tr class=[row.paused.then_some("paused")] {
                            td { code { (row.queue) } }
                            td.num { (row.pending) }
                            td.num { (row.scheduled) }
                            td.num { (row.in_flight) }
                            td.num { @if row.pending > 0 { (age(row.oldest_age)) } @else { "—" } }
                            td.num { (row.hour_succeeded) " done" }
                            td.num {
                                @if attempts == 0 { "—" }
                                @else { (format!("{:.1}%", row.hour_failed as f64 * 100.0 / attempts as f64)) }
                            }
                            td { @if row.paused { span.badge.bad { "paused" } } @else { span.badge.good { "running" } } }
                            td {
                                @if row.paused {
                                    (button(session, &format!("/admin/queues/{}/resume", row.job), "Resume", "primary", None))
                                } @else {
                                    (button(session, &format!("/admin/queues/{}/pause", row.job), "Pause", "", None))
                                }
                            }
                        }
                    }
                }
            }
            p.muted { "A paused queue keeps its tasks; workers stop fetching it within a second and pick up where they left off on resume." }
        },
    )
}

pub fn failed(
    session: &Session,
    filter: Option<&str>,
    rows: &[entity::failed_jobs::Model],
) -> Markup {
    let filter_value = filter.unwrap_or("");
    layout(
        session,
        Tab::Failed,
        "Failed jobs",
        html! {
            div.toolbar {
                form.inline method="get" action="/admin/failed" {
                    label for="job" { "Job " }
                    select #job name="job" {
                        option value="" selected[filter.is_none()] { "all jobs" }
                        @for name in jobs::registry::names() {
                            option value=(name) selected[filter == Some(name)] { (name) }
                        }
                    }
                    button type="submit" { "Filter" }
                }
                span.spacer {}
                (button(session, "/admin/failed-matching/retry", &format!("Retry all {}", rows.len()), "primary", Some(("job", filter_value))))
                (button(session, "/admin/failed-matching/discard", "Discard all", "danger", Some(("job", filter_value))))
            }
            @if rows.is_empty() {
                p.empty { "No failed jobs." }
            } @else {
                table {
                    thead { tr {
                        th.num { "Id" } th { "Task" } th { "Job" } th.num { "Attempts" } th { "Failed at" } th { "Error" } th {}
                    } }
                    tbody {
                        @for row in rows {
                            tr {
                                td.num { (row.id) }
                                td { code { (row.task_id) } }
                                td { (row.job_name) }
                                td.num { (row.attempts) }
                                td.nowrap { (row.failed_at.format("%Y-%m-%d %H:%M:%S")) }
                                td.error-text { (row.error) }
                                td.nowrap {
                                    (button(session, &format!("/admin/failed/{}/retry", row.id), "Retry", "primary", Some(("job", filter_value))))
                                    (button(session, &format!("/admin/failed/{}/discard", row.id), "Discard", "danger", Some(("job", filter_value))))
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn schedules(
    session: &Session,
    rows: &[ScheduleRow],
    sweeps: &[entity::sweep_runs::Model],
) -> Markup {
    layout(
        session,
        Tab::Schedules,
        "Schedules and sweeps",
        html! {
            @if rows.is_empty() {
                p.empty { "No retention schedules." }
            } @else {
                table {
                    thead { tr {
                        th.num { "Id" } th.num { "Account" } th { "Cron" } th { "Zone" } th { "Action" }
                        th { "Kinds" } th.num { "Older than" } th { "Next fires" } th { "State" } th {}
                    } }
                    tbody {
                        @for row in rows {
                            @let s = &row.schedule;
                            tr class=[(!s.enabled).then_some("paused")] {
                                td.num { (s.id) }
                                td.num { (s.account_id) }
                                td { code { (s.cron) } }
                                td { (s.timezone.as_deref().unwrap_or("account's")) }
                                td { (s.action) }
                                td { (kinds(&s.kinds)) }
                                td.num { (s.older_than_days) " d" }
                                td.fires {
                                    @match &row.next {
                                        Ok(fires) => { @for fire in fires { div { (fire) } } }
                                        Err(reason) => { span.error-text { (reason) } }
                                    }
                                }
                                td { @if s.enabled { span.badge.good { "enabled" } } @else { span.badge.bad { "disabled" } } }
                                td {
                                    @if s.enabled {
                                        (button(session, &format!("/admin/schedules/{}/disable", s.id), "Disable", "", None))
                                    } @else {
                                        (button(session, &format!("/admin/schedules/{}/enable", s.id), "Enable", "primary", None))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Recent sweeps" }
            @if sweeps.is_empty() {
                p.empty { "No sweeps yet." }
            } @else {
                table {
                    thead { tr {
                        th.num { "Run" } th.num { "Schedule" } th { "Fire" } th { "Status" }
                        th.num { "Scanned" } th.num { "Changed" } th.num { "Failed" } th { "Finished" }
                    } }
                    tbody {
                        @for run in sweeps {
                            tr {
                                td.num { (run.id) }
                                td.num { (run.schedule_id) }
                                td.nowrap { (run.fire_at.format("%Y-%m-%d %H:%M:%S")) }
                                td { (run.status) }
                                td.num { (run.scanned) }
                                td.num { (run.changed) }
                                td.num { (run.failed) }
                                td.nowrap { @if let Some(at) = run.finished_at { (at.format("%Y-%m-%d %H:%M:%S")) } @else { "—" } }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn kinds(value: &serde_json::Value) -> String {
    value
        .as_array()
        .map(|kinds| {
            kinds
                .iter()
                .filter_map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

pub fn activity(session: &Session, activity: &Activity) -> Markup {
    layout(
        session,
        Tab::Activity,
        "Activity (last 14 days, UTC)",
        html! {
            div.grid {
                section { h2 { "Redactions per entity type" } (day_table(&activity.redactions, "Type", "Items")) }
                section { h2 { "Recordings rewritten" } (day_table(&activity.rewrites, "", "Calls")) }
                section { h2 { "Media-link requests" } (day_table(&activity.media, "Outcome", "Requests")) }
            }
        },
    )
}

fn day_table(rows: &[DayCount], label: &str, count: &str) -> Markup {
    html! {
        @if rows.is_empty() {
            p.empty { "Nothing yet." }
        } @else {
            table {
                thead { tr { th { "Day" } @if !label.is_empty() { th { (label) } } th.num { (count) } } }
                tbody {
                    @for row in rows {
                        tr {
                            td.nowrap { (row.day) }
                            @if !label.is_empty() { td { (row.label) } }
                            td.num { (row.count) }
                        }
                    }
                }
            }
        }
    }
}

pub fn log(session: &Session, rows: &[ActionRow]) -> Markup {
    layout(
        session,
        Tab::Log,
        "Action log",
        html! {
            @if rows.is_empty() {
                p.empty { "Nothing logged yet." }
            } @else {
                table {
                    thead { tr { th { "At (UTC)" } th { "Role" } th { "Action" } th { "Target" } } }
                    tbody {
                        @for row in rows {
                            tr {
                                td.nowrap { (row.at.format("%Y-%m-%d %H:%M:%S")) }
                                td { (row.role) }
                                td { (row.action) }
                                td { (row.target.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn age(age: Duration) -> String {
    let secs = age.as_secs();
    match secs {
        0..120 => format!("{secs} s"),
        120..7200 => format!("{} min", secs / 60),
        7200..172_800 => format!("{} h", secs / 3600),
        _ => format!("{} d", secs / 86_400),
    }
}

pub const STYLESHEET: &str = r#"
:root { color-scheme: light; --ink:#1d2433; --muted:#5d6b82; --line:#e3e8f0; --brand:#3451d1; --bg:#f4f6fb; --bad:#b42318; --good:#067647; }
* { box-sizing: border-box; }
body { margin:0; min-height:100vh; background: linear-gradient(180deg, #eef2ff 0%, var(--bg) 40%); color:var(--ink);
  font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.top { display:flex; align-items:center; gap:14px; padding:12px 28px; background:#fff; border-bottom:1px solid var(--line); }
.logo { display:inline-grid; place-items:center; width:30px; height:30px; border-radius:8px; background:var(--brand); color:#fff; font-size:12px; }
.name { font-weight:700; margin-right:12px; }
nav { display:flex; gap:4px; flex:1; }
nav a { color:var(--muted); text-decoration:none; padding:6px 12px; border-radius:8px; font-weight:500; }
nav a.active, nav a:hover { background:#eef2ff; color:var(--brand); }
.role { font-size:12px; padding:2px 10px; border-radius:999px; background:#f1f4fa; color:var(--muted); text-transform:uppercase; letter-spacing:.05em; }
.role.admin { background:#eef2ff; color:var(--brand); }
main.wide { max-width:1200px; margin:24px auto; padding:0 28px; }
main.card { width:min(420px, calc(100vw - 32px)); margin:12vh auto 0; background:#fff; border:1px solid var(--line); border-radius:16px;
  box-shadow: 0 10px 30px rgba(29,36,51,.08); padding:28px 32px 24px; }
.brand { display:flex; align-items:center; gap:8px; font-weight:700; margin-bottom:16px; }
h1 { font-size:22px; margin:0 0 16px; }
h2 { font-size:16px; margin:24px 0 8px; }
table { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--line); border-radius:12px; overflow:hidden; }
th, td { text-align:left; padding:8px 12px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); background:#f8f9fc; }
tr:last-child td { border-bottom:0; }
tr.paused td { background:#fffaf0; }
.num { text-align:right; font-variant-numeric: tabular-nums; }
.nowrap { white-space:nowrap; }
code { font-size:13px; }
.badge { font-size:12px; padding:2px 8px; border-radius:999px; font-weight:600; }
.badge.good { background:#ecfdf3; color:var(--good); }
.badge.bad { background:#fef3f2; color:var(--bad); }
form.inline { display:inline; margin:0 2px; }
button { font:inherit; font-size:13px; padding:5px 12px; border-radius:8px; border:1px solid #cfd6e4; background:#fff; color:var(--ink); cursor:pointer; }
button.primary { background:var(--brand); border-color:var(--brand); color:#fff; }
button.danger { color:var(--bad); border-color:#fecdca; }
button.link { border:0; background:none; color:var(--muted); }
button:disabled { opacity:.45; cursor:not-allowed; }
select { font:inherit; padding:4px 8px; border-radius:8px; border:1px solid #cfd6e4; }
.toolbar { display:flex; align-items:center; gap:8px; margin-bottom:12px; }
.spacer { flex:1; }
.muted, .empty { color:var(--muted); }
.error-text { color:var(--bad); font-size:13px; }
.fires { font-size:13px; font-variant-numeric: tabular-nums; white-space:nowrap; }
.grid { display:grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap:20px; }
.login label { display:block; font-weight:600; font-size:14px; margin:12px 0 4px; }
.login input { width:100%; padding:10px 12px; border:1px solid #cfd6e4; border-radius:10px; font:inherit; }
.login button { margin-top:18px; width:100%; padding:11px; border:0; border-radius:10px; background:var(--brand); color:#fff; font-weight:600; }
.error { background:#fef3f2; color:var(--bad); border:1px solid #fecdca; padding:8px 12px; border-radius:10px; font-size:14px; }
"#;

//! The operator console at `/admin` on `muffle web`: server-rendered pages (maud), plain
//! forms, no JavaScript. Off unless `MUFFLE_ADMIN_PASSWORD` is set.
//!
//! - Queues: depth, oldest age, last hour's throughput and failure rate; pause and resume (a
//!   paused queue keeps its tasks; every worker stops fetching it within a second).
//! - Failed jobs: retry or discard one, or all matching a job filter.
//! - Schedules: next three fires, enable and disable; running sweeps.
//! - Activity: redactions per entity type per day, recording rewrites, media-link requests.
//! - Log: every sign-in, failed sign-in and change (`admin_actions`).
//!
//! Security: a signed session cookie (`HttpOnly; SameSite=Strict; Path=/admin`), a CSRF token
//! in every form, 5 failed sign-ins in 15 minutes lock the client address out for 15 minutes,
//! and the read-only password (`MUFFLE_ADMIN_READONLY_PASSWORD`) sees everything and changes
//! nothing. Pages show ids, names and counts, never payload values.

pub mod auth;
mod data;
mod pages;

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Form, Router,
    extract::{ConnectInfo, Path, Query, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use maud::Markup;
use sea_orm::DatabaseConnection;
use serde::Deserialize;

use self::auth::{Credentials, Session};
use crate::queue::Queues;

pub struct Console {
    pub db: DatabaseConnection,
    pub queues: Queues,
    /// None: the console is off (no `MUFFLE_ADMIN_PASSWORD`).
    pub credentials: Option<Credentials>,
    /// Cookies are `Secure` when the public URL is https.
    pub secure_cookies: bool,
}

pub fn router(console: Arc<Console>) -> Router {
    Router::new()
        .route("/admin", get(queues_page))
        .route("/admin/login", get(login_page).post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/queues/{job}/{action}", post(queue_action))
        .route("/admin/failed", get(failed_page))
        .route("/admin/failed/{id}/{action}", post(failed_action))
        .route(
            "/admin/failed-matching/{action}",
            post(failed_matching_action),
        )
        .route("/admin/schedules", get(schedules_page))
        .route("/admin/schedules/{id}/{action}", post(schedule_action))
        .route("/admin/activity", get(activity_page))
        .route("/admin/log", get(log_page))
        .route(pages::STYLESHEET_PATH, get(stylesheet))
        .layer(middleware::from_fn(security_headers))
        .with_state(console)
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("cache-control", "no-store"),
        ("referrer-policy", "no-referrer"),
        ("x-robots-tag", "noindex, nofollow"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        (
            "content-security-policy",
            "default-src 'none'; style-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        pages::STYLESHEET,
    )
        .into_response()
}

/// Who is asking: a valid session, or the response to send instead (sign-in page, or 404
/// when the console is off).
fn session(console: &Console, headers: &HeaderMap) -> Result<Session, Response> {
    let Some(credentials) = &console.credentials else {
        return Err(disabled());
    };
    cookie(headers, auth::COOKIE)
        .and_then(|value| credentials.verify(value))
        .ok_or_else(|| Redirect::to("/admin/login").into_response())
}

fn disabled() -> Response {
    (
        StatusCode::NOT_FOUND,
        html(pages::bare(
            "Console disabled",
            "The operator console is off: set MUFFLE_ADMIN_PASSWORD to turn it on.",
        )),
    )
        .into_response()
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn page(markup: Html<String>) -> Response {
    markup.into_response()
}

fn html(markup: Markup) -> Html<String> {
    Html(markup.into_string())
}

fn server_error(error: impl std::fmt::Display) -> Response {
    tracing::error!(error = %error, "admin console");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        html(pages::bare("Something went wrong", "The error was logged.")),
    )
        .into_response()
}

// --- sign in -------------------------------------------------------------------------

async fn login_page(State(console): State<Arc<Console>>) -> Response {
    if console.credentials.is_none() {
        return disabled();
    }
    page(html(pages::login(None)))
}

#[derive(Deserialize)]
struct LoginForm {
    password: String,
}

async fn login(
    State(console): State<Arc<Console>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let Some(credentials) = &console.credentials else {
        return disabled();
    };
    let client = jobs::media_links::secret::client_hash(
        credentials.client_key(),
        &crate::media_gateway::client_address(peer, &headers),
    );
    // Checked before the password: a locked-out client learns nothing more.
    match data::recent_failed_logins(&console.db, &client, auth::LOCKOUT_MINUTES).await {
        Ok(failures) if failures >= auth::LOCKOUT_FAILURES => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                html(pages::login(Some(
                    "Too many failed sign-ins from this address. Try again in 15 minutes.",
                ))),
            )
                .into_response();
        }
        Ok(_) => {}
        Err(error) => return server_error(error),
    }
    let Some(role) = credentials.role_of(&form.password) else {
        if let Err(error) = data::log(
            &console.db,
            "anonymous",
            "login_failed",
            None,
            Some(&client),
        )
        .await
        {
            return server_error(error);
        }
        return (
            StatusCode::UNAUTHORIZED,
            html(pages::login(Some("Wrong password."))),
        )
            .into_response();
    };
    if let Err(error) = data::log(&console.db, role.as_str(), "login", None, Some(&client)).await {
        return server_error(error);
    }
    let cookie = format!(
        "{}={}; HttpOnly; SameSite=Strict; Path=/admin; Max-Age={}{}",
        auth::COOKIE,
        credentials.issue(role),
        auth::SESSION_SECS,
        if console.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    );
    let mut response = Redirect::to("/admin").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// The fields every POST carries.
#[derive(Deserialize)]
struct ActionForm {
    csrf: String,
    /// The failed-jobs filter (a job name; empty for all).
    #[serde(default)]
    job: String,
}

/// The session of a POST that may change something: signed in, the right CSRF token, and
/// (unless `read_only_allowed`) the admin role.
fn authorize(
    console: &Console,
    headers: &HeaderMap,
    form: &ActionForm,
    read_only_allowed: bool,
) -> Result<Session, Response> {
    let session = session(console, headers)?;
    if !session.csrf_matches(&form.csrf) {
        return Err((
            StatusCode::FORBIDDEN,
            html(pages::bare(
                "Expired form",
                "Reload the page and try again.",
            )),
        )
            .into_response());
    }
    if !read_only_allowed && !session.role.can_change() {
        return Err((
            StatusCode::FORBIDDEN,
            html(pages::bare(
                "Read-only",
                "This sign-in can look but not change anything.",
            )),
        )
            .into_response());
    }
    Ok(session)
}

async fn logout(
    State(console): State<Arc<Console>>,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Response {
    if let Err(response) = authorize(&console, &headers, &form, true) {
        return response;
    }
    let mut response = Redirect::to("/admin/login").into_response();
    let clear = format!(
        "{}=; HttpOnly; SameSite=Strict; Path=/admin; Max-Age=0",
        auth::COOKIE
    );
    if let Ok(value) = HeaderValue::from_str(&clear) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

// --- queues --------------------------------------------------------------------------

async fn queues_page(State(console): State<Arc<Console>>, headers: HeaderMap) -> Response {
    let session = match session(&console, &headers) {
        Ok(session) => session,
        Err(response) => return response,
    };
    match data::queues(&console.db, &console.queues).await {
        Ok(rows) => page(html(pages::queues(&session, &rows))),
        Err(error) => server_error(error),
    }
}

async fn queue_action(
    State(console): State<Arc<Console>>,
    Path((job, action)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Response {
    let session = match authorize(&console, &headers, &form, false) {
        Ok(session) => session,
        Err(response) => return response,
    };
    let Some(spec) = jobs::registry::find(&job) else {
        return (
            StatusCode::NOT_FOUND,
            html(pages::bare("Unknown queue", "No such job.")),
        )
            .into_response();
    };
    let result = match action.as_str() {
        "pause" => data::pause(&console.db, spec.name).await,
        "resume" => data::resume(&console.db, spec.name).await,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let logged = data::log(
        &console.db,
        session.role.as_str(),
        &format!("queue_{action}"),
        Some(spec.name),
        None,
    )
    .await;
    match result.and(logged) {
        Ok(()) => Redirect::to("/admin").into_response(),
        Err(error) => server_error(error),
    }
}

// --- failed jobs ---------------------------------------------------------------------

#[derive(Deserialize)]
struct FailedQuery {
    #[serde(default)]
    job: String,
}

async fn failed_page(
    State(console): State<Arc<Console>>,
    headers: HeaderMap,
    Query(query): Query<FailedQuery>,
) -> Response {
    let session = match session(&console, &headers) {
        Ok(session) => session,
        Err(response) => return response,
    };
    let filter = jobs::registry::find(&query.job).map(|spec| spec.name);
    match data::failed(&console.db, filter).await {
        Ok(rows) => page(html(pages::failed(&session, filter, &rows))),
        Err(error) => server_error(error),
    }
}

async fn failed_action(
    State(console): State<Arc<Console>>,
    Path((id, action)): Path<(i64, String)>,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Response {
    let session = match authorize(&console, &headers, &form, false) {
        Ok(session) => session,
        Err(response) => return response,
    };
    let done = match action.as_str() {
        "retry" => data::retry_failed(&console.db, &console.queues, Some(id), None).await,
        "discard" => data::discard_failed(&console.db, Some(id), None).await,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    finish_failed_action(
        &console,
        &session,
        &action,
        &id.to_string(),
        &form.job,
        done,
    )
    .await
}

async fn failed_matching_action(
    State(console): State<Arc<Console>>,
    Path(action): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Response {
    let session = match authorize(&console, &headers, &form, false) {
        Ok(session) => session,
        Err(response) => return response,
    };
    let filter = jobs::registry::find(&form.job).map(|spec| spec.name);
    let done = match action.as_str() {
        "retry" => data::retry_failed(&console.db, &console.queues, None, filter).await,
        "discard" => data::discard_failed(&console.db, None, filter).await,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let target = format!("job={}", filter.unwrap_or("*"));
    finish_failed_action(
        &console,
        &session,
        &format!("{action}_all"),
        &target,
        &form.job,
        done,
    )
    .await
}

async fn finish_failed_action(
    console: &Console,
    session: &Session,
    action: &str,
    target: &str,
    filter: &str,
    done: anyhow::Result<u64>,
) -> Response {
    let count = match done {
        Ok(count) => count,
        Err(error) => return server_error(error),
    };
    let target = format!("{target} ({count})");
    if let Err(error) = data::log(
        &console.db,
        session.role.as_str(),
        &format!("failed_{action}"),
        Some(&target),
        None,
    )
    .await
    {
        return server_error(error);
    }
    let back = match jobs::registry::find(filter) {
        Some(spec) => format!("/admin/failed?job={}", spec.name),
        None => "/admin/failed".to_owned(),
    };
    Redirect::to(&back).into_response()
}

// --- schedules -----------------------------------------------------------------------

async fn schedules_page(State(console): State<Arc<Console>>, headers: HeaderMap) -> Response {
    let session = match session(&console, &headers) {
        Ok(session) => session,
        Err(response) => return response,
    };
    match data::schedules(&console.db).await {
        Ok((schedules, sweeps)) => page(html(pages::schedules(&session, &schedules, &sweeps))),
        Err(error) => server_error(error),
    }
}

async fn schedule_action(
    State(console): State<Arc<Console>>,
    Path((id, action)): Path<(i64, String)>,
    headers: HeaderMap,
    Form(form): Form<ActionForm>,
) -> Response {
    let session = match authorize(&console, &headers, &form, false) {
        Ok(session) => session,
        Err(response) => return response,
    };
    use jobs::retention::admin;
    let result = match action.as_str() {
        "enable" => admin::enable(&console.db, id).await,
        "disable" => admin::disable(&console.db, id).await,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    if let Err(error) = result {
        return match error {
            admin::AdminError::Db(error) => server_error(error),
            other => (
                StatusCode::NOT_FOUND,
                html(pages::bare("Not found", &other.to_string())),
            )
                .into_response(),
        };
    }
    match data::log(
        &console.db,
        session.role.as_str(),
        &format!("schedule_{action}"),
        Some(&id.to_string()),
        None,
    )
    .await
    {
        Ok(()) => Redirect::to("/admin/schedules").into_response(),
        Err(error) => server_error(error),
    }
}

// --- activity and log ----------------------------------------------------------------

async fn activity_page(State(console): State<Arc<Console>>, headers: HeaderMap) -> Response {
    let session = match session(&console, &headers) {
        Ok(session) => session,
        Err(response) => return response,
    };
    match data::activity(&console.db, 14).await {
        Ok(activity) => page(html(pages::activity(&session, &activity))),
        Err(error) => server_error(error),
    }
}

async fn log_page(State(console): State<Arc<Console>>, headers: HeaderMap) -> Response {
    let session = match session(&console, &headers) {
        Ok(session) => session,
        Err(response) => return response,
    };
    match data::action_log(&console.db, 200).await {
        Ok(rows) => page(html(pages::log(&session, &rows))),
        Err(error) => server_error(error),
    }
}

#[cfg(test)]
mod tests;

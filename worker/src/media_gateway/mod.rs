//! The media gateway of `muffle web`: the pages behind expiring, password-protected links to
//! call recordings, and `POST /media-links` for the platform to mint them.
//!
//! - `GET /media/{token}`: the page (player, or the login form when the policy asks for a
//!   password). Never audio, never a listen: mail scanners fetch every link with HEAD/GET.
//! - `POST /media/{token}`: login; 303 back with a session cookie scoped to the link, 401
//!   with a generic message, 429 after 5 failures in 15 minutes (per link or per client),
//!   checked before any hashing.
//! - `GET /media/{token}/audio`: the redacted recording, streamed with Range support.
//! - 410 expired/revoked/deleted, 404 unknown, 409 while the recording is being redacted.
//!
//! Tokens never reach a log line: requests are logged by link id.

mod audio;
mod pages;
#[cfg(test)]
pub(crate) mod tests;

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Form, Json, Router,
    body::Bytes,
    extract::{ConnectInfo, FromRequestParts, Path, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts},
    middleware::{self, Next},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use chrono::{DateTime, Utc};
use jobs::{
    media_links::{
        self, LinkError, LinkState, MintRequest, Purpose, ResolvedLink,
        access::{self, Outcome},
        password, secret,
    },
    recordings::{RecordingStore, StoreError},
};
use maud::Markup;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use serde_json::json;

/// The session cookie's name (its path scopes it to one link).
const SESSION_COOKIE: &str = "muffle_media";

/// What the gateway runs with.
pub struct Gateway {
    pub db: DatabaseConnection,
    pub recordings: Option<Arc<RecordingStore>>,
    /// `MUFFLE_PUBLIC_URL`, without a trailing slash.
    pub public_url: String,
    /// Bearer token of `POST /media-links` (the enqueue API's); None disables it.
    pub api_token: Option<String>,
    /// Key of the client-address hash (a deployment secret).
    pub client_key: Vec<u8>,
}

impl Gateway {
    fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

pub fn router(gateway: Arc<Gateway>) -> Router {
    Router::new()
        .route("/media/{token}", get(page).post(login))
        .route("/media/{token}/audio", get(audio_stream))
        .route("/media-links", post(create_link))
        .route(pages::STYLESHEET_PATH, get(stylesheet))
        .layer(middleware::from_fn(security_headers))
        .with_state(gateway)
}

/// Every gateway response: not cached, not indexed, no referrer, nothing but same-origin
/// styles and media.
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
            "default-src 'none'; style-src 'self'; media-src 'self'; form-action 'self'; \
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

/// The client address: the peer, or — when the peer is a proxy on a private network — the
/// address it appended to `X-Forwarded-For` (the rightmost entry, the one it saw).
pub(crate) fn client_address(peer: SocketAddr, headers: &HeaderMap) -> String {
    let ip = peer.ip();
    let proxied = match ip {
        std::net::IpAddr::V4(v4) => v4.is_loopback() || v4.is_private(),
        std::net::IpAddr::V6(v6) => v6.is_loopback(),
    };
    if proxied
        && let Some(forwarded) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return forwarded.to_owned();
    }
    ip.to_string()
}

/// One request to a link, resolved.
struct Visit {
    gateway: Arc<Gateway>,
    token: String,
    client_hash: String,
    now: DateTime<Utc>,
}

impl Visit {
    fn new(gateway: &Arc<Gateway>, token: String, peer: SocketAddr, headers: &HeaderMap) -> Visit {
        let client_hash = secret::client_hash(&gateway.client_key, &client_address(peer, headers));
        Visit {
            gateway: gateway.clone(),
            token,
            client_hash,
            now: Utc::now(),
        }
    }

    fn page_path(&self) -> String {
        format!("/media/{}", self.token)
    }

    async fn record(&self, link_id: i64, outcome: Outcome, listen: bool) {
        if let Err(error) = access::record(
            &self.gateway.db,
            link_id,
            outcome,
            Some(&self.client_hash),
            listen,
            self.now,
        )
        .await
        {
            tracing::error!(link_id, error = %jobs::job::db_error_kind(&error), "cannot record media link access");
        }
    }

    /// The link if it may be used now; otherwise the page that says why (recorded).
    async fn usable(&self) -> Result<ResolvedLink, Response> {
        let resolved = match media_links::resolve(&self.gateway.db, &self.token, self.now).await {
            Ok(Some(resolved)) => resolved,
            Ok(None) => return Err(not_found()),
            Err(error) => {
                tracing::error!(error = %jobs::job::db_error_kind(&error), "cannot resolve media link");
                return Err(unavailable());
            }
        };
        let link_id = resolved.link.id;
        let (outcome, response) = match resolved.state {
            LinkState::Active { .. } => return Ok(resolved),
            LinkState::Expired => (
                Outcome::Expired,
                html(
                    StatusCode::GONE,
                    pages::notice(
                        "gone",
                        "This link has expired",
                        "Links to call recordings stop working after the period your agency set. Ask the sender for a new link.",
                    ),
                ),
            ),
            LinkState::Revoked | LinkState::RecordingGone => (
                Outcome::Revoked,
                html(
                    StatusCode::GONE,
                    pages::notice(
                        "gone",
                        "This recording is no longer available",
                        "The link was withdrawn or the recording has been deleted.",
                    ),
                ),
            ),
            LinkState::NotReady => (
                Outcome::NotReady,
                html(
                    StatusCode::CONFLICT,
                    pages::notice(
                        "busy",
                        "This recording is being processed",
                        "Sensitive details are being removed from the recording. Try again in a few minutes.",
                    ),
                ),
            ),
        };
        tracing::info!(link_id, outcome = outcome.as_str(), "media link refused");
        self.record(link_id, outcome, false).await;
        Err(response)
    }

    async fn has_session(&self, link_id: i64, headers: &HeaderMap) -> bool {
        let Some(cookie) = session_cookie(headers) else {
            return false;
        };
        access::session_valid(&self.gateway.db, link_id, &cookie, self.now)
            .await
            .unwrap_or(false)
    }
}

/// Every link request starts as a visit: the token from the path, the client from the peer.
impl FromRequestParts<Arc<Gateway>> for Visit {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        gateway: &Arc<Gateway>,
    ) -> Result<Visit, Response> {
        let Path(token) = Path::<String>::from_request_parts(parts, gateway)
            .await
            .map_err(IntoResponse::into_response)?;
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, gateway)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Visit::new(gateway, token, peer, &parts.headers))
    }
}

async fn page(visit: Visit, headers: HeaderMap) -> Response {
    let resolved = match visit.usable().await {
        Ok(resolved) => resolved,
        Err(response) => return response,
    };
    let link_id = resolved.link.id;
    visit.record(link_id, Outcome::Page, false).await;
    let summary = summarize(&resolved, visit.now);
    if resolved.policy.password_required && !visit.has_session(link_id, &headers).await {
        return html(
            StatusCode::OK,
            pages::login(&summary, &visit.page_path(), None),
        );
    }
    html(
        StatusCode::OK,
        pages::player(&summary, &format!("{}/audio", visit.page_path())),
    )
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

async fn login(visit: Visit, Form(form): Form<LoginForm>) -> Response {
    let gateway = visit.gateway.clone();
    let resolved = match visit.usable().await {
        Ok(resolved) => resolved,
        Err(response) => return response,
    };
    let link_id = resolved.link.id;
    if !resolved.policy.password_required {
        return Redirect::to(&visit.page_path()).into_response();
    }
    // The lockout is checked before any hashing: a locked-out guesser costs no CPU.
    match access::locked_until(&gateway.db, link_id, &visit.client_hash, visit.now).await {
        Ok(None) => {}
        Ok(Some(until)) => {
            visit.record(link_id, Outcome::Locked, false).await;
            tracing::warn!(link_id, "media link login locked");
            let retry_after = (until - visit.now).num_seconds().max(1);
            let mut response = html(
                StatusCode::TOO_MANY_REQUESTS,
                pages::notice(
                    "locked",
                    "Too many attempts",
                    "Sign-in is paused for this link for 15 minutes after repeated failures. Try again later.",
                ),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            return response;
        }
        Err(_) => return unavailable(),
    }
    let policy = resolved.policy.clone();
    let LoginForm { username, password } = form;
    let verified = tokio::task::spawn_blocking(move || {
        password::verify(
            policy.username.as_deref(),
            policy.password_hash.as_deref(),
            &username,
            &password,
        )
    })
    .await
    .unwrap_or(false);
    if !verified {
        visit.record(link_id, Outcome::AuthFailed, false).await;
        tracing::info!(link_id, "media link login failed");
        let summary = summarize(&resolved, visit.now);
        return html(
            StatusCode::UNAUTHORIZED,
            pages::login(
                &summary,
                &visit.page_path(),
                Some("That username and password did not work."),
            ),
        );
    }
    let (cookie, expires_at) = match access::open_session(&gateway.db, link_id, visit.now).await {
        Ok(session) => session,
        Err(_) => return unavailable(),
    };
    tracing::info!(link_id, "media link session opened");
    let max_age = (expires_at - visit.now).num_seconds();
    let cookie = format!(
        "{SESSION_COOKIE}={cookie}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        visit.page_path(),
        if gateway.secure_cookies() {
            "; Secure"
        } else {
            ""
        }
    );
    let mut response = Redirect::to(&visit.page_path()).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("cookie is ascii"),
    );
    response
}

async fn audio_stream(visit: Visit, method: Method, headers: HeaderMap) -> Response {
    let gateway = visit.gateway.clone();
    let resolved = match visit.usable().await {
        Ok(resolved) => resolved,
        Err(response) => return response,
    };
    let link_id = resolved.link.id;
    if resolved.policy.password_required && !visit.has_session(link_id, &headers).await {
        return html(
            StatusCode::UNAUTHORIZED,
            pages::notice(
                "locked",
                "Sign in to listen",
                "Open the link and sign in first.",
            ),
        );
    }
    let (Some(store), Some(key)) = (
        gateway.recordings.as_deref(),
        resolved.call.as_ref().and_then(|c| c.recording_key.clone()),
    ) else {
        return unavailable();
    };
    let head_only = method == Method::HEAD;
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    match audio::respond(store, &key, range, head_only).await {
        Ok(response) => {
            if !head_only && response.status().is_success() {
                // One listen per playback: the first request starts at byte 0, the player's
                // later range requests (seeking) do not count again.
                let listen = !response.headers().contains_key(header::CONTENT_RANGE)
                    || range.is_some_and(|r| r.trim().starts_with("bytes=0-"));
                visit.record(link_id, Outcome::Audio, listen).await;
                tracing::info!(
                    link_id,
                    status = response.status().as_u16(),
                    "media link audio"
                );
            }
            response
        }
        Err(StoreError::NotFound) => {
            visit.record(link_id, Outcome::Revoked, false).await;
            html(
                StatusCode::GONE,
                pages::notice(
                    "gone",
                    "This recording is no longer available",
                    "The recording has been deleted.",
                ),
            )
        }
        Err(error) => {
            tracing::error!(link_id, error = %error, "cannot stream recording");
            unavailable()
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateLink {
    call_id: i64,
    #[serde(default)]
    purpose: Option<String>,
    #[serde(default)]
    ttl_days: Option<u32>,
}

/// `POST /media-links {call_id, purpose, ttl_days?}` → `201 {url, expires_at, link_id}`.
async fn create_link(
    State(gateway): State<Arc<Gateway>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(token) = &gateway.api_token else {
        return api_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "media link API disabled: set MUFFLE_API_TOKEN",
        );
    };
    if !crate::web::bearer_matches(&headers, token) {
        return api_error(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
    }
    let request: CreateLink = match serde_json::from_slice(&body) {
        Ok(request) => request,
        // Described from the schema, never from the body (it may hold values sent by mistake).
        Err(_) => {
            return api_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                r#"expected {"call_id": integer, "purpose"?: "notification"|"export"|"share", "ttl_days"?: integer}"#,
            );
        }
    };
    let purpose = match request.purpose.as_deref() {
        None => Purpose::Share,
        Some(text) => match Purpose::parse(text) {
            Some(purpose) => purpose,
            None => {
                return api_error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "purpose must be notification, export or share",
                );
            }
        },
    };
    let mint = MintRequest {
        call_id: request.call_id,
        purpose,
        ttl_days: request.ttl_days,
    };
    match media_links::mint(&gateway.db, &gateway.public_url, &mint, Utc::now()).await {
        Ok(link) => (
            StatusCode::CREATED,
            Json(json!({
                "url": link.url,
                "expires_at": link.expires_at,
                "link_id": link.id,
                "password_required": link.password_required,
            })),
        )
            .into_response(),
        Err(error) => {
            let status = match error {
                LinkError::CallNotFound(_) => StatusCode::NOT_FOUND,
                LinkError::NoRecording(_) => StatusCode::CONFLICT,
                LinkError::PciModeForbidsNotifications => StatusCode::FORBIDDEN,
                LinkError::InvalidTtl => StatusCode::UNPROCESSABLE_ENTITY,
                LinkError::Db(_) => StatusCode::SERVICE_UNAVAILABLE,
            };
            api_error(status, &error.to_string())
        }
    }
}

fn api_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}

fn html(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

fn not_found() -> Response {
    html(
        StatusCode::NOT_FOUND,
        pages::notice(
            "gone",
            "Link not found",
            "Check that the whole link was copied, or ask the sender for a new one.",
        ),
    )
}

fn unavailable() -> Response {
    html(
        StatusCode::SERVICE_UNAVAILABLE,
        pages::notice(
            "busy",
            "Temporarily unavailable",
            "Please try again in a moment.",
        ),
    )
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The page's facts: date in the account's zone, duration from the transcript's timings.
fn summarize(resolved: &ResolvedLink, now: DateTime<Utc>) -> pages::CallSummary {
    let zone: chrono_tz::Tz = resolved
        .account
        .as_ref()
        .and_then(|a| a.timezone.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let local = |at: DateTime<Utc>| {
        at.with_timezone(&zone)
            .format("%A, %B %-d, %Y at %-I:%M %p %Z")
            .to_string()
    };
    let started = resolved.call.as_ref().map_or(now, |c| c.started_at);
    let expires = match resolved.state {
        LinkState::Active {
            expires_at: Some(at),
        } => Some(format!(
            "This link expires {}.",
            at.with_timezone(&zone).format("%B %-d, %Y at %-I:%M %p %Z")
        )),
        _ => None,
    };
    pages::CallSummary {
        account_name: resolved
            .account
            .as_ref()
            .map(|a| a.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Call recording".into()),
        when: local(started),
        duration: resolved
            .call
            .as_ref()
            .and_then(|c| c.transcript.as_ref())
            .and_then(transcript_duration_ms)
            .map(format_duration),
        expires,
    }
}

fn transcript_duration_ms(transcript: &serde_json::Value) -> Option<u64> {
    transcript
        .get("words")?
        .as_array()?
        .iter()
        .filter_map(|w| w.get("end_ms")?.as_u64())
        .max()
}

fn format_duration(ms: u64) -> String {
    let seconds = ms.div_ceil(1000);
    match (seconds / 3600, seconds / 60 % 60, seconds % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

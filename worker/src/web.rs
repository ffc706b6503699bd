//! `muffle web`: health check and an HTTP enqueue endpoint, so a platform in any language
//! can enqueue jobs: `POST /jobs/{name}` with the JSON payload and a bearer token.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use crate::{
    config::Config,
    db,
    queue::{
        Queues,
        idempotency::{MAX_KEY_BYTES, Pushed},
    },
    runtime,
};

struct Web {
    queues: Queues,
    db: sea_orm::DatabaseConnection,
    api_token: Option<String>,
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let api_token = config.api_token.clone();
    if api_token.is_none() {
        tracing::warn!("MUFFLE_API_TOKEN is not set: POST /jobs is disabled");
    }
    let runtime = db::runtime(config, true).await?;
    crate::metrics::install();
    let state = Arc::new(Web {
        queues: runtime.queues.clone(),
        db: runtime.db.clone(),
        api_token,
    });
    let gateway = crate::media_gateway::Gateway {
        db: runtime.db.clone(),
        recordings: runtime.settings.recordings.clone(),
        public_url: runtime.config.public_url.clone(),
        api_token: state.api_token.clone(),
        client_key: state.api_token.clone().unwrap_or_default().into_bytes(),
    };
    let console = crate::admin::Console {
        db: runtime.db.clone(),
        queues: runtime.queues.clone(),
        credentials: runtime.config.admin_password.clone().map(|password| {
            crate::admin::auth::Credentials::new(
                password,
                runtime.config.admin_readonly_password.clone(),
            )
        }),
        secure_cookies: runtime.config.public_url.starts_with("https://"),
    };
    let app = router(state)
        .merge(crate::media_gateway::router(Arc::new(gateway)))
        .merge(crate::admin::router(Arc::new(console)));
    let addr = SocketAddr::from(([0, 0, 0, 0], runtime.config.port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|error| listen_error(runtime.config.port, &error))?;
    tracing::info!(%addr, "web listening");
    // The peer address keys the media gateway's login lockout.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(runtime::shutdown_signal())
    .await?;
    Ok(())
}

/// A bind failure that names the port (the OS error alone does not).
fn listen_error(port: u16, error: &std::io::Error) -> anyhow::Error {
    if error.kind() == std::io::ErrorKind::AddrInUse {
        anyhow::anyhow!(
            "port {port} is already in use (another `muffle web`?); stop it or set PORT to a free port"
        )
    } else {
        anyhow::anyhow!("cannot listen on port {port}: {error}")
    }
}

fn router(state: Arc<Web>) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/jobs/{name}", post(enqueue).get(job_status))
        .route("/metrics", get(metrics))
        .with_state(state)
}

/// Prometheus scrape: this process' counters, plus the queue and failed-job gauges read now.
async fn metrics(State(web): State<Arc<Web>>) -> Response {
    crate::metrics::refresh_gauges(&web.queues, &web.db).await;
    crate::metrics::response(crate::metrics::render())
}

/// How long a health check waits on each dependency: a database or queue that does not answer
/// is down (a blackholed Postgres used to hold `/healthz` for 30 s).
const HEALTH_TIMEOUT: Duration = Duration::from_secs(2);

async fn health(State(web): State<Arc<Web>>) -> Response {
    let (db_ok, queue_ok) = tokio::join!(
        answers_in_time(web.db.ping()),
        answers_in_time(web.queues.ping())
    );
    let status = if db_ok && queue_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(json!({"database": db_ok, "queue": queue_ok}))).into_response()
}

/// True when `check` succeeds within [`HEALTH_TIMEOUT`].
async fn answers_in_time<E>(check: impl std::future::Future<Output = Result<(), E>>) -> bool {
    tokio::time::timeout(HEALTH_TIMEOUT, check)
        .await
        .is_ok_and(|r| r.is_ok())
}

async fn enqueue(
    State(web): State<Arc<Web>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(token) = &web.api_token else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "enqueue API disabled: set MUFFLE_API_TOKEN",
        );
    };
    if !bearer_matches(&headers, token) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
    }
    let Some(spec) = jobs::registry::find(&name) else {
        return error(
            StatusCode::NOT_FOUND,
            &format!(
                "unknown job; known jobs: {}",
                jobs::registry::names().join(", ")
            ),
        );
    };
    let payload: Value = match serde_json::from_slice(&body) {
        Ok(payload) => payload,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!(
                    "body is not valid JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            );
        }
    };
    if let Err(reason) = (spec.validate)(&payload) {
        return error(StatusCode::UNPROCESSABLE_ENTITY, &reason);
    }
    let key = match idempotency_key(&headers) {
        Ok(key) => key,
        Err(message) => return error(StatusCode::BAD_REQUEST, message),
    };
    let pushed = match key {
        Some(key) => web.queues.push_idempotent(spec.name, payload, key).await,
        None => web
            .queues
            .push(spec.name, payload, 1, Duration::ZERO)
            .await
            .map(Pushed::New),
    };
    match pushed {
        Ok(Pushed::New(task_id)) => (
            StatusCode::ACCEPTED,
            Json(json!({"task_id": task_id, "job": spec.name})),
        )
            .into_response(),
        // The first request's task: nothing new was enqueued.
        Ok(Pushed::Repeat(task_id)) => (
            StatusCode::OK,
            Json(json!({"task_id": task_id, "job": spec.name, "repeated": true})),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, job = spec.name, "enqueue failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "queue unavailable")
        }
    }
}

/// `GET /jobs/{task_id}`: the task's status (same bearer token as enqueueing).
async fn job_status(
    State(web): State<Arc<Web>>,
    Path(task_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = &web.api_token else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "job API disabled: set MUFFLE_API_TOKEN",
        );
    };
    if !bearer_matches(&headers, token) {
        return error(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
    }
    // Task ids are ULIDs; anything else cannot exist (and is not echoed).
    if ulid::Ulid::from_string(&task_id).is_err() {
        return error(StatusCode::NOT_FOUND, "unknown task");
    }
    match web.queues.status(&task_id).await {
        Ok(Some(status)) => (StatusCode::OK, Json(json!(status))).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "unknown task"),
        Err(e) => {
            tracing::error!(error = %e, "task status lookup failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "queue unavailable")
        }
    }
}

/// The request's `Idempotency-Key`, if any: printable ASCII, at most 255 bytes.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<&str>, &'static str> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|key| !key.is_empty() && key.len() <= MAX_KEY_BYTES)
        .ok_or("Idempotency-Key must be 1 to 255 printable ASCII characters")?;
    Ok(Some(key))
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({"error": message}))).into_response()
}

/// Whether the request carries `Authorization: Bearer {token}`. The scheme is
/// case-insensitive (RFC 9110: `bearer`, `BEARER` are the same scheme); the token is not.
/// Constant-time: how much of a guess matched must not show in the response time.
pub(crate) fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .is_some_and(|(_, p)| bool::from(p.trim().as_bytes().ct_eq(token.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_scheme_is_case_insensitive_but_the_token_is_not() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, value.parse().unwrap());
            headers
        };
        for accepted in ["Bearer s3cret", "bearer s3cret", "BEARER s3cret"] {
            assert!(bearer_matches(&with(accepted), "s3cret"), "{accepted}");
        }
        for refused in ["Bearer S3CRET", "Basic s3cret", "Bearers3cret", "s3cret"] {
            assert!(!bearer_matches(&with(refused), "s3cret"), "{refused}");
        }
        assert!(!bearer_matches(&HeaderMap::new(), "s3cret"));
    }

    #[tokio::test]
    async fn a_dependency_that_never_answers_is_down_after_the_timeout() {
        let hung = std::future::pending::<Result<(), ()>>();
        // Returns at all (it used to wait as long as the ping did), and not before the timeout.
        let started = tokio::time::Instant::now();
        assert!(!answers_in_time(hung).await);
        assert!(started.elapsed() >= HEALTH_TIMEOUT);
        assert!(answers_in_time(async { Ok::<(), ()>(()) }).await);
        assert!(!answers_in_time(async { Err::<(), ()>(()) }).await);
    }
}

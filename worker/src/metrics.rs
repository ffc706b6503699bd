//! `GET /metrics` in the Prometheus text format: the recorder (installed once per process),
//! the scrape-time gauges of the queues and failed jobs (`muffle web` only, so several worker
//! processes never report the same queue twice), and the small listener `muffle run` and
//! `muffle clock` open on `METRICS_PORT`. What is measured, and where, is `jobs::metrics`.

use std::{net::SocketAddr, sync::OnceLock, time::Duration};

use axum::{
    Router,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use jobs::metrics as m;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{DatabaseConnection, FromQueryResult, Statement};

use crate::queue::Queues;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the Prometheus recorder (idempotent) and registers every metric's description.
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        // Job durations from a few ms (a text) to the 10-minute timeout (a long sweep).
        let seconds = [
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0,
            600.0, 1800.0, 3600.0,
        ];
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(m::JOB_DURATION.into()), &seconds)
            .and_then(|b| {
                b.set_buckets_for_metric(Matcher::Full(m::JOB_QUEUE_WAIT.into()), &seconds)
            })
            .expect("bucket lists are not empty")
            .install_recorder()
            .expect("the only metrics recorder of the process");
        m::describe_all();
        metrics::gauge!(
            m::BUILD_INFO,
            "version" => env!("CARGO_PKG_VERSION"),
            "detector_version" => jobs::detect::DETECTOR_VERSION.to_string()
        )
        .set(1.0);
        // Rendered from the start (a metric without a series is not rendered at all); the
        // notification e-mails count into it with this vocabulary.
        metrics::counter!(m::NOTIFICATIONS_TOTAL, "outcome" => "sent", "omitted_reason" => "none")
            .absolute(0);
        handle
    })
}

/// The text of a scrape. Upkeep (draining histogram buffers) happens here, so no background
/// task is needed.
pub fn render() -> String {
    let handle = install();
    handle.run_upkeep();
    handle.render()
}

pub fn response(body: String) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// Sets the queue and failed-job gauges from the queue backend and the database. A source
/// that cannot be read leaves its gauges as they were (and logs), so one slow dependency does
/// not fail the scrape.
pub async fn refresh_gauges(queues: &Queues, db: &DatabaseConnection) {
    const TIMEOUT: Duration = Duration::from_secs(5);
    let names = jobs::registry::names();
    match tokio::time::timeout(TIMEOUT, queues.depths(&names)).await {
        Ok(Ok(depths)) => {
            for depth in depths {
                let queue = queues.queue_name(depth.job);
                for (state, count) in [
                    ("pending", depth.pending),
                    ("scheduled", depth.scheduled),
                    ("in_flight", depth.in_flight),
                ] {
                    metrics::gauge!(m::QUEUE_DEPTH, "queue" => queue.clone(), "state" => state)
                        .set(count as f64);
                }
                metrics::gauge!(m::QUEUE_OLDEST_AGE, "queue" => queue)
                    .set(depth.oldest_age.as_secs_f64());
            }
        }
        Ok(Err(error)) => tracing::warn!(%error, "metrics: cannot read queue depths"),
        Err(_) => tracing::warn!("metrics: queue depths timed out"),
    }
    match tokio::time::timeout(TIMEOUT, failed_counts(db)).await {
        Ok(Ok(counts)) => {
            for name in &names {
                let count = counts
                    .iter()
                    .find(|c| c.job_name == *name)
                    .map_or(0, |c| c.count);
                metrics::gauge!(m::FAILED_JOBS, "job" => *name).set(count as f64);
            }
        }
        Ok(Err(error)) => tracing::warn!(error = %error, "metrics: cannot count failed jobs"),
        Err(_) => tracing::warn!("metrics: failed-job count timed out"),
    }
}

#[derive(FromQueryResult)]
struct FailedCount {
    job_name: String,
    count: i64,
}

async fn failed_counts(db: &DatabaseConnection) -> Result<Vec<FailedCount>, sea_orm::DbErr> {
    FailedCount::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT job_name, COUNT(*) AS count FROM failed_jobs WHERE retried_at IS NULL \
         GROUP BY job_name",
    ))
    .all(db)
    .await
}

/// 200 while every queue worker of this process is up, 503 (naming the jobs) while any waits
/// for its backend to come back: what a supervisor or load balancer polls.
async fn workers_health() -> Response {
    let down = crate::restarts::Restarts::of_process().down();
    let status = if down.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({ "workers_down": down });
    (status, axum::Json(body)).into_response()
}

/// Serves `GET /metrics` on `port` until the process ends (`muffle run`, `muffle clock`).
pub async fn serve_on(port: u16) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    install();
    let app = Router::new()
        .route("/metrics", get(|| async { response(render()) }))
        .route("/healthz", get(workers_health));
    let addr = SocketAddr::from(([0, 0, 0, 0], port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on METRICS_PORT {port}: {e}"))?;
    tracing::info!(%addr, "metrics listening");
    Ok(tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::warn!(%error, "metrics listener stopped");
        }
    }))
}

//! `muffle bench queue`: no-op job throughput of the configured queue, measured the way the
//! issue asks: enqueue everything first, then time workers draining it.

use std::time::{Duration, Instant};

use jobs::Job;
use jobs::probe_worker::ProbeWorker;

use crate::{config::Config, db, runtime};

pub async fn queue(mut config: Config, jobs: u64) -> anyhow::Result<()> {
    // A fresh queue per run, so earlier runs' leftovers don't count.
    config.queue_prefix = format!("bench-{}", ulid::Ulid::generate());
    let runtime = db::runtime(config, true).await?;
    let backend = if runtime.config.is_embedded_queue() {
        "embedded SQLite queue"
    } else {
        "Redis"
    };
    println!(
        "backend: {backend}, queue prefix {}",
        runtime.config.queue_prefix
    );

    let payload = serde_json::to_value(ProbeWorker {
        probe_id: String::new(),
        sleep_ms: 0,
        fail_attempts: 0,
        record: false,
    })?;
    let started = Instant::now();
    let mut left = jobs;
    while left > 0 {
        let batch = left.min(1_000);
        runtime
            .queues
            .push_many(ProbeWorker::NAME, vec![payload.clone(); batch as usize])
            .await?;
        left -= batch;
    }
    let enqueue = started.elapsed();
    println!(
        "enqueued {jobs} jobs in {:.2} s = {:.0} jobs/s",
        enqueue.as_secs_f64(),
        jobs as f64 / enqueue.as_secs_f64()
    );

    let started = Instant::now();
    runtime::run(runtime.clone(), runtime::Until::Drained).await?;
    // The drain check needs three consecutive empty polls 100 ms apart to call the queues empty.
    let elapsed = started.elapsed().saturating_sub(Duration::from_millis(300));
    let left = runtime.queues.unfinished(&jobs::registry::names()).await?;
    anyhow::ensure!(left == 0, "{left} jobs left unfinished");
    runtime
        .queues
        .vacuum(&jobs::registry::names(), Duration::ZERO)
        .await?;
    println!(
        "processed {jobs} jobs in {:.2} s = {:.0} jobs/s",
        elapsed.as_secs_f64(),
        jobs as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}

/// Idle pickup latency: with workers idle, push one job at a time and measure from the push
/// to the job's own completion timestamp. In-process, the workers run in this process; with
/// `cross_process`, a separate `muffle run` child consumes what this process pushes (the
/// platform's case: `muffle enqueue` or `muffle web` feeding a running worker). With
/// `via_outbox`, each job is an insert into `job_outbox` (the platform's transaction), so the
/// figure includes the relay (LISTEN/NOTIFY on Postgres).
pub async fn pickup(
    config: Config,
    samples: usize,
    cross_process: bool,
    via_outbox: bool,
) -> anyhow::Result<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mut config = config;
    config.queue_prefix = format!("bench-{}", ulid::Ulid::generate());
    let runtime = db::runtime(config, true).await?;
    let workers = if cross_process {
        Workers::spawn_process(&runtime.config.queue_prefix)?
    } else {
        let (stop, told) = tokio::sync::oneshot::channel();
        let task = tokio::spawn(runtime::run(runtime.clone(), runtime::Until::Told(told)));
        Workers::InProcess { stop, task }
    };
    // Workers registered and idle (a child process also has to start and connect).
    tokio::time::sleep(Duration::from_millis(if cross_process {
        2_000
    } else {
        500
    }))
    .await;
    let run_id = ulid::Ulid::generate().to_string();
    let mut latencies = Vec::with_capacity(samples);
    for i in 0..samples {
        let probe_id = format!("{run_id}-{i}");
        let payload = serde_json::to_value(ProbeWorker {
            probe_id: probe_id.clone(),
            sleep_ms: 0,
            fail_attempts: 0,
            record: true,
        })?;
        let pushed_at = chrono::Utc::now();
        if via_outbox {
            insert_into_outbox(&runtime.db, ProbeWorker::NAME, &payload).await?;
        } else {
            runtime
                .queues
                .push(ProbeWorker::NAME, payload, 1, Duration::ZERO)
                .await?;
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        let finished_at = loop {
            let row = entity::worker_probes::Entity::find()
                .filter(entity::worker_probes::Column::ProbeId.eq(&probe_id))
                .one(&runtime.db)
                .await?;
            if let Some(row) = row {
                break row.finished_at;
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "probe {i} not picked up within 60 s"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        };
        latencies.push((finished_at - pushed_at).to_std().unwrap_or_default());
        // Idle again, at a varying phase against the workers' poll timers.
        let idle = 50 + rand::random_range(0..250u64);
        tokio::time::sleep(Duration::from_millis(idle)).await;
    }
    workers.stop().await?;
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(latencies[((samples as f64 * q) as usize).min(samples - 1)]);
    println!(
        "idle pickup ({}{}) over {samples} jobs: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        if cross_process {
            "cross-process"
        } else {
            "in-process"
        },
        if via_outbox { ", via the outbox" } else { "" },
        at(0.5),
        at(0.9),
        at(0.99),
        ms(*latencies.last().unwrap())
    );
    Ok(())
}

/// What the platform does to enqueue inside its transaction (here, a transaction of one).
async fn insert_into_outbox(
    db: &sea_orm::DatabaseConnection,
    job: &str,
    payload: &serde_json::Value,
) -> anyhow::Result<()> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "INSERT INTO job_outbox (job, payload) VALUES ($1, $2::jsonb)",
        _ => "INSERT INTO job_outbox (job, payload) VALUES (?, ?)",
    };
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [job.into(), payload.to_string().into()],
    ))
    .await?;
    Ok(())
}

/// The workers a pickup benchmark measures.
enum Workers {
    InProcess {
        stop: tokio::sync::oneshot::Sender<()>,
        task: tokio::task::JoinHandle<anyhow::Result<()>>,
    },
    Process(tokio::process::Child),
}

impl Workers {
    /// `muffle run` as a child, with this process' configuration and the benchmark's queues.
    /// `MUFFLE_BENCH_WORKER` names another `muffle` binary to run instead (to compare builds).
    fn spawn_process(queue_prefix: &str) -> anyhow::Result<Workers> {
        let binary = match std::env::var_os("MUFFLE_BENCH_WORKER") {
            Some(path) => path.into(),
            None => std::env::current_exe()?,
        };
        let child = tokio::process::Command::new(binary)
            .arg("run")
            .env("MUFFLE_QUEUE_PREFIX", queue_prefix)
            .env("RUST_LOG", "warn")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()?;
        Ok(Workers::Process(child))
    }

    async fn stop(self) -> anyhow::Result<()> {
        match self {
            Workers::InProcess { stop, task } => {
                let _ = stop.send(());
                task.await?
            }
            Workers::Process(mut child) => {
                if let Some(pid) = child.id() {
                    // SIGTERM: the child stops gracefully and deregisters its workers.
                    std::process::Command::new("kill")
                        .args(["-TERM", &pid.to_string()])
                        .status()?;
                }
                let status = child.wait().await?;
                anyhow::ensure!(status.success(), "the worker process exited with {status}");
                Ok(())
            }
        }
    }
}

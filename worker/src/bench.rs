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
/// to the job's own completion timestamp.
pub async fn pickup(config: Config, samples: usize) -> anyhow::Result<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mut config = config;
    config.queue_prefix = format!("bench-{}", ulid::Ulid::generate());
    let runtime = db::runtime(config, true).await?;
    let (stop, told) = tokio::sync::oneshot::channel();
    let worker = tokio::spawn(runtime::run(runtime.clone(), runtime::Until::Told(told)));
    tokio::time::sleep(Duration::from_millis(500)).await; // workers registered and idle
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
        runtime
            .queues
            .push(ProbeWorker::NAME, payload, 1, Duration::ZERO)
            .await?;
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
            tokio::time::sleep(Duration::from_millis(2)).await;
        };
        latencies.push((finished_at - pushed_at).to_std().unwrap_or_default());
        tokio::time::sleep(Duration::from_millis(50)).await; // idle again
    }
    let _ = stop.send(());
    worker.await??;
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "idle pickup over {samples} jobs: p50 {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        ms(latencies[samples / 2]),
        ms(latencies[samples * 9 / 10]),
        ms(*latencies.last().unwrap())
    );
    Ok(())
}

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

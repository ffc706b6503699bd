//! The job queues: one named queue per job type, on Redis (production) or on the embedded
//! SQLite queue. Everything backend-specific about pushing, counting and trimming is here.

use std::{collections::HashMap, sync::Arc, time::Duration};

use anyhow::Context as _;
use apalis::prelude::{MetadataStore, Task, TaskBuilder, TaskId, TaskSink};
use apalis_redis::{ConnectionManager, RedisStorage};
use apalis_sqlite::{SqlitePool, SqliteStorage};
use jobs::job::BoxFuture;
use redis::aio::ConnectionManagerConfig;
use serde_json::Value;
use tokio::sync::Notify;

use crate::config::{Config, QueueConfig};

/// Task metadata key holding Muffle's attempt counter (1 on the first run).
pub const ATTEMPT_KEY: &str = "muffle_attempt";
/// Task metadata key holding the job's public task id: the id `muffle enqueue` and
/// `POST /jobs` returned, kept by every retry (each retry is a new backend task).
pub const TASK_ID_KEY: &str = "muffle_task_id";
/// Task metadata key set on a task put back in its queue because its worker vanished (our
/// apalis-redis patch): it may have finished and lost only its acknowledgement.
pub const REDELIVERED_KEY: &str = "muffle_redelivered";
/// Task metadata key holding when the task became due (Unix milliseconds), for the queue-wait
/// histogram.
pub const DUE_AT_KEY: &str = "muffle_due_at_ms";

/// How many tasks of one job wait, and how long the oldest has waited.
#[derive(Debug, Clone, Copy)]
pub struct QueueDepth {
    pub job: &'static str,
    /// Due now, waiting for a worker.
    pub pending: u64,
    /// Delayed (retries with backoff).
    pub scheduled: u64,
    /// Held by a worker.
    pub in_flight: u64,
    /// Since the oldest pending task was pushed (zero when none is pending).
    pub oldest_age: Duration,
}

#[derive(Clone)]
pub struct Queues {
    pub backend: QueueBackend,
    prefix: String,
    heartbeat: Duration,
    /// How long finished tasks (and their statuses) are kept.
    keep_finished: Duration,
    /// Per job type: fired by a push, so an idle worker of this process fetches at once.
    wake_ups: Arc<HashMap<&'static str, Arc<Notify>>>,
    /// For the wake-up subscription (a pub/sub connection cannot share the multiplexed one).
    redis_client: Option<redis::Client>,
    /// The embedded queue's stand-in for the Redis channel (see [`wake_socket`]).
    wake_sockets: Option<wake_socket::WakeSockets>,
}

#[derive(Clone)]
pub enum QueueBackend {
    Redis(ConnectionManager),
    Sqlite(SqlitePool),
}

impl Queues {
    pub async fn connect(config: &Config) -> anyhow::Result<Queues> {
        let (backend, redis_client, wake_sockets) = match &config.queue {
            QueueConfig::Redis { url } => {
                let client = redis::Client::open(url.as_str()).context("invalid REDIS_URL")?;
                (
                    QueueBackend::Redis(connect_redis(&client).await?),
                    Some(client),
                    None,
                )
            }
            QueueConfig::Sqlite { path } => (
                QueueBackend::Sqlite(open_sqlite_queue(path).await?),
                None,
                Some(wake_socket::WakeSockets::beside(path)),
            ),
        };
        let wake_ups = jobs::registry::names()
            .into_iter()
            .map(|name| (name, Arc::new(Notify::new())))
            .collect();
        Ok(Queues {
            backend,
            prefix: config.queue_prefix.clone(),
            heartbeat: config.heartbeat,
            keep_finished: config.keep_finished,
            wake_ups: Arc::new(wake_ups),
            redis_client,
            wake_sockets,
        })
    }

    /// `MUFFLE_QUEUE_PREFIX`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn keep_finished(&self) -> Duration {
        self.keep_finished
    }

    /// Fired when a job of this type is pushed (here, or on Redis by any process).
    pub fn wake_up(&self, job: &str) -> Arc<Notify> {
        self.wake_ups
            .get(job)
            .cloned()
            .unwrap_or_else(|| Arc::new(Notify::new()))
    }

    /// The Redis pub/sub channel pushes announce themselves on (the job's name is the message).
    fn wake_up_channel(&self) -> String {
        format!("{}:wake", self.prefix)
    }

    /// Tells idle workers a job is waiting: this process' at once, other processes' through
    /// Redis pub/sub or the embedded queue's wake sockets. Best effort: a lost message costs
    /// one poll interval, never a job.
    async fn announce(&self, job: &str) {
        if let Some(wake) = self.wake_ups.get(job) {
            wake.notify_one();
        }
        if let Some(sockets) = &self.wake_sockets {
            sockets.announce(job);
        }
        if let QueueBackend::Redis(conn) = &self.backend {
            let published: redis::RedisResult<u64> = redis::cmd("PUBLISH")
                .arg(self.wake_up_channel())
                .arg(job)
                .query_async(&mut conn.clone())
                .await;
            if let Err(error) = published {
                tracing::debug!(%error, "wake-up publish failed; workers will poll");
            }
        }
    }

    /// Relays other processes' wake-ups to this process' workers until the returned task is
    /// aborted; reconnects after errors.
    pub fn listen_for_wake_ups(&self) -> Option<tokio::task::JoinHandle<()>> {
        if let Some(sockets) = &self.wake_sockets {
            return self.listen_on_wake_socket(sockets);
        }
        let client = self.redis_client.clone()?;
        let queues = self.clone();
        Some(tokio::spawn(async move {
            loop {
                if let Err(error) = queues.relay_wake_ups(&client).await {
                    tracing::warn!(%error, "wake-up subscription lost; polling until it is back");
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }))
    }

    fn listen_on_wake_socket(
        &self,
        sockets: &wake_socket::WakeSockets,
    ) -> Option<tokio::task::JoinHandle<()>> {
        let socket = match sockets.bind() {
            Ok(socket) => socket,
            Err(error) => {
                tracing::info!(%error, "no wake socket; other processes' pushes wait for the poll");
                return None;
            }
        };
        let queues = self.clone();
        Some(tokio::spawn(async move {
            let error = socket
                .relay(|job| {
                    if let Some(wake) = queues.wake_ups.get(job) {
                        wake.notify_one();
                    }
                })
                .await;
            tracing::warn!(%error, "wake socket failed; other processes' pushes wait for the poll");
        }))
    }

    async fn relay_wake_ups(&self, client: &redis::Client) -> anyhow::Result<()> {
        use futures::StreamExt;
        let mut pubsub = client.get_async_pubsub().await?;
        pubsub.subscribe(self.wake_up_channel()).await?;
        // Pushes made while unsubscribed were missed: look once.
        for wake in self.wake_ups.values() {
            wake.notify_one();
        }
        let mut messages = pubsub.on_message();
        while let Some(message) = messages.next().await {
            let job: String = message.get_payload().unwrap_or_default();
            if let Some(wake) = self.wake_ups.get(job.as_str()) {
                wake.notify_one();
            }
        }
        anyhow::bail!("the subscription closed")
    }

    /// The queue a job type runs on, e.g. `muffle:redact_call`.
    pub fn queue_name(&self, job: &str) -> String {
        format!("{}:{job}", self.prefix)
    }

    pub fn redis_config(&self, job: &str) -> apalis_redis::Config {
        apalis_redis::Config::default()
            .queue(self.queue_name(job))
            // Per-task LREM leases are quadratic in the backlog; the per-worker in-flight set
            // still brings crashed workers' tasks back.
            .lock_tasks(false)
            .batch_size(100)
            .emit_events(false)
            .heartbeat_interval(self.heartbeat)
            .missed_heartbeats(3)
            .idempotency_ttl(Some(Duration::from_secs(24 * 3600)))
    }

    pub fn sqlite_config(&self, job: &str) -> apalis_sqlite::Config {
        apalis_sqlite::Config::default()
            .queue(self.queue_name(job))
            .lock_tasks(false)
            .batch_size(100)
            .heartbeat_interval(self.heartbeat)
            .missed_heartbeats(3)
    }

    /// Push a job's payload, to run after `delay`; returns the task id.
    pub async fn push(
        &self,
        job: &str,
        payload: Value,
        attempt: u32,
        delay: Duration,
    ) -> anyhow::Result<String> {
        let (task_id, task) = task(payload, attempt, delay, None, None);
        self.record_pushed(job, &[(task_id.clone(), delay)]).await;
        self.push_tasks(job, vec![task]).await?;
        Ok(task_id)
    }

    /// Push the next attempt of a job that keeps its public task id (a retry).
    pub async fn push_retry(
        &self,
        job: &str,
        payload: Value,
        attempt: u32,
        delay: Duration,
        task_id: &str,
    ) -> anyhow::Result<()> {
        let (_, task) = task(payload, attempt, delay, None, Some(task_id));
        self.push_tasks(job, vec![task]).await
    }

    /// Push many payloads of one job in one batch (bulk enqueues, fan-outs, benchmarks).
    pub async fn push_many(&self, job: &str, payloads: Vec<Value>) -> anyhow::Result<()> {
        let (pushed, tasks): (Vec<_>, Vec<_>) = payloads
            .into_iter()
            .map(|payload| {
                let (id, task) = task(payload, 1, Duration::ZERO, None, None);
                ((id, Duration::ZERO), task)
            })
            .unzip();
        self.record_pushed(job, &pushed).await;
        self.push_tasks(job, tasks).await
    }

    /// Push payloads of one job, each with its delay and idempotency key: a key already
    /// pushed (within the idempotency TTL on Redis) enqueues nothing (the outbox relay).
    pub async fn push_keyed(
        &self,
        job: &str,
        payloads: Vec<(Value, Duration, String)>,
    ) -> anyhow::Result<()> {
        let (pushed, tasks): (Vec<_>, Vec<_>) = payloads
            .into_iter()
            .map(|(payload, delay, key)| {
                let (id, task) = task(payload, 1, delay, Some(key), None);
                ((id, delay), task)
            })
            .unzip();
        self.record_pushed(job, &pushed).await;
        self.push_tasks(job, tasks).await
    }

    /// Statuses of first attempts, written before the push so a fast worker's `running` is
    /// never overwritten by a late `queued`. Best effort: a lost status never loses a job.
    async fn record_pushed(&self, job: &str, pushed: &[(String, Duration)]) {
        let statuses: Vec<_> = pushed
            .iter()
            .map(|(id, delay)| crate::task_status::TaskStatus::pushed(id, job, *delay))
            .collect();
        if let Err(error) = self.set_statuses(&statuses).await {
            tracing::warn!(%error, job, "cannot record task status");
        }
    }

    async fn push_tasks(&self, job: &str, tasks: Vec<Task<Value>>) -> anyhow::Result<()> {
        let due_now = tasks.iter().any(|task| task.ctx().run_at().is_none());
        let tasks = futures::stream::iter(tasks);
        let pushed = match &self.backend {
            QueueBackend::Redis(conn) => {
                let mut storage =
                    RedisStorage::<Value>::new(conn.clone()).with_config(self.redis_config(job));
                storage
                    .push_all(tasks)
                    .await
                    .map_err(|e| anyhow::anyhow!("redis push failed: {e}"))
            }
            QueueBackend::Sqlite(pool) => {
                let mut storage =
                    SqliteStorage::<Value>::new(pool).with_config(self.sqlite_config(job));
                storage
                    .push_all(tasks)
                    .await
                    .map_err(|e| anyhow::anyhow!("queue push failed: {e}"))
            }
        };
        if pushed.is_ok() && due_now {
            self.announce(job).await;
        }
        pushed
    }

    /// Round trip to the queue's store, for health checks.
    pub async fn ping(&self) -> anyhow::Result<()> {
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let _: String = redis::cmd("PING").query_async(&mut conn.clone()).await?;
            }
            QueueBackend::Sqlite(pool) => {
                sqlx::query("SELECT 1").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// Tasks of these job types not yet finished: waiting, scheduled (retries included) or
    /// held by a worker. `--drain` stops when this reaches zero.
    pub async fn unfinished(&self, jobs: &[&str]) -> anyhow::Result<u64> {
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let mut conn = conn.clone();
                let mut total = 0u64;
                for job in jobs {
                    let config = self.redis_config(job);
                    let workers: Vec<String> = redis::cmd("ZRANGE")
                        .arg(config.workers_set())
                        .arg(0)
                        .arg(-1)
                        .query_async(&mut conn)
                        .await?;
                    let mut pipe = redis::pipe();
                    pipe.llen(config.active_jobs_list())
                        .zcard(config.scheduled_jobs_set());
                    for worker in &workers {
                        pipe.scard(format!("{}:{worker}", config.inflight_jobs_set()));
                    }
                    let counts: Vec<u64> = pipe.query_async(&mut conn).await?;
                    total += counts.iter().sum::<u64>();
                }
                Ok(total)
            }
            QueueBackend::Sqlite(pool) => {
                let mut total = 0u64;
                for job in jobs {
                    let (count,): (i64,) = sqlx::query_as(
                        "SELECT COUNT(*) FROM Jobs WHERE job_type = ?1 \
                         AND status NOT IN ('Done', 'Killed') \
                         AND NOT (status = 'Failed' AND attempts >= max_attempts)",
                    )
                    .bind(self.queue_name(job))
                    .fetch_one(pool)
                    .await?;
                    total += count as u64;
                }
                Ok(total)
            }
        }
    }

    /// Depth and oldest age of each job's queue (`muffle_queue_depth`, the console, doctor).
    pub async fn depths(&self, jobs: &[&'static str]) -> anyhow::Result<Vec<QueueDepth>> {
        let mut depths = Vec::with_capacity(jobs.len());
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let mut conn = conn.clone();
                let now_ms = chrono::Utc::now().timestamp_millis();
                for &job in jobs {
                    let config = self.redis_config(job);
                    let workers: Vec<String> = redis::cmd("ZRANGE")
                        .arg(config.workers_set())
                        .arg(0)
                        .arg(-1)
                        .query_async(&mut conn)
                        .await?;
                    // Tasks are due from the scheduled set (scored by due time, in seconds)
                    // once the score has passed; fetches move them to the active list.
                    let now = now_ms / 1000;
                    let mut pipe = redis::pipe();
                    pipe.llen(config.active_jobs_list())
                        .zcount(config.scheduled_jobs_set(), "-inf", now)
                        .zcount(config.scheduled_jobs_set(), format!("({now}"), "+inf")
                        // Oldest first: pushes append, fetches take from the head.
                        .lindex(config.active_jobs_list(), 0)
                        .zrangebyscore_limit(config.scheduled_jobs_set(), "-inf", now, 0, 1);
                    for worker in &workers {
                        pipe.scard(format!("{}:{worker}", config.inflight_jobs_set()));
                    }
                    let values: Vec<redis::Value> = pipe.query_async(&mut conn).await?;
                    let mut values = values.into_iter();
                    let mut next = || values.next().unwrap_or(redis::Value::Nil);
                    let active: u64 = redis::from_redis_value(next())?;
                    let due: u64 = redis::from_redis_value(next())?;
                    let scheduled: u64 = redis::from_redis_value(next())?;
                    let oldest_active: Option<String> = redis::from_redis_value(next())?;
                    let oldest_due: Vec<String> = redis::from_redis_value(next())?;
                    let in_flight: Vec<u64> = (0..workers.len())
                        .map(|_| redis::from_redis_value(next()))
                        .collect::<Result<_, _>>()?;
                    let pending = active + due;
                    // Task ids are ULIDs: their first 48 bits are the push time.
                    let oldest_age = oldest_active
                        .into_iter()
                        .chain(oldest_due)
                        .filter_map(|id| ulid::Ulid::from_string(&id).ok())
                        .map(|id| (now_ms - id.timestamp_ms() as i64).max(0))
                        .max()
                        .map_or(Duration::ZERO, |ms| Duration::from_millis(ms as u64));
                    depths.push(QueueDepth {
                        job,
                        pending,
                        scheduled,
                        in_flight: in_flight.iter().sum(),
                        oldest_age: if pending == 0 {
                            Duration::ZERO
                        } else {
                            oldest_age
                        },
                    });
                }
            }
            QueueBackend::Sqlite(pool) => {
                for &job in jobs {
                    let (pending, scheduled, in_flight, oldest_run_at): (i64, i64, i64, Option<i64>) =
                        sqlx::query_as(
                            "SELECT \
                               COALESCE(SUM(status = 'Pending' AND run_at <= CAST(strftime('%s', 'now') AS INTEGER)), 0), \
                               COALESCE(SUM(status = 'Pending' AND run_at > CAST(strftime('%s', 'now') AS INTEGER)), 0), \
                               COALESCE(SUM(status IN ('Queued', 'Running')), 0), \
                               MIN(CASE WHEN status = 'Pending' AND run_at <= CAST(strftime('%s', 'now') AS INTEGER) \
                                   THEN run_at END) \
                             FROM Jobs WHERE job_type = ?1",
                        )
                        .bind(self.queue_name(job))
                        .fetch_one(pool)
                        .await?;
                    let now = chrono::Utc::now().timestamp();
                    depths.push(QueueDepth {
                        job,
                        pending: pending as u64,
                        scheduled: scheduled as u64,
                        in_flight: in_flight as u64,
                        oldest_age: oldest_run_at.map_or(Duration::ZERO, |at| {
                            Duration::from_secs((now - at).max(0) as u64)
                        }),
                    });
                }
            }
        }
        Ok(depths)
    }
}

/// Trims one terminal-state set: ids that finished before the cutoff leave the set, the data
/// hash and their metadata. apalis-redis' own vacuum leaves the done/dead sets growing.
const VACUUM_LUA: &str = r#"
local cutoff = tonumber(redis.call("TIME")[1]) - tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local removed = 0
local cursor = "0"
repeat
  local page = redis.call("SSCAN", KEYS[1], cursor, "COUNT", 500)
  cursor = page[1]
  for _, id in ipairs(page[2]) do
    local meta_key = KEYS[3] .. ":" .. id
    local done_at = tonumber(redis.call("HGET", meta_key, "done_at"))
    if done_at == nil or done_at <= cutoff then
      redis.call("SREM", KEYS[1], id)
      redis.call("HDEL", KEYS[2], id)
      redis.call("HDEL", KEYS[3] .. ":result", id)
      redis.call("DEL", meta_key)
      removed = removed + 1
      if removed >= limit then return removed end
    end
  end
until cursor == "0"
return removed
"#;

/// A task carrying Muffle's attempt counter, public task id and due time, with a fresh ULID
/// backend id. Returns the public id: the backend id on a first attempt, `public_id` on a
/// retry.
fn task(
    payload: Value,
    attempt: u32,
    delay: Duration,
    idempotency_key: Option<String>,
    public_id: Option<&str>,
) -> (String, Task<Value>) {
    let task_id = ulid::Ulid::generate();
    let public_id = public_id.map_or_else(|| task_id.to_string(), str::to_owned);
    let due_at_ms = chrono::Utc::now().timestamp_millis() + delay.as_millis() as i64;
    let mut metadata = MetadataStore::new();
    for (key, value) in [
        (ATTEMPT_KEY, attempt.to_string()),
        (TASK_ID_KEY, public_id.clone()),
        (DUE_AT_KEY, due_at_ms.to_string()),
    ] {
        metadata
            .insert(key, value)
            .expect("a fresh store has each key once");
    }
    let mut builder = TaskBuilder::new(payload)
        .task_id(TaskId::from_ulid(task_id))
        .with_metadata(metadata);
    if !delay.is_zero() {
        builder = builder.run_at_timestamp(due_at_second(std::time::SystemTime::now(), delay));
    }
    if let Some(key) = idempotency_key {
        builder = builder.idempotency_key(key);
    }
    (public_id, builder.build())
}

/// The Unix second a task delayed by `delay` from `now` may run. Both queues store whole
/// seconds; apalis' `run_after` rounds down, so a 454 ms retry became due at once. Rounding
/// up keeps every delay at least as long as asked (at most a second longer).
fn due_at_second(now: std::time::SystemTime, delay: Duration) -> u64 {
    let due = now
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .saturating_add(delay);
    due.as_secs() + u64::from(due.subsec_nanos() > 0)
}

/// The queue as jobs see it.
pub struct JobQueue {
    pub queues: Queues,
    pub job_names: Vec<&'static str>,
}

impl jobs::QueueHandle for JobQueue {
    fn enqueue(&self, job: &'static str, payload: Value) -> BoxFuture<'_, anyhow::Result<()>> {
        Box::pin(async move {
            self.queues
                .push(job, payload, 1, Duration::ZERO)
                .await
                .map(|_| ())
        })
    }

    fn vacuum(&self, max_age: Duration) -> BoxFuture<'_, anyhow::Result<u64>> {
        Box::pin(async move {
            let removed = self.queues.vacuum(&self.job_names, max_age).await?;
            let statuses = self.queues.vacuum_statuses(max_age).await?;
            let keys = self.queues.vacuum_idempotency_keys().await?;
            Ok(removed + statuses + keys)
        })
    }
}

pub fn job_queue(queues: &Queues) -> Arc<dyn jobs::QueueHandle> {
    Arc::new(JobQueue {
        queues: queues.clone(),
        job_names: jobs::registry::names(),
    })
}

mod connect;
pub mod idempotency;
pub mod lenient;
mod maintenance;
pub mod tick;
pub mod wake_socket;
use connect::*;

#[cfg(test)]
mod tests;

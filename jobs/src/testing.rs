//! Test support for job handlers: a fresh, migrated Postgres database per test and a queue
//! that records what a handler enqueues.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::Value;

use crate::job::{BoxFuture, JobContext, JobSettings, QueueHandle};

/// A new database on the test Postgres (`TEST_POSTGRES_URL`, default local trust auth),
/// migrated, so tests run in parallel without sharing rows.
pub async fn test_db() -> DatabaseConnection {
    use migration::MigratorTrait;
    let admin_url = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("muffle_u_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url)
        .await
        .expect("connect to test Postgres");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(host, _)| host.to_owned())
        .unwrap_or(admin_url);
    let db = Database::connect(format!("{base}/{name}"))
        .await
        .expect("connect to test database");
    migration::Migrator::up(&db, None)
        .await
        .expect("migrate test database");
    db
}

/// A queue that records enqueued jobs instead of running them.
#[derive(Default)]
pub struct RecordingQueue {
    pub enqueued: Mutex<Vec<(String, Value)>>,
}

impl RecordingQueue {
    pub fn jobs(&self) -> Vec<(String, Value)> {
        self.enqueued.lock().unwrap().clone()
    }
}

impl QueueHandle for RecordingQueue {
    fn enqueue(&self, job: &'static str, payload: Value) -> BoxFuture<'_, anyhow::Result<()>> {
        self.enqueued
            .lock()
            .unwrap()
            .push((job.to_owned(), payload));
        Box::pin(async { Ok(()) })
    }

    fn vacuum(&self, _max_age: Duration) -> BoxFuture<'_, anyhow::Result<u64>> {
        Box::pin(async { Ok(0) })
    }
}

/// A job context on `db` whose enqueues land in the returned queue.
pub fn context(db: &DatabaseConnection) -> (JobContext, Arc<RecordingQueue>) {
    let queue = Arc::new(RecordingQueue::default());
    let ctx = JobContext {
        db: db.clone(),
        queue: queue.clone(),
        settings: Arc::new(JobSettings::default()),
        job_id: format!("test-{}", uuid::Uuid::new_v4().simple()),
        attempt: 1,
    };
    (ctx, queue)
}

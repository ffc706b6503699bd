//! Paused queues (`queue_pauses`, set from the operator console): a paused queue keeps its
//! tasks, and every `muffle run` stops fetching it within a second. Each worker process reads
//! the table every second into one flag per job that its poll strategy checks.

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use sea_orm::{DatabaseConnection, FromQueryResult, Statement};

use crate::queue::Queues;

/// How often workers look for pauses and resumes.
const REFRESH_EVERY: Duration = Duration::from_secs(1);

#[derive(Clone, Default)]
pub struct Pauses {
    flags: Arc<HashMap<&'static str, Arc<AtomicBool>>>,
}

#[derive(FromQueryResult)]
struct Paused {
    job: String,
}

/// Jobs whose queue is paused.
pub async fn paused_jobs(db: &DatabaseConnection) -> Result<Vec<String>, sea_orm::DbErr> {
    Ok(Paused::find_by_statement(Statement::from_string(
        db.get_database_backend(),
        "SELECT job FROM queue_pauses",
    ))
    .all(db)
    .await?
    .into_iter()
    .map(|p| p.job)
    .collect())
}

impl Pauses {
    pub fn new() -> Pauses {
        Pauses {
            flags: Arc::new(
                jobs::registry::names()
                    .into_iter()
                    .map(|name| (name, Arc::new(AtomicBool::new(false))))
                    .collect(),
            ),
        }
    }

    /// The flag a job's poll strategy checks.
    pub fn flag(&self, job: &str) -> Arc<AtomicBool> {
        self.flags
            .get(job)
            .cloned()
            .unwrap_or_else(|| Arc::new(AtomicBool::new(false)))
    }

    pub fn is_paused(&self, job: &str) -> bool {
        self.flags
            .get(job)
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
    }

    /// Reads the table once; a resumed queue's worker is woken at once.
    pub async fn refresh(&self, db: &DatabaseConnection, queues: &Queues) {
        let paused = match paused_jobs(db).await {
            Ok(paused) => paused,
            // A database not migrated yet has no pauses.
            Err(error) => {
                tracing::debug!(%error, "cannot read paused queues");
                return;
            }
        };
        for (job, flag) in self.flags.iter() {
            let now_paused = paused.iter().any(|p| p == job);
            let was_paused = flag.swap(now_paused, Ordering::Relaxed);
            if was_paused != now_paused {
                tracing::info!(
                    job,
                    paused = now_paused,
                    "queue {}",
                    if now_paused { "paused" } else { "resumed" }
                );
                if !now_paused {
                    queues.wake_up(job).notify_one();
                }
            }
        }
    }

    /// Keeps the flags current until the returned task is aborted.
    pub fn watch(&self, db: DatabaseConnection, queues: Queues) -> tokio::task::JoinHandle<()> {
        let pauses = self.clone();
        tokio::spawn(async move {
            loop {
                pauses.refresh(&db, &queues).await;
                tokio::time::sleep(REFRESH_EVERY).await;
            }
        })
    }
}

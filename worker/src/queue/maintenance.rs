//! Keeping the queues' stores small and clean: trimming finished tasks, and overwriting a
//! payload that must not stay in the store.

use super::*;

impl Queues {
    /// Remove finished and dead tasks that finished more than `max_age` ago.
    pub async fn vacuum(&self, jobs: &[&str], max_age: Duration) -> anyhow::Result<u64> {
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let mut conn = conn.clone();
                let script = redis::Script::new(VACUUM_LUA);
                let mut removed = 0u64;
                for job in jobs {
                    let config = self.redis_config(job);
                    for set in [config.done_jobs_set(), config.dead_jobs_set()] {
                        // Bounded passes keep each script call short.
                        loop {
                            let count: u64 = script
                                .key(&set)
                                .key(config.job_data_hash())
                                .key(config.job_meta_hash())
                                .arg(max_age.as_secs())
                                .arg(5_000)
                                .invoke_async(&mut conn)
                                .await?;
                            removed += count;
                            if count < 5_000 {
                                break;
                            }
                        }
                    }
                }
                Ok(removed)
            }
            QueueBackend::Sqlite(pool) => {
                let mut removed = 0u64;
                for job in jobs {
                    let result = sqlx::query(
                        "DELETE FROM Jobs WHERE job_type = ?1 AND status IN ('Done', 'Killed', 'Failed') \
                         AND (status != 'Failed' OR attempts >= max_attempts) \
                         AND done_at IS NOT NULL AND done_at < CAST(strftime('%s', 'now') AS INTEGER) - ?2",
                    )
                    .bind(self.queue_name(job))
                    .bind(max_age.as_secs() as i64)
                    .execute(pool)
                    .await?;
                    removed += result.rows_affected();
                }
                Ok(removed)
            }
        }
    }

    /// Overwrites the stored payload of one backend task (the attempt that just ended) with
    /// `replacement`: a payload that names a person must not sit in the queue's store until
    /// the task is vacuumed (see `Job::PAYLOAD_NAMES_A_PERSON`).
    pub async fn scrub_payload(
        &self,
        job: &str,
        backend_task_id: &str,
        replacement: &Value,
    ) -> anyhow::Result<()> {
        let bytes = serde_json::to_vec(replacement)?;
        match &self.backend {
            QueueBackend::Redis(conn) => {
                let data_hash = self.redis_config(job).job_data_hash();
                // The task is in flight (this attempt just ended): its data is still stored.
                let _: i64 = redis::cmd("HSET")
                    .arg(&data_hash)
                    .arg(backend_task_id)
                    .arg(&bytes)
                    .query_async(&mut conn.clone())
                    .await?;
            }
            QueueBackend::Sqlite(pool) => {
                sqlx::query("UPDATE Jobs SET job = ? WHERE id = ?")
                    .bind(bytes)
                    .bind(backend_task_id)
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }
}

//! Task statuses written off the job's path. Every attempt records `running` and how it ended;
//! written inline that was two round trips per job to Redis (two write transactions on the
//! embedded queue), most of a no-op job's cost (issue 15). Here a job only hands its status
//! to one writer task per process, which writes whatever has queued up in one pipeline (or
//! one transaction). One writer keeps each task's statuses in order; `flush` waits for
//! everything handed over so far (before a retry is pushed, and when the worker stops).
//! Statuses stay best effort: a lost one never loses a job.

use tokio::sync::{mpsc, oneshot};

use crate::{queue::Queues, task_status::TaskStatus};

/// Writes taken per round trip at most.
const BATCH: usize = 1_000;

enum Write {
    /// A status, and for an attempt that ended whether it succeeded (the per-minute counts).
    Status(TaskStatus, Option<bool>),
    /// Answered once every write before it is done.
    Flush(oneshot::Sender<()>),
}

#[derive(Clone)]
pub struct StatusWriter {
    tx: mpsc::UnboundedSender<Write>,
}

impl StatusWriter {
    /// Starts the writer task; it ends when every handle is dropped.
    pub fn spawn(queues: Queues) -> StatusWriter {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(queues, rx));
        StatusWriter { tx }
    }

    /// Records an attempt's progress (`running`).
    pub fn set(&self, status: TaskStatus) {
        let _ = self.tx.send(Write::Status(status, None));
    }

    /// Records how an attempt ended.
    pub fn ended(&self, status: TaskStatus, succeeded: bool) {
        let _ = self.tx.send(Write::Status(status, Some(succeeded)));
    }

    /// Waits until everything handed over before this call is written (or failed).
    pub async fn flush(&self) {
        let (done, written) = oneshot::channel();
        if self.tx.send(Write::Flush(done)).is_ok() {
            let _ = written.await;
        }
    }
}

async fn write_batches(queues: Queues, mut rx: mpsc::UnboundedReceiver<Write>) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut flushed = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(write) = next.take() {
            match write {
                Write::Status(status, ended) => batch.push((status, ended)),
                Write::Flush(done) => flushed.push(done),
            }
            if batch.len() < BATCH {
                next = rx.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            drop_superseded(&mut batch);
            if let Err(error) = queues.write_statuses(&batch).await {
                tracing::warn!(%error, count = batch.len(), "cannot record task statuses");
            }
            batch.clear();
        }
        for done in flushed.drain(..) {
            let _ = done.send(());
        }
    }
}

/// A status that a later one in the same batch replaces (a fast job's `running`, then its
/// end) is not written: the end alone says the same, in half the commands. Ends are kept
/// (each counts in the per-minute figures).
fn drop_superseded(batch: &mut Vec<(TaskStatus, Option<bool>)>) {
    let keep: Vec<bool> = {
        let mut seen = std::collections::HashSet::with_capacity(batch.len());
        let mut keep = vec![true; batch.len()];
        for (i, (status, ended)) in batch.iter().enumerate().rev() {
            let later = !seen.insert(status.task_id.as_str());
            if later && ended.is_none() {
                keep[i] = false;
            }
        }
        keep
    };
    let mut keep = keep.into_iter();
    batch.retain(|_| keep.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task_status::TaskState;

    /// On the embedded queue: statuses handed over in order end up as the last one, and a
    /// flush waits for them.
    #[tokio::test]
    async fn statuses_are_written_in_order_and_flush_waits_for_them() {
        let queues = embedded_queues().await;
        let writer = StatusWriter::spawn(queues.clone());
        for n in 0..500 {
            let state = if n % 2 == 0 {
                TaskState::Running
            } else {
                TaskState::Succeeded
            };
            let status = TaskStatus::new(&format!("t{}", n / 2), "probe_worker", state, 1);
            if state == TaskState::Running {
                writer.set(status);
            } else {
                writer.ended(status, true);
            }
        }
        writer.flush().await;
        for task in ["t0", "t100", "t249"] {
            let status = queues.status(task).await.unwrap().unwrap();
            assert_eq!(status.state, TaskState::Succeeded, "{task}");
        }
        assert_eq!(
            queues.last_hour(&["probe_worker"]).await.unwrap(),
            vec![(250, 0)]
        );
    }

    /// One batch with the same task twice and both outcomes: the last status wins and the
    /// per-minute counts add up, written as a few multi-row statements.
    #[tokio::test]
    async fn a_batch_keeps_the_last_status_per_task_and_counts_both_outcomes() {
        let queues = embedded_queues().await;
        let status = |id: &str, state| TaskStatus::new(id, "probe_worker", state, 1);
        let mut batch = Vec::new();
        for n in 0..450 {
            batch.push((status(&format!("t{n}"), TaskState::Running), None));
            let (state, ok) = if n % 3 == 0 {
                (TaskState::Failed, false)
            } else {
                (TaskState::Succeeded, true)
            };
            batch.push((status(&format!("t{n}"), state), Some(ok)));
        }
        queues.write_statuses(&batch).await.unwrap();
        assert_eq!(
            queues.status("t3").await.unwrap().unwrap().state,
            TaskState::Failed
        );
        assert_eq!(
            queues.status("t449").await.unwrap().unwrap().state,
            TaskState::Succeeded
        );
        assert_eq!(
            queues.last_hour(&["probe_worker"]).await.unwrap(),
            vec![(300, 150)]
        );
    }

    #[test]
    fn a_running_status_followed_by_its_end_is_not_written() {
        let status = |id: &str, state| TaskStatus::new(id, "probe_worker", state, 1);
        let mut batch = vec![
            (status("a", TaskState::Running), None),
            (status("b", TaskState::Running), None),
            (status("a", TaskState::Succeeded), Some(true)),
        ];
        drop_superseded(&mut batch);
        let left: Vec<(&str, TaskState)> = batch
            .iter()
            .map(|(s, _)| (s.task_id.as_str(), s.state))
            .collect();
        assert_eq!(
            left,
            vec![("b", TaskState::Running), ("a", TaskState::Succeeded)]
        );
    }

    /// A fresh embedded queue in its own directory.
    async fn embedded_queues() -> Queues {
        let dir = tempfile_dir();
        let mut config = crate::config::Config::from_lookup(|_| None).unwrap();
        config.queue = crate::config::QueueConfig::Sqlite {
            path: dir.join("queue.db"),
        };
        Queues::connect(&config).await.unwrap()
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("muffle-status-{}", ulid::Ulid::generate()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

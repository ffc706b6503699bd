use std::sync::Arc;

use chrono::DateTime;

use super::*;
use crate::testing::{RecordingQueue, test_db};
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn each_maintenance_fire_is_enqueued_once_across_clocks() {
    let db = test_db().await;
    let queue = Arc::new(RecordingQueue::default());
    let now = at("2026-06-01T12:40:00Z");
    // Two clocks, the same instant: one winner per task.
    assert_eq!(tick(&db, queue.as_ref(), now).await.unwrap(), 2);
    assert_eq!(tick(&db, queue.as_ref(), now).await.unwrap(), 0);
    let mut jobs: Vec<String> = queue.jobs().into_iter().map(|(name, _)| name).collect();
    jobs.sort();
    assert_eq!(jobs, ["expire_media_links", "vacuum_queues"]);
    // Twenty minutes later only the hourly expiry is due again; after 3 hours of downtime,
    // each task runs once, not once per missed hour.
    assert_eq!(
        tick(&db, queue.as_ref(), at("2026-06-01T13:00:05Z"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        tick(&db, queue.as_ref(), at("2026-06-01T16:45:00Z"))
            .await
            .unwrap(),
        2
    );
    assert_eq!(queue.jobs().len(), 5);
    for (name, payload) in queue.jobs() {
        assert!(crate::registry::find(&name).is_some());
        (crate::registry::find(&name).unwrap().validate)(&payload).unwrap();
    }
}

#[tokio::test]
async fn a_maintenance_claim_left_unenqueued_is_retried_as_its_own_job() {
    let db = test_db().await;
    let now = at("2026-06-01T12:00:00Z");
    assert!(clock::claim(&db, -1, now, now).await.unwrap());
    let queue = RecordingQueue::default();
    clock::tick(&db, &queue, now + Duration::seconds(60))
        .await
        .unwrap();
    assert_eq!(queue.jobs(), [("expire_media_links".to_owned(), json!({}))]);
}

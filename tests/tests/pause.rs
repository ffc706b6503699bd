//! The operator console's effect on real workers: a paused queue keeps its tasks, and
//! `muffle run` neither fetches them nor waits for them under `--drain`.

use e2e::TestEnv;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn probe(db: &sea_orm::DatabaseConnection, id: &str) -> Vec<entity::worker_probes::Model> {
    entity::worker_probes::Entity::find()
        .filter(entity::worker_probes::Column::ProbeId.eq(id))
        .all(db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paused_queue_keeps_its_jobs_until_it_is_resumed() {
    use sea_orm::ConnectionTrait;
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    let db = env.db().await;
    // What the console's Pause button writes.
    db.execute_unprepared("INSERT INTO queue_pauses (job) VALUES ('probe_worker')")
        .await
        .unwrap();
    let task_id = env
        .ok(&[
            "enqueue",
            "probe_worker",
            "--json",
            r#"{"probe_id":"held"}"#,
        ])
        .trim()
        .to_owned();
    // --drain does not wait for a paused queue, and the worker never fetched from it.
    env.ok(&["run", "--drain"]);
    assert!(
        probe(&db, "held").await.is_empty(),
        "a paused queue is not fetched"
    );
    let shown = env.ok(&["jobs", "show", &task_id]);
    assert!(shown.contains("state       queued"), "kept: {shown}");

    db.execute_unprepared("DELETE FROM queue_pauses WHERE job = 'probe_worker'")
        .await
        .unwrap();
    env.ok(&["run", "--drain"]);
    assert_eq!(probe(&db, "held").await.len(), 1, "runs once resumed");
}

//! Three real `muffle clock` processes on one per-second schedule, for half a minute, enqueue
//! exactly one sweep per fire, and a worker then runs exactly one sweep per fire.

use std::time::Duration;

use e2e::{TestEnv, signal, wait_exit};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

#[tokio::test(flavor = "multi_thread")]
async fn three_clocks_enqueue_exactly_one_sweep_per_fire() {
    let env = TestEnv::production().await;
    env.ok(&["migrate"]);
    let db = env.db().await;
    let account = entity::accounts::ActiveModel {
        name: Set("clock".into()),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let id = env.ok(&[
        "schedules",
        "add",
        "--account",
        &account.id.to_string(),
        "--cron",
        "* * * * * *",
        "--tz",
        "America/New_York",
        "--kinds",
        "texts",
        "--older-than-days",
        "30",
        "--action",
        "delete",
    ]);
    assert!(id.trim().parse::<i64>().is_ok(), "prints the new id: {id}");

    let clocks: Vec<_> = (0..3)
        .map(|i| env.spawn(&["clock"], &format!("clock{i}.log")))
        .collect();
    tokio::time::sleep(Duration::from_secs(30)).await;
    for clock in clocks {
        signal(&clock, "TERM");
        assert!(
            wait_exit(clock, Duration::from_secs(15)).success(),
            "clock exits cleanly on SIGTERM"
        );
    }

    // The clocks' built-in maintenance (expire_media_links, vacuum_queues) claims its fires
    // in the same table under negative ids: checked below, apart from the schedule's.
    let (maintenance, fires): (Vec<_>, Vec<_>) = entity::clock_fires::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .partition(|fire| fire.schedule_id < 0);
    // Not 30: a clock that stalls past a fire (a loaded CI machine) runs only the latest
    // missed one, by design. What must hold is one enqueue and one sweep per claimed fire.
    assert!(
        fires.len() >= 15,
        "a per-second schedule fired {} times in 30 s",
        fires.len()
    );
    let client = redis::Client::open(e2e::redis_url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let payloads: Vec<String> = redis::cmd("HVALS")
        .arg(format!("{}:sweep_retention:data", env.prefix))
        .query_async(&mut conn)
        .await
        .unwrap();
    let mut fired: Vec<String> = payloads
        .iter()
        .map(|p| {
            serde_json::from_str::<serde_json::Value>(p).unwrap()["fire_at"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let enqueued = fired.len();
    fired.sort();
    fired.dedup();
    assert_eq!(fired.len(), enqueued, "a fire was enqueued twice");
    assert_eq!(enqueued, fires.len(), "every claimed fire enqueued once");
    let mut tasks: Vec<i64> = maintenance.iter().map(|fire| fire.schedule_id).collect();
    tasks.sort();
    tasks.dedup();
    assert_eq!(tasks, [-2, -1], "both maintenance tasks claimed");
    let mut maintenance_enqueued = 0;
    for job in ["expire_media_links", "vacuum_queues"] {
        let queued: usize = redis::cmd("HLEN")
            .arg(format!("{}:{job}:data", env.prefix))
            .query_async(&mut conn)
            .await
            .unwrap();
        maintenance_enqueued += queued;
    }
    assert_eq!(
        maintenance_enqueued,
        maintenance.len(),
        "each maintenance fire enqueued once by three clocks"
    );

    env.ok(&["run", "--drain"]);
    let runs = entity::sweep_runs::Entity::find().all(&db).await.unwrap();
    assert_eq!(runs.len(), fires.len(), "one sweep run per fire");
    let mut swept: Vec<_> = runs.iter().map(|run| run.fire_at).collect();
    swept.sort();
    swept.dedup();
    assert_eq!(swept.len(), runs.len(), "a fire was swept twice");
    assert!(
        runs.iter().all(|run| run.finished_at.is_some()),
        "every sweep finished"
    );
}

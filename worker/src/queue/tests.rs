use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;

#[test]
fn delays_round_up_to_the_next_whole_second_never_down() {
    let at = |secs: u64, millis: u64| UNIX_EPOCH + Duration::from_millis(secs * 1000 + millis);
    // The reported case: a 454 ms retry at .600 is due in the next second, not this one.
    assert_eq!(due_at_second(at(100, 600), Duration::from_millis(454)), 102);
    assert_eq!(due_at_second(at(100, 0), Duration::from_millis(454)), 101);
    assert_eq!(due_at_second(at(100, 0), Duration::from_secs(2)), 102);
    assert_eq!(due_at_second(at(100, 999), Duration::from_millis(1)), 101);
    let now = SystemTime::now();
    let due = due_at_second(now, Duration::from_millis(1));
    assert!(UNIX_EPOCH + Duration::from_secs(due) >= now + Duration::from_millis(1));
}

/// A worker and the clock starting together on a fresh data directory.
#[tokio::test(flavor = "multi_thread")]
async fn processes_opening_a_fresh_embedded_queue_together_all_succeed() {
    for _ in 0..5 {
        let dir = std::env::temp_dir().join(format!("muffle-q-{}", uuid::Uuid::new_v4()));
        let path = dir.join("queue.db");
        let opens = (0..4).map(|_| open_sqlite_queue(&path));
        for result in futures::future::join_all(opens).await {
            result.expect("every opener gets a working queue");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

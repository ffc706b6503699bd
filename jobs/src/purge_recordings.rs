//! `purge_recordings`: an account that turned recording off keeps no recordings. Deletes
//! every version of every call recording of the account and clears the keys (the same
//! deletion as `delete_recording`). Does nothing while the account records.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::{
    call_recording::{self, delete_call_recording},
    job::{Job, JobContext, JobError},
    recordings::RecordingStore,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurgeRecordings {
    pub account_id: i64,
}

impl Job for PurgeRecordings {
    const NAME: &'static str = "purge_recordings";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let store = call_recording::store_for(&ctx)?;
        let purged = purge_account(&ctx.db, &store, self.account_id).await?;
        tracing::info!(account_id = self.account_id, purged, "recordings purged");
        Ok(())
    }
}

const BATCH: u64 = 200;

/// Returns how many calls had their recording deleted. Unknown account → permanent error.
pub async fn purge_account(
    db: &DatabaseConnection,
    store: &RecordingStore,
    account_id: i64,
) -> Result<u64, JobError> {
    let account = entity::accounts::Entity::find_by_id(account_id)
        .one(db)
        .await?
        .ok_or_else(|| JobError::permanent(format!("account {account_id} not found")))?;
    if account.recording_enabled {
        tracing::info!(account_id, "recording is enabled; nothing to purge");
        return Ok(0);
    }
    use entity::calls::Column;
    let (mut after_id, mut purged) = (0i64, 0u64);
    loop {
        // Keyset pages by id: progress is certain even if a key cannot be cleared.
        let calls: Vec<(i64, Option<String>)> = entity::calls::Entity::find()
            .select_only()
            .columns([Column::Id, Column::RecordingKey])
            .filter(Column::AccountId.eq(account_id))
            .filter(Column::RecordingKey.is_not_null())
            .filter(Column::Id.gt(after_id))
            .order_by_asc(Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        let Some(&(last, _)) = calls.last() else {
            return Ok(purged);
        };
        for (call_id, _) in calls {
            // With its copies: an account that records nothing keeps no audio at all.
            if delete_call_recording(db, store, call_id).await? {
                purged += 1;
            }
        }
        after_id = last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        audio::TimeRange,
        recordings::testing as s3,
        rewrite_recording::tests::{account, call, wav},
    };

    #[tokio::test]
    async fn purges_all_versions_of_a_non_recording_account_only() {
        let db = crate::testing::test_db().await;
        let bucket = s3::versioned_bucket().await;
        let store = RecordingStore::S3(bucket.clone());
        let ranges = [TimeRange::new(0, 10)];
        let off = account(&db, "silence", false).await;
        let on = account(&db, "silence", true).await;
        let mut off_calls = Vec::new();
        for i in 0..3 {
            let key = format!("off/{i}.wav");
            s3::put_bytes(&bucket, &key, &wav(100)).await;
            s3::put_bytes(&bucket, &key, &wav(200)).await;
            off_calls.push(call(&db, off, Some(&key), &ranges).await);
        }
        call(&db, off, None, &ranges).await;
        s3::put_bytes(&bucket, "on/0.wav", &wav(100)).await;
        let kept = call(&db, on, Some("on/0.wav"), &ranges).await;

        assert_eq!(purge_account(&db, &store, off).await.unwrap(), 3);
        for (i, call_id) in off_calls.iter().enumerate() {
            assert!(
                store
                    .list_versions(&format!("off/{i}.wav"))
                    .await
                    .unwrap()
                    .is_empty()
            );
            let row = entity::calls::Entity::find_by_id(*call_id)
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            assert!(row.recording_key.is_none() && row.recording_deleted_at.is_some());
        }
        assert_eq!(
            purge_account(&db, &store, off).await.unwrap(),
            0,
            "idempotent"
        );

        // An account that records is left alone.
        assert_eq!(purge_account(&db, &store, on).await.unwrap(), 0);
        assert_eq!(store.list_versions("on/0.wav").await.unwrap().len(), 1);
        let row = entity::calls::Entity::find_by_id(kept)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.recording_key.as_deref(), Some("on/0.wav"));
        assert!(
            purge_account(&db, &store, 999_999)
                .await
                .unwrap_err()
                .is_permanent()
        );
    }
}

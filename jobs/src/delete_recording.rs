//! `delete_recording`: delete one call's recording, every version of it and of every copy the
//! call lists (`recording_copies`), and clear the key (see
//! [`call_recording::delete_call_recording`], which retention's `delete` sweep also uses).

use serde::{Deserialize, Serialize};

use crate::{
    call_recording::{self, delete_call_recording},
    job::{Job, JobContext, JobError},
};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteRecording {
    pub call_id: i64,
}

impl Job for DeleteRecording {
    const NAME: &'static str = "delete_recording";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let store = call_recording::store_for(&ctx)?;
        let deleted = delete_call_recording(&ctx.db, &store, self.call_id).await?;
        tracing::info!(
            call_id = self.call_id,
            deleted,
            "recording deletion finished"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::EntityTrait;

    use super::*;
    use crate::{
        audio::TimeRange,
        recordings::RecordingStore,
        recordings::testing as s3,
        rewrite_recording::tests::{account, call, wav},
    };

    #[tokio::test]
    async fn deletes_every_version_and_clears_the_key() {
        let db = crate::testing::test_db().await;
        let bucket = s3::versioned_bucket().await;
        s3::put_bytes(&bucket, "c/1.wav", &wav(500)).await;
        s3::put_bytes(&bucket, "c/1.wav", &wav(600)).await;
        let store = RecordingStore::S3(bucket);
        let account_id = account(&db, "silence", true).await;
        let call_id = call(&db, account_id, Some("c/1.wav"), &[TimeRange::new(0, 10)]).await;

        assert!(delete_call_recording(&db, &store, call_id).await.unwrap());
        assert!(store.list_versions("c/1.wav").await.unwrap().is_empty());
        let row = entity::calls::Entity::find_by_id(call_id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.recording_key, None);
        assert!(row.recording_deleted_at.is_some());
        // Again: nothing left to do.
        assert!(!delete_call_recording(&db, &store, call_id).await.unwrap());
        assert!(
            delete_call_recording(&db, &store, 999_999)
                .await
                .unwrap_err()
                .is_permanent()
        );
    }

    #[tokio::test]
    async fn deletes_the_copies_the_call_lists_with_the_recording() {
        let db = crate::testing::test_db().await;
        let bucket = s3::versioned_bucket().await;
        s3::put_bytes(&bucket, "c/2.wav", &wav(500)).await;
        s3::put_bytes(&bucket, "c/2-mono.wav", &wav(500)).await;
        s3::put_bytes(&bucket, "c/2-mono.wav", &wav(700)).await;
        s3::put_bytes(&bucket, "backup/2.wav", &wav(500)).await;
        s3::put_bytes(&bucket, "c/unrelated.wav", &wav(500)).await;
        let store = RecordingStore::S3(bucket);
        let account_id = account(&db, "silence", true).await;
        let call_id = call(&db, account_id, Some("c/2.wav"), &[TimeRange::new(0, 10)]).await;
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        entity::calls::ActiveModel {
            id: Set(call_id),
            recording_copies: Set(serde_json::json!(["c/2-mono.wav", "backup/2.wav", 7])),
            ..Default::default()
        }
        .update(&db)
        .await
        .unwrap();

        assert!(delete_call_recording(&db, &store, call_id).await.unwrap());
        for key in ["c/2.wav", "c/2-mono.wav", "backup/2.wav"] {
            assert!(
                store.list_versions(key).await.unwrap().is_empty(),
                "{key} has versions left"
            );
        }
        assert_eq!(
            store.list_versions("c/unrelated.wav").await.unwrap().len(),
            1
        );
        let row = entity::calls::Entity::find_by_id(call_id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.recording_copies, serde_json::json!([]));
        assert_eq!(row.recording_key, None);
    }
}

//! `delete_recording`: delete one call's recording, every version of it and of every copy the
//! call lists (`recording_copies`), and clear the key. Erasure and retention use
//! [`delete_call_recording`] directly.
//!
//! Storage first, database second: a crash in between leaves the key set, and the retry
//! deletes nothing more and clears it. Deleting is repeated until a listing is empty, so a
//! version written meanwhile (a rewrite in flight) goes too.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};
use serde::{Deserialize, Serialize};

use crate::{
    job::{Job, JobContext, JobError},
    recordings::{self, RecordingStore},
};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteRecording {
    pub call_id: i64,
}

impl Job for DeleteRecording {
    const NAME: &'static str = "delete_recording";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let store = recordings::store_for(&ctx)?;
        let deleted = delete_call_recording(&ctx.db, &store, self.call_id).await?;
        tracing::info!(
            call_id = self.call_id,
            deleted,
            "recording deletion finished"
        );
        Ok(())
    }
}

/// Deletes the call's recording and its copies (all versions) and sets `recording_key = NULL`,
/// `recording_copies = []`, `recording_checksum = NULL`, `recording_deleted_at = now`.
/// Returns whether there was a recording. Unknown call → permanent error.
pub async fn delete_call_recording(
    db: &DatabaseConnection,
    store: &RecordingStore,
    call_id: i64,
) -> Result<bool, JobError> {
    let call = entity::calls::Entity::find_by_id(call_id)
        .one(db)
        .await?
        .ok_or_else(|| JobError::permanent(format!("call {call_id} not found")))?;
    // Links first: a link must never outlive the audio it points to.
    crate::media_links::revoke_call(
        db,
        call_id,
        crate::media_links::RevokeReason::RecordingDeleted,
    )
    .await?;
    delete_copies(db, store, call_id, &call.recording_copies).await?;
    let Some(key) = call.recording_key else {
        return Ok(false);
    };
    delete_key(db, store, call_id, &key).await?;
    Ok(true)
}

/// The keys in a call's `recording_copies` (anything that is not a string is ignored: it
/// cannot name an object).
pub(crate) fn copy_keys(copies: &serde_json::Value) -> Vec<String> {
    copies
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|key| key.as_str())
                .filter(|key| !key.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Delete every version of every copy the call lists, then clear the list (only if it is
/// still the list that was deleted).
pub(crate) async fn delete_copies(
    db: &DatabaseConnection,
    store: &RecordingStore,
    call_id: i64,
    copies: &serde_json::Value,
) -> Result<(), JobError> {
    let keys = copy_keys(copies);
    if keys.is_empty() {
        return Ok(());
    }
    for key in &keys {
        store.delete_all_versions(key).await?;
    }
    use entity::calls::Column;
    entity::calls::Entity::update_many()
        .col_expr(Column::RecordingCopies, Expr::value(serde_json::json!([])))
        .filter(Column::Id.eq(call_id))
        .filter(Column::RecordingCopies.eq(copies.clone()))
        .exec(db)
        .await?;
    tracing::info!(call_id, copies = keys.len(), "recording copies deleted");
    Ok(())
}

/// Delete every version of `key`, then clear it on the call (only if it still names `key`).
pub(crate) async fn delete_key(
    db: &DatabaseConnection,
    store: &RecordingStore,
    call_id: i64,
    key: &str,
) -> Result<(), JobError> {
    store.delete_all_versions(key).await?;
    use entity::calls::Column;
    entity::calls::Entity::update_many()
        .col_expr(Column::RecordingKey, Expr::value(Option::<String>::None))
        .col_expr(
            Column::RecordingChecksum,
            Expr::value(Option::<String>::None),
        )
        .col_expr(Column::RecordingDeletedAt, Expr::value(chrono::Utc::now()))
        .filter(Column::Id.eq(call_id))
        .filter(Column::RecordingKey.eq(key))
        .exec(db)
        .await?;
    Ok(())
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

//! A call's recording as jobs see it: the configured store, and deleting a call's recording
//! and its copies with the columns that point at them. Storage first, database second: a
//! crash in between leaves the key set, and the retry deletes nothing more and clears it.
//! Deleting is repeated until a listing is empty, so a version written meanwhile (a rewrite
//! in flight) goes too.

use std::sync::Arc;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};

use crate::{
    job::{JobContext, JobError},
    recordings::{RecordingStore, StoreError},
};

/// The store configured for this process (`JobSettings::recordings`), or a permanent error:
/// a recording job cannot succeed on retry until storage is configured.
pub fn store_for(ctx: &JobContext) -> Result<Arc<RecordingStore>, JobError> {
    ctx.settings
        .recordings
        .clone()
        .ok_or_else(|| JobError::permanent("recording storage is not configured"))
}

impl From<StoreError> for JobError {
    /// The default reading; callers decide what a missing object means for them.
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::InvalidKey(_) => JobError::permanent(error.to_string()),
            _ => JobError::transient(error.to_string()),
        }
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
pub fn copy_keys(copies: &serde_json::Value) -> Vec<String> {
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
pub async fn delete_copies(
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
pub async fn delete_key(
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

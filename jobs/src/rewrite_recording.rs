//! `rewrite_recording`: replace a call's recording with one where every range in
//! `calls.redaction_ranges` is silent (or a beep), and leave no unredacted copy behind.
//!
//! Steps, each safe to repeat after a crash at any point:
//! 1. download the current version to a temp file (its etag and version id come with it);
//! 2. redact it (streaming) and verify the result with the second decoder;
//! 3. upload it with `If-Match` on the downloaded etag, so a concurrent change is refused,
//!    not overwritten (a transient error: the retry redacts the new object);
//! 4. re-read the head: the current version must be ours (size, etag, checksum metadata);
//! 5. delete every other version of the key (the unredacted original included), list again
//!    and require exactly ours; then every version of each copy the call lists
//!    (`recording_copies`: a mono mix, a transcoded or backup copy);
//! 6. record `recording_checksum` and `recording_redacted_at`.
//!
//! The new version exists before any old one is deleted, so the call is never without a
//! recording; success is recorded only after the listing shows our version alone. A re-run
//! after success finds the current object carrying the recorded checksum and this redaction's
//! fingerprint with no other version, and writes nothing.
//!
//! MP3 with the `beep` style is decoded, beeped and re-encoded (`audio::reencode`): lossy, and
//! the file's size changes, so only a native rewrite must keep the size. The object's
//! metadata records the method (`native` or `reencode`) beside the style and format.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};
use serde::{Deserialize, Serialize};

use crate::{
    audio::{self, AudioError, RedactionMethod, RedactionStyle, TimeRange},
    call_recording::{self, copy_keys, delete_copies},
    job::{Job, JobContext, JobError},
    metrics,
    recordings::{self, RecordingStore, StoreError, TempFile},
    transcript,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewriteRecording {
    pub call_id: i64,
}

impl Job for RewriteRecording {
    const NAME: &'static str = "rewrite_recording";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let store = call_recording::store_for(&ctx)?;
        let outcome = rewrite(&ctx.db, &store, self.call_id).await?;
        tracing::info!(
            call_id = self.call_id,
            ?outcome,
            "recording rewrite finished"
        );
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The call has no recording (never had one, or it was deleted).
    NoRecording,
    /// Already rewritten with these ranges and clean: nothing was written.
    Unchanged,
    /// A redacted version was uploaded (or the current one was already redacted) and every
    /// other version deleted.
    Rewritten {
        uploaded: bool,
        versions_deleted: usize,
    },
}

/// The whole rewrite of one call's recording (steps 1–6 above).
pub async fn rewrite(
    db: &DatabaseConnection,
    store: &RecordingStore,
    call_id: i64,
) -> Result<Outcome, JobError> {
    let Some(plan) = load_plan(db, call_id).await? else {
        return Ok(Outcome::NoRecording);
    };
    if is_done(store, &plan).await? {
        metrics::recording_rewritten("unknown", "none", "unchanged");
        return Ok(Outcome::Unchanged);
    }
    let prepared = match prepare(store, &plan).await {
        Ok(prepared) => prepared,
        Err(error) => {
            metrics::recording_rewritten("unknown", "none", failure_outcome(&error));
            return Err(error);
        }
    };
    let (format, method) = (format_family(&prepared.format), prepared.method.name());
    let finished = match upload(store, &plan, &prepared).await {
        Ok(committed) => finish(db, store, &plan, &committed).await,
        Err(error) => Err(error),
    };
    let outcome = match &finished {
        Ok(_) if prepared.unchanged => "unchanged",
        Ok(_) => "rewritten",
        Err(error) => failure_outcome(error),
    };
    metrics::recording_rewritten(format, method, outcome);
    finished
}

/// `muffle_recording_rewrites_total{outcome}` of an error: a permanent one (unsupported or
/// corrupt audio) is `rejected`, a transient one (storage, database) `error`.
fn failure_outcome(error: &JobError) -> &'static str {
    if error.is_permanent() {
        "rejected"
    } else {
        "error"
    }
}

/// The format's family for a metric label (`wav`, `mp3`): never the full description.
fn format_family(described: &str) -> &'static str {
    match described.split('/').next() {
        Some("wav") => "wav",
        Some("mp3") => "mp3",
        _ => "other",
    }
}

/// What to rewrite, read from the call and its account.
#[derive(Debug, Clone)]
pub struct Plan {
    pub call_id: i64,
    pub key: String,
    pub ranges: Vec<TimeRange>,
    /// Where the call's transcript ends: it must fit the recording.
    pub transcript_end_ms: Option<u64>,
    pub style: RedactionStyle,
    /// `recording_checksum` when `recording_redacted_at` is set.
    pub recorded_checksum: Option<String>,
    /// `calls.recording_copies`: other objects holding this call's unredacted audio.
    pub copies: serde_json::Value,
}

impl Plan {
    /// Identifies this redaction (style and ranges), stored with the object so a re-run can
    /// tell it is already applied.
    fn fingerprint(&self) -> String {
        let canonical = serde_json::to_vec(&(self.style, &self.ranges)).expect("ranges serialize");
        recordings::sha256_hex(&canonical)[..32].to_owned()
    }
}

const META_SHA256: &str = "muffle-sha256";
const META_REDACTION: &str = "muffle-redaction";
const META_STYLE: &str = "muffle-style";
const META_FORMAT: &str = "muffle-format";
/// `native` (the file's bytes edited, same size) or `reencode` (a beep in MP3).
const META_METHOD: &str = "muffle-method";

/// `None` when the call has no recording.
pub async fn load_plan(db: &DatabaseConnection, call_id: i64) -> Result<Option<Plan>, JobError> {
    let call = entity::calls::Entity::find_by_id(call_id)
        .one(db)
        .await?
        .ok_or_else(|| JobError::permanent(format!("call {call_id} not found")))?;
    let Some(key) = call.recording_key else {
        return Ok(None);
    };
    let ranges = call.redaction_ranges.ok_or_else(|| {
        JobError::permanent(format!(
            "call {call_id} has no redaction ranges yet (redact_call has not run)"
        ))
    })?;
    let ranges: Vec<TimeRange> = serde_json::from_value(ranges).map_err(|_| {
        JobError::permanent(format!("call {call_id} has malformed redaction_ranges"))
    })?;
    // An unreadable transcript was already refused (or dropped by erasure) by redact_call.
    let transcript_end_ms = call
        .transcript
        .as_ref()
        .and_then(|t| transcript::words(t).ok())
        .and_then(|words| transcript::end_ms(&words));
    let account = entity::accounts::Entity::find_by_id(call.account_id)
        .one(db)
        .await?
        .ok_or_else(|| JobError::permanent(format!("account of call {call_id} not found")))?;
    let style = RedactionStyle::parse(&account.audio_redaction).ok_or_else(|| {
        JobError::permanent(format!(
            "account {} has an unknown audio_redaction setting",
            account.id
        ))
    })?;
    Ok(Some(Plan {
        call_id,
        key,
        ranges,
        transcript_end_ms,
        style,
        recorded_checksum: call
            .recording_checksum
            .filter(|_| call.recording_redacted_at.is_some()),
        copies: call.recording_copies,
    }))
}

/// Already rewritten with this plan and nothing else left: current object carries the
/// recorded checksum and this redaction's fingerprint, and it is the key's only version.
async fn is_done(store: &RecordingStore, plan: &Plan) -> Result<bool, JobError> {
    let Some(recorded) = &plan.recorded_checksum else {
        return Ok(false);
    };
    if !copy_keys(&plan.copies).is_empty() {
        return Ok(false);
    }
    let head = match store.head(&plan.key).await {
        Ok(head) => head,
        Err(StoreError::NotFound) => return Err(missing(plan.call_id)),
        Err(error) => return Err(error.into()),
    };
    if head.metadata.get(META_SHA256) != Some(recorded)
        || head.metadata.get(META_REDACTION) != Some(&plan.fingerprint())
    {
        return Ok(false);
    }
    let versions = store.list_versions(&plan.key).await?;
    Ok(versions.len() == 1
        && !versions[0].is_delete_marker
        && head.version_id.as_deref().unwrap_or("null") == versions[0].version_id)
}

/// A redacted, verified copy of the current object in a temp file.
#[derive(Debug)]
pub struct Prepared {
    file: TempFile,
    /// Etag and version of the object it was made from.
    source_etag: String,
    source_version: Option<String>,
    /// The source was already exactly this redaction: nothing to upload.
    unchanged: bool,
    sha256: String,
    size: u64,
    format: String,
    style: RedactionStyle,
    method: RedactionMethod,
}

/// Steps 1 and 2: download, redact, verify. Writes nothing to the store.
pub async fn prepare(store: &RecordingStore, plan: &Plan) -> Result<Prepared, JobError> {
    let source = TempFile::new("recording-in");
    let downloaded = match store.download(&plan.key, source.path()).await {
        Ok(downloaded) => downloaded,
        Err(StoreError::NotFound) => return Err(missing(plan.call_id)),
        Err(error) => return Err(error.into()),
    };
    if is_our_upload(&downloaded, plan) {
        // An earlier run uploaded exactly this redaction and crashed before cleaning up.
        // Redacting it again would change nothing natively, and cost a generation of quality
        // when re-encoding: keep it.
        let meta = |key: &str| {
            downloaded
                .info
                .metadata
                .get(key)
                .cloned()
                .unwrap_or_default()
        };
        return Ok(Prepared {
            unchanged: true,
            format: meta(META_FORMAT),
            method: if meta(META_METHOD) == RedactionMethod::Reencode.name() {
                RedactionMethod::Reencode
            } else {
                RedactionMethod::Native
            },
            style: plan.style,
            size: downloaded.info.size,
            sha256: downloaded.sha256,
            source_etag: downloaded.info.etag,
            source_version: downloaded.info.version_id,
            file: source,
        });
    }
    let output = TempFile::new("recording-out");
    let (call_id, ranges, style) = (plan.call_id, plan.ranges.clone(), plan.style);
    let transcript_end_ms = plan.transcript_end_ms;
    let (input_path, output_path) = (source.path().to_owned(), output.path().to_owned());
    let rewritten = tokio::task::spawn_blocking(move || {
        redact_file(&input_path, &output_path, &ranges, transcript_end_ms, style)
    })
    .await
    // A panic's message is dropped: it is not ours to vouch for.
    .map_err(|e| join_error(call_id, e))?
    .map_err(|e| audio_error(call_id, e))?;
    // A native rewrite edits bytes in place; a re-encode legitimately changes the size.
    if rewritten.method == RedactionMethod::Native && rewritten.size != downloaded.info.size {
        return Err(JobError::permanent(format!(
            "call {call_id}: redacted recording changed size"
        )));
    }
    Ok(Prepared {
        unchanged: rewritten.sha256 == downloaded.sha256,
        file: output,
        source_etag: downloaded.info.etag,
        source_version: downloaded.info.version_id,
        sha256: rewritten.sha256,
        size: rewritten.size,
        format: rewritten.format,
        style: rewritten.style,
        method: rewritten.method,
    })
}

/// The object is one this job uploaded for this very redaction, byte for byte: it carries the
/// plan's fingerprint and the checksum of what was downloaded (set only after verification).
fn is_our_upload(downloaded: &recordings::Downloaded, plan: &Plan) -> bool {
    let meta = &downloaded.info.metadata;
    meta.get(META_REDACTION) == Some(&plan.fingerprint())
        && meta.get(META_SHA256) == Some(&downloaded.sha256)
}

struct Rewritten {
    sha256: String,
    size: u64,
    format: String,
    style: RedactionStyle,
    method: RedactionMethod,
}

/// Redact `input` into `output` and verify it ([`audio::redact_file`]). Blocking.
fn redact_file(
    input: &std::path::Path,
    output: &std::path::Path,
    ranges: &[TimeRange],
    transcript_end_ms: Option<u64>,
    style: RedactionStyle,
) -> Result<Rewritten, AudioError> {
    let done = audio::redact_file(input, output, ranges, transcript_end_ms, style)?;
    Ok(Rewritten {
        sha256: recordings::sha256_hex(&done.bytes),
        size: done.bytes.len() as u64,
        format: done.format.describe(),
        style,
        method: done.method,
    })
}

/// The version that must end up as the key's only one.
#[derive(Debug, Clone)]
pub struct Committed {
    etag: String,
    version_id: Option<String>,
    sha256: String,
    size: u64,
    uploaded: bool,
}

/// Step 3: upload the redacted file over the version it was made from (`If-Match`).
pub async fn upload(
    store: &RecordingStore,
    plan: &Plan,
    prepared: &Prepared,
) -> Result<Committed, JobError> {
    if prepared.unchanged {
        // Already exactly this redaction (an earlier run crashed after its upload): keep it.
        return Ok(Committed {
            etag: prepared.source_etag.clone(),
            version_id: prepared.source_version.clone(),
            sha256: prepared.sha256.clone(),
            size: prepared.size,
            uploaded: false,
        });
    }
    let metadata = HashMap::from([
        (META_SHA256.to_owned(), prepared.sha256.clone()),
        (META_REDACTION.to_owned(), plan.fingerprint()),
        (META_STYLE.to_owned(), prepared.style.name().to_owned()),
        (META_FORMAT.to_owned(), prepared.format.clone()),
        (META_METHOD.to_owned(), prepared.method.name().to_owned()),
    ]);
    let put = store
        .put(
            &plan.key,
            prepared.file.path(),
            Some(&prepared.source_etag),
            &metadata,
        )
        .await;
    match put {
        Ok(put) => Ok(Committed {
            etag: put.etag,
            version_id: put.version_id,
            sha256: prepared.sha256.clone(),
            size: prepared.size,
            uploaded: true,
        }),
        Err(StoreError::PreconditionFailed | StoreError::NotFound) => {
            Err(JobError::transient(format!(
                "call {}: recording changed or vanished during the rewrite; will retry",
                plan.call_id
            )))
        }
        Err(error) => Err(error.into()),
    }
}

/// Steps 4–6: confirm our version is current, delete every other version, record success.
pub async fn finish(
    db: &DatabaseConnection,
    store: &RecordingStore,
    plan: &Plan,
    committed: &Committed,
) -> Result<Outcome, JobError> {
    let call_id = plan.call_id;
    let changed = || {
        JobError::transient(format!(
            "call {call_id}: recording changed after the rewrite was uploaded; will retry"
        ))
    };
    let head = match store.head(&plan.key).await {
        Ok(head) => head,
        Err(StoreError::NotFound) => return Err(changed()),
        Err(error) => return Err(error.into()),
    };
    if head.etag != committed.etag
        || head.version_id != committed.version_id
        || head.size != committed.size
        || (committed.uploaded && head.metadata.get(META_SHA256) != Some(&committed.sha256))
    {
        return Err(changed());
    }

    let ours = committed.version_id.as_deref().unwrap_or("null");
    let mut versions_deleted = 0;
    for version in store.list_versions(&plan.key).await? {
        if version.version_id != ours {
            store.delete_version(&plan.key, &version.version_id).await?;
            versions_deleted += 1;
        }
    }
    // A version written meanwhile would survive the loop above: require ours alone.
    let left = store.list_versions(&plan.key).await?;
    if left.len() != 1 || left[0].version_id != ours || left[0].is_delete_marker {
        return Err(changed());
    }
    // Other copies of the unredacted audio go only now that the redacted one is in place.
    let copies_deleted = copy_keys(&plan.copies).len();
    delete_copies(db, store, call_id, &plan.copies).await?;

    let recorded = plan.recorded_checksum.as_deref() == Some(committed.sha256.as_str());
    if recorded && !committed.uploaded && versions_deleted == 0 && copies_deleted == 0 {
        // Content already redacted (no metadata to take the fast path) and recorded.
        return Ok(Outcome::Unchanged);
    }
    if !recorded {
        let updated = entity::calls::Entity::update_many()
            .col_expr(
                entity::calls::Column::RecordingChecksum,
                Expr::value(committed.sha256.clone()),
            )
            .col_expr(
                entity::calls::Column::RecordingRedactedAt,
                Expr::value(chrono::Utc::now()),
            )
            .filter(entity::calls::Column::Id.eq(call_id))
            .filter(entity::calls::Column::RecordingKey.eq(plan.key.as_str()))
            .exec(db)
            .await?;
        if updated.rows_affected == 0 {
            // The recording was deleted or replaced meanwhile; the retry sees the new state.
            return Err(changed());
        }
    }
    Ok(Outcome::Rewritten {
        uploaded: committed.uploaded,
        versions_deleted,
    })
}

/// The audio task died: a panic fails the job for good (the same bytes would panic again); a
/// cancellation (shutdown) is retried.
fn join_error(call_id: i64, error: tokio::task::JoinError) -> JobError {
    if error.is_panic() {
        JobError::permanent(format!("call {call_id}: audio redaction panicked"))
    } else {
        JobError::transient(format!("call {call_id}: audio task cancelled"))
    }
}

fn missing(call_id: i64) -> JobError {
    JobError::permanent(format!(
        "call {call_id}: recording object not found in storage"
    ))
}

/// Unsupported, corrupt or unverifiable audio will not improve on retry; I/O may.
fn audio_error(call_id: i64, error: AudioError) -> JobError {
    match error {
        AudioError::Io(e) => JobError::transient(format!("call {call_id}: audio I/O error: {e}")),
        other => JobError::permanent(format!("call {call_id}: {other}")),
    }
}

#[cfg(test)]
pub(crate) mod tests;

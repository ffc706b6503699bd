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
    delete_recording::{copy_keys, delete_copies},
    job::{Job, JobContext, JobError},
    recordings::{self, RecordingStore, StoreError, TempFile},
};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewriteRecording {
    pub call_id: i64,
}

impl Job for RewriteRecording {
    const NAME: &'static str = "rewrite_recording";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let store = recordings::store_for(&ctx)?;
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
        return Ok(Outcome::Unchanged);
    }
    let prepared = prepare(store, &plan).await?;
    let committed = upload(store, &plan, &prepared).await?;
    finish(db, store, &plan, &committed).await
}

/// What to rewrite, read from the call and its account.
#[derive(Debug, Clone)]
pub struct Plan {
    pub call_id: i64,
    pub key: String,
    pub ranges: Vec<TimeRange>,
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
    let account = entity::accounts::Entity::find_by_id(call.account_id)
        .one(db)
        .await?
        .ok_or_else(|| JobError::permanent(format!("account of call {call_id} not found")))?;
    let style = parse_style(&account.audio_redaction).ok_or_else(|| {
        JobError::permanent(format!(
            "account {} has an unknown audio_redaction setting",
            account.id
        ))
    })?;
    Ok(Some(Plan {
        call_id,
        key,
        ranges,
        style,
        recorded_checksum: call
            .recording_checksum
            .filter(|_| call.recording_redacted_at.is_some()),
        copies: call.recording_copies,
    }))
}

/// `silence` or `beep` (any case).
pub fn parse_style(value: &str) -> Option<RedactionStyle> {
    match value.trim().to_ascii_lowercase().as_str() {
        "silence" => Some(RedactionStyle::Silence),
        "beep" => Some(RedactionStyle::Beep),
        _ => None,
    }
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
    let (input_path, output_path) = (source.path().to_owned(), output.path().to_owned());
    let rewritten =
        tokio::task::spawn_blocking(move || redact_file(&input_path, &output_path, &ranges, style))
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

/// Redact `input` into `output` (streaming), then decode the output with the second decoder
/// and check every range. Blocking.
fn redact_file(
    input: &std::path::Path,
    output: &std::path::Path,
    ranges: &[TimeRange],
    style: RedactionStyle,
) -> Result<Rewritten, AudioError> {
    use std::io::{BufReader, BufWriter, Read, Write};
    let mut header = Vec::with_capacity(64 * 1024);
    std::fs::File::open(input)?
        .take(64 * 1024)
        .read_to_end(&mut header)?;
    let format = audio::sniff(&header)?;
    let method = format.method(style);
    if method == RedactionMethod::Reencode {
        tracing::info!(format = %format.describe(), ?style, "re-encoding the recording");
    }
    let mut writer = BufWriter::with_capacity(1 << 20, std::fs::File::create(output)?);
    let reader = BufReader::with_capacity(1 << 20, std::fs::File::open(input)?);
    let report = audio::redact(reader, &mut writer, ranges, style)?;
    writer.flush()?;
    writer
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()?;
    // The verifier decodes from memory: one copy of the output, not several.
    let bytes = std::fs::read(output)?;
    audio::verify_redacted(&bytes, ranges, style)?;
    debug_assert_eq!(report.method, method.name());
    Ok(Rewritten {
        sha256: recordings::sha256_hex(&bytes),
        size: bytes.len() as u64,
        format: format.describe(),
        style,
        method,
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
    let style = match prepared.style {
        RedactionStyle::Silence => "silence",
        RedactionStyle::Beep => "beep",
    };
    let metadata = HashMap::from([
        (META_SHA256.to_owned(), prepared.sha256.clone()),
        (META_REDACTION.to_owned(), plan.fingerprint()),
        (META_STYLE.to_owned(), style.to_owned()),
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
pub(crate) mod tests {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};

    use super::*;
    use crate::recordings::{S3Store, testing as s3};

    const RATE: u32 = 8000;

    /// A mono 16-bit 8 kHz WAV of `ms` milliseconds whose samples are never zero.
    pub(crate) fn wav(ms: u32) -> Vec<u8> {
        let frames = RATE * ms / 1000;
        let data_len = frames * 2;
        let mut file = Vec::with_capacity(44 + data_len as usize);
        file.extend_from_slice(b"RIFF");
        file.extend_from_slice(&(36 + data_len).to_le_bytes());
        file.extend_from_slice(b"WAVEfmt ");
        file.extend_from_slice(&16u32.to_le_bytes());
        file.extend_from_slice(&1u16.to_le_bytes()); // PCM
        file.extend_from_slice(&1u16.to_le_bytes()); // mono
        file.extend_from_slice(&RATE.to_le_bytes());
        file.extend_from_slice(&(RATE * 2).to_le_bytes());
        file.extend_from_slice(&2u16.to_le_bytes());
        file.extend_from_slice(&16u16.to_le_bytes());
        file.extend_from_slice(b"data");
        file.extend_from_slice(&data_len.to_le_bytes());
        for i in 0..frames {
            let sample = 1000 + ((i * 7919) % 20_000) as i16;
            file.extend_from_slice(&sample.to_le_bytes());
        }
        file
    }

    fn samples(file: &[u8]) -> Vec<i16> {
        file[44..]
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect()
    }

    /// Silent inside the ranges, identical to the original outside.
    fn assert_redacted(original: &[u8], redacted: &[u8], ranges: &[TimeRange]) {
        assert_eq!(original.len(), redacted.len());
        assert_eq!(original[..44], redacted[..44]);
        let (before, after) = (samples(original), samples(redacted));
        for (i, (a, b)) in before.iter().zip(&after).enumerate() {
            let ms = i as u64 * 1000 / u64::from(RATE);
            if ranges.iter().any(|r| r.start_ms <= ms && ms < r.end_ms) {
                assert_eq!(*b, 0, "sample {i} not silenced");
            } else {
                assert_eq!(a, b, "sample {i} changed outside the ranges");
            }
        }
    }

    pub(crate) async fn account(db: &DatabaseConnection, style: &str, recording: bool) -> i64 {
        entity::accounts::ActiveModel {
            name: Set("test".into()),
            audio_redaction: Set(style.into()),
            recording_enabled: Set(recording),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    pub(crate) async fn call(
        db: &DatabaseConnection,
        account_id: i64,
        key: Option<&str>,
        ranges: &[TimeRange],
    ) -> i64 {
        entity::calls::ActiveModel {
            account_id: Set(account_id),
            recording_key: Set(key.map(str::to_owned)),
            tags: Set(serde_json::json!([])),
            redaction_ranges: Set(Some(serde_json::to_value(ranges).unwrap())),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap()
        .id
    }

    async fn call_row(db: &DatabaseConnection, id: i64) -> entity::calls::Model {
        entity::calls::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
    }

    /// The key's versions, and the bytes of the current one.
    async fn state(s3: &S3Store, key: &str) -> (usize, Vec<u8>) {
        let store = RecordingStore::S3(s3.clone());
        let versions = store.list_versions(key).await.unwrap();
        let current = versions
            .iter()
            .find(|v| v.is_latest)
            .expect("a current version");
        let bytes = s3::get_version(s3, key, &current.version_id).await;
        (versions.len(), bytes)
    }

    struct Setup {
        db: DatabaseConnection,
        s3: S3Store,
        store: RecordingStore,
        call_id: i64,
        original: Vec<u8>,
        ranges: Vec<TimeRange>,
    }

    const KEY: &str = "acct/1/call.wav";

    async fn setup(original: Vec<u8>) -> Setup {
        let db = crate::testing::test_db().await;
        let s3 = s3::versioned_bucket().await;
        s3::put_bytes(&s3, KEY, &original).await;
        let ranges = vec![TimeRange::new(500, 900), TimeRange::new(2000, 2250)];
        let account_id = account(&db, "silence", true).await;
        let call_id = call(&db, account_id, Some(KEY), &ranges).await;
        Setup {
            store: RecordingStore::S3(s3.clone()),
            db,
            s3,
            call_id,
            original,
            ranges,
        }
    }

    #[tokio::test]
    async fn rewrite_leaves_one_redacted_version_and_records_it() {
        let t = setup(wav(3000)).await;
        let outcome = rewrite(&t.db, &t.store, t.call_id).await.unwrap();
        assert_eq!(
            outcome,
            Outcome::Rewritten {
                uploaded: true,
                versions_deleted: 1
            }
        );
        let (versions, bytes) = state(&t.s3, KEY).await;
        assert_eq!(versions, 1, "the unredacted original must be gone");
        assert_redacted(&t.original, &bytes, &t.ranges);
        let row = call_row(&t.db, t.call_id).await;
        assert_eq!(
            row.recording_checksum.as_deref(),
            Some(recordings::sha256_hex(&bytes).as_str())
        );
        assert!(row.recording_redacted_at.is_some());
    }

    #[tokio::test]
    async fn rerun_after_success_changes_nothing() {
        let t = setup(wav(3000)).await;
        rewrite(&t.db, &t.store, t.call_id).await.unwrap();
        let before = (state(&t.s3, KEY).await, call_row(&t.db, t.call_id).await);
        let head_before = t.store.head(KEY).await.unwrap();

        // Through the Job entry point, as the worker runs it.
        let (mut ctx, _queue) = crate::testing::context(&t.db);
        ctx.settings = std::sync::Arc::new(crate::job::JobSettings {
            recordings: Some(std::sync::Arc::new(RecordingStore::S3(t.s3.clone()))),
            ..Default::default()
        });
        RewriteRecording { call_id: t.call_id }
            .run(ctx)
            .await
            .unwrap();
        assert_eq!(
            rewrite(&t.db, &t.store, t.call_id).await.unwrap(),
            Outcome::Unchanged
        );
        let after = (state(&t.s3, KEY).await, call_row(&t.db, t.call_id).await);
        assert_eq!(before, after);
        assert_eq!(t.store.head(KEY).await.unwrap(), head_before);
    }

    #[tokio::test]
    async fn crash_between_upload_and_cleanup_then_rerun_ends_clean() {
        let t = setup(wav(3000)).await;
        let plan = load_plan(&t.db, t.call_id).await.unwrap().unwrap();
        let prepared = prepare(&t.store, &plan).await.unwrap();
        upload(&t.store, &plan, &prepared).await.unwrap();
        // "Crash": the original is still a noncurrent version and nothing is recorded.
        assert_eq!(state(&t.s3, KEY).await.0, 2);
        assert!(
            call_row(&t.db, t.call_id)
                .await
                .recording_redacted_at
                .is_none()
        );

        let outcome = rewrite(&t.db, &t.store, t.call_id).await.unwrap();
        assert_eq!(
            outcome,
            Outcome::Rewritten {
                uploaded: false,
                versions_deleted: 1
            },
            "the already-redacted upload is kept, not uploaded again"
        );
        let (versions, bytes) = state(&t.s3, KEY).await;
        assert_eq!(versions, 1);
        assert_redacted(&t.original, &bytes, &t.ranges);
        assert!(
            call_row(&t.db, t.call_id)
                .await
                .recording_redacted_at
                .is_some()
        );
    }

    #[tokio::test]
    async fn copies_the_call_lists_are_deleted_once_the_redacted_recording_is_in_place() {
        let t = setup(wav(3000)).await;
        for key in ["acct/1/call-mono.wav", "backup/call.wav"] {
            s3::put_bytes(&t.s3, key, &t.original).await;
        }
        s3::put_bytes(&t.s3, "backup/call.wav", &wav(2000)).await;
        entity::calls::ActiveModel {
            id: Set(t.call_id),
            recording_copies: Set(serde_json::json!([
                "acct/1/call-mono.wav",
                "backup/call.wav"
            ])),
            ..Default::default()
        }
        .update(&t.db)
        .await
        .unwrap();

        rewrite(&t.db, &t.store, t.call_id).await.unwrap();
        for key in ["acct/1/call-mono.wav", "backup/call.wav"] {
            assert!(
                t.store.list_versions(key).await.unwrap().is_empty(),
                "{key} survived the rewrite"
            );
        }
        let (versions, bytes) = state(&t.s3, KEY).await;
        assert_eq!(versions, 1);
        assert_redacted(&t.original, &bytes, &t.ranges);
        let row = call_row(&t.db, t.call_id).await;
        assert_eq!(row.recording_copies, serde_json::json!([]));
        assert!(row.recording_redacted_at.is_some());
        assert_eq!(
            rewrite(&t.db, &t.store, t.call_id).await.unwrap(),
            Outcome::Unchanged
        );
    }

    #[tokio::test]
    async fn copies_survive_a_rewrite_that_cannot_finish() {
        let t = setup(b"RIFF\x24\0\0\0WAVEfmt junk".to_vec()).await;
        s3::put_bytes(&t.s3, "backup/call.wav", &wav(2000)).await;
        entity::calls::ActiveModel {
            id: Set(t.call_id),
            recording_copies: Set(serde_json::json!(["backup/call.wav"])),
            ..Default::default()
        }
        .update(&t.db)
        .await
        .unwrap();
        let error = rewrite(&t.db, &t.store, t.call_id).await.unwrap_err();
        assert!(error.is_permanent(), "{error}");
        // Fail closed, but not by destroying the only readable audio before the fix.
        assert_eq!(
            t.store
                .list_versions("backup/call.wav")
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            call_row(&t.db, t.call_id).await.recording_copies,
            serde_json::json!(["backup/call.wav"])
        );
    }

    #[tokio::test]
    async fn object_changed_between_download_and_upload_is_detected() {
        let t = setup(wav(3000)).await;
        let plan = load_plan(&t.db, t.call_id).await.unwrap().unwrap();
        let prepared = prepare(&t.store, &plan).await.unwrap();
        let newer = wav(4000);
        s3::put_bytes(&t.s3, KEY, &newer).await;

        let error = upload(&t.store, &plan, &prepared).await.unwrap_err();
        assert!(!error.is_permanent(), "{error}");
        assert!(error.to_string().contains("changed"), "{error}");
        let (versions, bytes) = state(&t.s3, KEY).await;
        assert_eq!((versions, bytes == newer), (2, true), "nothing overwritten");

        // The retry redacts the new object.
        rewrite(&t.db, &t.store, t.call_id).await.unwrap();
        let (versions, bytes) = state(&t.s3, KEY).await;
        assert_eq!(versions, 1);
        assert_redacted(&newer, &bytes, &t.ranges);
    }

    #[tokio::test]
    async fn corrupt_audio_fails_permanently_and_leaves_the_original() {
        let mut corrupt = wav(1000);
        corrupt[20] = 0x55; // format tag: not a known encoding
        corrupt[21] = 0x55;
        let t = setup(corrupt.clone()).await;
        let error = rewrite(&t.db, &t.store, t.call_id).await.unwrap_err();
        assert!(error.is_permanent(), "{error}");
        assert!(
            error.to_string().contains("wav"),
            "names the format: {error}"
        );
        assert_eq!(state(&t.s3, KEY).await, (1, corrupt));
        assert!(
            call_row(&t.db, t.call_id)
                .await
                .recording_redacted_at
                .is_none()
        );

        let t = setup(b"OggS\0\x02 not really ogg".to_vec()).await;
        let error = rewrite(&t.db, &t.store, t.call_id).await.unwrap_err();
        assert!(
            error.is_permanent() && error.to_string().contains("ogg"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn missing_object_and_missing_recording() {
        let db = crate::testing::test_db().await;
        let store = RecordingStore::S3(s3::versioned_bucket().await);
        let account_id = account(&db, "silence", true).await;
        let ranges = [TimeRange::new(0, 100)];
        let gone = call(&db, account_id, Some("nowhere.wav"), &ranges).await;
        let error = rewrite(&db, &store, gone).await.unwrap_err();
        assert!(error.is_permanent(), "{error}");
        assert!(
            error.to_string().contains("not found in storage"),
            "{error}"
        );

        let none = call(&db, account_id, None, &ranges).await;
        assert_eq!(
            rewrite(&db, &store, none).await.unwrap(),
            Outcome::NoRecording
        );
        assert!(
            rewrite(&db, &store, 999_999)
                .await
                .unwrap_err()
                .is_permanent()
        );

        let (ctx, _queue) = crate::testing::context(&db);
        let error = RewriteRecording { call_id: none }
            .run(ctx)
            .await
            .unwrap_err();
        assert!(error.is_permanent() && error.to_string().contains("not configured"));
    }

    #[tokio::test]
    async fn mp3_with_beep_is_reencoded_beeped_and_says_so() {
        let original = vbr_mp3();
        let db = crate::testing::test_db().await;
        let bucket = s3::versioned_bucket().await;
        s3::put_bytes(&bucket, "c.mp3", &original).await;
        let store = RecordingStore::S3(bucket.clone());
        let account_id = account(&db, "beep", true).await;
        let ranges = [TimeRange::new(1250, 2750)];
        let call_id = call(&db, account_id, Some("c.mp3"), &ranges).await;

        rewrite(&db, &store, call_id).await.unwrap();
        let (versions, bytes) = state(&bucket, "c.mp3").await;
        assert_eq!(versions, 1, "the unredacted original must be gone");
        assert_ne!(bytes.len(), original.len(), "re-encoded, so a new size");
        audio::verify_redacted(&bytes, &ranges, RedactionStyle::Beep).unwrap();
        assert!(audio::verify_redacted(&original, &ranges, RedactionStyle::Beep).is_err());
        assert!(
            audio::verify_redacted(&bytes, &ranges, RedactionStyle::Silence).is_err(),
            "a beep, not silence"
        );
        let head = store.head("c.mp3").await.unwrap();
        let meta = |key: &str| head.metadata.get(key).map(String::as_str);
        assert_eq!(meta(META_STYLE), Some("beep"));
        assert_eq!(meta(META_METHOD), Some("reencode"));
        assert_eq!(meta(META_FORMAT), Some("mp3/mpeg2-layer3/1ch/16000Hz"));
        assert_eq!(
            call_row(&db, call_id).await.recording_checksum.as_deref(),
            Some(recordings::sha256_hex(&bytes).as_str())
        );
        assert_eq!(
            rewrite(&db, &store, call_id).await.unwrap(),
            Outcome::Unchanged
        );
    }

    #[tokio::test]
    async fn a_reencode_uploaded_before_a_crash_is_kept_not_reencoded_again() {
        let original = vbr_mp3();
        let db = crate::testing::test_db().await;
        let bucket = s3::versioned_bucket().await;
        s3::put_bytes(&bucket, "c.mp3", &original).await;
        let store = RecordingStore::S3(bucket.clone());
        let account_id = account(&db, "beep", true).await;
        let call_id = call(
            &db,
            account_id,
            Some("c.mp3"),
            &[TimeRange::new(1250, 2750)],
        )
        .await;
        let plan = load_plan(&db, call_id).await.unwrap().unwrap();
        let prepared = prepare(&store, &plan).await.unwrap();
        upload(&store, &plan, &prepared).await.unwrap();
        let (_, uploaded) = state(&bucket, "c.mp3").await;

        // The retry finds its own upload: no second generation of lossy encoding.
        let outcome = rewrite(&db, &store, call_id).await.unwrap();
        assert_eq!(
            outcome,
            Outcome::Rewritten {
                uploaded: false,
                versions_deleted: 1
            }
        );
        let (versions, bytes) = state(&bucket, "c.mp3").await;
        assert_eq!(versions, 1);
        assert_eq!(bytes, uploaded);
    }

    /// Three seconds of a 16 kHz mono voice-like tone in true VBR (LAME -V 6): its re-encode
    /// (ABR at the same average) cannot come out the same size, as a CBR one would.
    fn vbr_mp3() -> Vec<u8> {
        use mp3lame_encoder::{Builder, FlushGap, MonoPcm, Quality, VbrMode};
        let mut builder = Builder::new().unwrap();
        builder.set_num_channels(1).unwrap();
        builder.set_sample_rate(16_000).unwrap();
        builder.set_vbr_mode(VbrMode::Mtrh).unwrap();
        builder.set_vbr_quality(Quality::Decent).unwrap();
        let mut lame = builder.build().unwrap();
        let pcm: Vec<f32> = (0..48_000)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                let envelope = 0.5 + 0.5 * (std::f32::consts::TAU * 3.0 * t).sin();
                0.3 * envelope * (std::f32::consts::TAU * (180.0 + 40.0 * t) * t).sin()
            })
            .collect();
        let mut out =
            Vec::with_capacity(mp3lame_encoder::max_required_buffer_size(pcm.len()) + 7200);
        lame.encode_to_vec(MonoPcm(&pcm[..]), &mut out).unwrap();
        lame.flush_to_vec::<FlushGap>(&mut out).unwrap();
        let mut tag = Vec::with_capacity(lame.lame_tag_size());
        lame.lame_tag_encode_to_vec(&mut tag).unwrap();
        out[..tag.len()].copy_from_slice(&tag);
        out
    }

    #[tokio::test]
    async fn nothing_to_redact_is_recorded_once_without_uploading() {
        let t = setup(wav(1000)).await;
        entity::calls::Entity::update_many()
            .col_expr(
                entity::calls::Column::RedactionRanges,
                Expr::value(serde_json::json!([])),
            )
            .filter(entity::calls::Column::Id.eq(t.call_id))
            .exec(&t.db)
            .await
            .unwrap();
        assert_eq!(
            rewrite(&t.db, &t.store, t.call_id).await.unwrap(),
            Outcome::Rewritten {
                uploaded: false,
                versions_deleted: 0
            }
        );
        let row = call_row(&t.db, t.call_id).await;
        assert!(row.recording_redacted_at.is_some());
        assert_eq!(
            rewrite(&t.db, &t.store, t.call_id).await.unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(call_row(&t.db, t.call_id).await, row);
        assert_eq!(state(&t.s3, KEY).await, (1, t.original));
    }

    #[tokio::test]
    async fn beep_style_and_local_store() {
        let db = crate::testing::test_db().await;
        let root = std::env::temp_dir().join(format!("muffle-rw-{}", uuid::Uuid::new_v4()));
        let store = RecordingStore::Local(recordings::LocalStore::new(root.clone()).unwrap());
        let original = wav(2000);
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/c.wav"), &original).unwrap();
        let account_id = account(&db, "beep", true).await;
        let ranges = [TimeRange::new(100, 400)];
        let call_id = call(&db, account_id, Some("a/c.wav"), &ranges).await;

        rewrite(&db, &store, call_id).await.unwrap();
        let bytes = std::fs::read(root.join("a/c.wav")).unwrap();
        audio::verify_redacted(&bytes, &ranges, RedactionStyle::Beep).unwrap();
        assert_ne!(bytes, original);
        assert_eq!(
            bytes[..800 + 44],
            original[..800 + 44],
            "untouched before the range"
        );
        assert_eq!(
            rewrite(&db, &store, call_id).await.unwrap(),
            Outcome::Unchanged
        );
        std::fs::remove_dir_all(root).unwrap();
    }
}

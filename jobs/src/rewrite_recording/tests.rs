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
    let mut out = Vec::with_capacity(mp3lame_encoder::max_required_buffer_size(pcm.len()) + 7200);
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

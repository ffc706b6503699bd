//! `muffle redact-call`: redact one call from files, no database or storage. Detects in a
//! word-timed transcript (parsed as the `redact_call` job parses it: `jobs::transcript`),
//! replaces every sensitive word's text with its entity placeholder, and silences (or beeps)
//! those words' time ranges, padded and merged, in the audio.
//!
//! The audio is written to a temporary file beside OUT and verified with the second decoder
//! (`jobs::audio::redact_file`, the path `rewrite_recording` takes), then renamed into place:
//! on any error OUT is not created. A beep in MP3 is re-encoded; everything else is redacted
//! natively, keeping the file's size.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use jobs::{
    audio::{self, RedactionStyle, TimeRange},
    transcript,
};
use serde_json::Value;

/// Redact `audio` into `out` and return the redacted transcript as JSON (same document, the
/// sensitive words' `text` replaced by placeholders such as `[CARD_CVV]`).
pub fn redact_call_files(
    transcript_json: &str,
    audio: &Path,
    out: &Path,
    style: RedactionStyle,
    pad_ms: u64,
) -> anyhow::Result<String> {
    let transcript: Value =
        serde_json::from_str(transcript_json).context("transcript is not valid JSON")?;
    let (redacted, ranges) = redact_transcript(transcript)?;
    let ranges = audio::pad_and_merge(&ranges, pad_ms);
    redact_audio_file(audio, out, &ranges, style)?;
    Ok(serde_json::to_string(&redacted).expect("JSON value serializes"))
}

/// The transcript with sensitive words replaced, and those words' time ranges (unpadded).
pub fn redact_transcript(mut transcript: Value) -> anyhow::Result<(Value, Vec<TimeRange>)> {
    let words = transcript::words(&transcript)?;
    let mut ranges = Vec::new();
    for span in transcript::detect(&words) {
        for index in span.first_word..=span.last_word.min(words.len().saturating_sub(1)) {
            transcript["words"][index]["text"] = Value::from(span.entity.placeholder());
            ranges.push(words[index].range);
        }
    }
    Ok((transcript, ranges))
}

/// Redact `input` → temp beside `out`, verify, rename to `out`.
pub fn redact_audio_file(
    input: &Path,
    out: &Path,
    ranges: &[TimeRange],
    style: RedactionStyle,
) -> anyhow::Result<audio::RedactionReport> {
    if !input.exists() {
        bail!("cannot open {}", input.display());
    }
    let staging = Staging(staging_path(out));
    let done = audio::redact_file(input, &staging.0, ranges, style)?;
    std::fs::rename(&staging.0, out).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(done.report)
}

fn staging_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.partial", uuid::Uuid::new_v4().simple()));
    out.with_file_name(name)
}

/// Removes the partial output unless it was renamed into place.
struct Staging(PathBuf);

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/audio");
    const CHECKER: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/tools/check_redacted.py"
    );

    #[test]
    fn shared_recordings_pass_the_checker() {
        let dir = Path::new(SHARED);
        if !dir.exists() {
            eprintln!("skipped: {SHARED} not present");
            return;
        }
        let out_dir = std::env::temp_dir().join(format!("muffle-offline-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&out_dir).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".wav").map(str::to_owned))
            .collect();
        names.sort();
        assert!(!names.is_empty());
        let mut failures = Vec::new();
        for (name, style) in names
            .iter()
            .flat_map(|n| [(n, RedactionStyle::Silence), (n, RedactionStyle::Beep)])
        {
            let transcript =
                std::fs::read_to_string(dir.join(format!("{name}.transcript.json"))).unwrap();
            let (orig, out) = (
                dir.join(format!("{name}.wav")),
                out_dir.join(format!("{name}.wav")),
            );
            let redacted =
                redact_call_files(&transcript, &orig, &out, style, audio::DEFAULT_PAD_MS).unwrap();
            assert!(redacted.contains("\"words\""));
            let check = std::process::Command::new("python3")
                .arg(CHECKER)
                .arg(&orig)
                .arg(&out)
                .arg(dir.join(format!("{name}.gold.json")))
                .output()
                .expect("run check_redacted.py");
            let line = String::from_utf8_lossy(&check.stdout).trim().to_owned();
            eprintln!("{name} ({style:?}): {line}");
            if !check.status.success() {
                failures.push(format!("{name} ({style:?}): {line}"));
            }
        }
        std::fs::remove_dir_all(&out_dir).unwrap();
        assert!(failures.is_empty(), "check_redacted failed: {failures:#?}");
    }

    fn word_texts(transcript: &Value) -> Vec<&str> {
        transcript["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["text"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn replaces_sensitive_words_and_keeps_the_rest() {
        let words = [
            ("agent", "what's", 0, 300),
            ("agent", "the", 300, 400),
            ("agent", "security", 400, 800),
            ("agent", "code", 800, 1000),
            ("customer", "four", 1500, 1800),
            ("customer", "one", 1800, 2100),
            ("customer", "seven", 2100, 2500),
            ("customer", "thanks", 3000, 3300),
        ];
        let json = serde_json::json!({
            "id": "c1",
            "words": words.iter().map(|(s, t, a, b)| serde_json::json!({
                "speaker": s, "text": t, "start_ms": a, "end_ms": b, "confidence": 0.9
            })).collect::<Vec<_>>()
        });
        let (redacted, ranges) = redact_transcript(json).unwrap();
        let texts = word_texts(&redacted);
        assert_eq!(&texts[4..7], ["[CARD_CVV]"; 3]);
        assert_eq!(texts[7], "thanks");
        assert_eq!(redacted["id"], "c1");
        assert_eq!(redacted["words"][4]["confidence"], 0.9);
        assert_eq!(
            audio::pad_and_merge(&ranges, 0),
            vec![TimeRange::new(1500, 2500)]
        );
        let error =
            redact_transcript(serde_json::json!({"words": [{"text": "4111"}]})).unwrap_err();
        assert!(!error.to_string().contains("4111"));
    }

    /// The job's parser and this command's are one (`jobs::transcript`): fractional
    /// milliseconds are accepted and numbered speakers keep their own turns, so the words
    /// this command redacts are the ones the `redact_call` job redacts (the job's side of
    /// this transcript is checked in `jobs::redaction::tests`).
    #[test]
    fn fractional_times_and_numbered_speakers_parse_as_the_job_parses_them() {
        let fixture: Value = serde_json::from_str(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../jobs/tests/fixtures/transcripts/numbered-speakers.json"
            ))
            .unwrap(),
        )
        .unwrap();
        let (redacted, ranges) = redact_transcript(fixture["transcript"].clone()).unwrap();
        let texts = word_texts(&redacted);
        assert_eq!(texts, fixture["redacted_texts"].as_array().unwrap().clone());
        let expected: TimeRange =
            serde_json::from_value(fixture["unpadded_range"].clone()).unwrap();
        assert_eq!(audio::pad_and_merge(&ranges, 0), vec![expected]);
    }

    #[test]
    fn mp3_beep_is_reencoded_verified_and_keeps_the_format() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../jobs/tests/fixtures/audio");
        let dir = std::env::temp_dir().join(format!("muffle-offline-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        // The customer's digits fall at 1.5-2.5 s in every fixture (see its README).
        let words = [
            ("agent", "security", 800, 1000),
            ("agent", "code", 1000, 1200),
            ("customer", "four", 1500, 1800),
            ("customer", "one", 1800, 2100),
            ("customer", "seven", 2100, 2500),
        ];
        let transcript = serde_json::json!({
            "words": words.iter().map(|(s, t, a, b)| serde_json::json!({
                "speaker": s, "text": t, "start_ms": a, "end_ms": b
            })).collect::<Vec<_>>()
        })
        .to_string();
        let padded = [TimeRange::new(1250, 2750)];
        for name in [
            "mpeg1-stereo-crc-cbr.mp3",
            "mpeg2-mono-vbr-id3.mp3",
            "mpeg25-mono-notag.mp3",
        ] {
            let (input, out) = (fixtures.join(name), dir.join(name));
            let redacted =
                redact_call_files(&transcript, &input, &out, RedactionStyle::Beep, 250).unwrap();
            assert!(redacted.contains("[CARD_CVV]"), "{name}");
            let (original, beeped) = (std::fs::read(&input).unwrap(), std::fs::read(&out).unwrap());
            audio::verify_redacted(&beeped, &padded, RedactionStyle::Beep)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(audio::verify_redacted(&original, &padded, RedactionStyle::Beep).is_err());
            assert_eq!(
                audio::sniff(&beeped).unwrap().describe(),
                audio::sniff(&original).unwrap().describe(),
                "{name}"
            );

            let report = redact_audio_file(&input, &out, &padded, RedactionStyle::Beep).unwrap();
            assert_eq!(
                (report.method.as_str(), report.ranges_applied),
                ("reencode", 1)
            );
            let report = redact_audio_file(&input, &out, &padded, RedactionStyle::Silence).unwrap();
            assert_eq!(report.method, "native", "silence stays native");
        }
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            3,
            "no partial files"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn corrupt_audio_writes_nothing() {
        let dir = std::env::temp_dir().join(format!("muffle-offline-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("in.wav");
        std::fs::write(&input, b"RIFF\x10\0\0\0WAVEjunkjunk").unwrap();
        let out = dir.join("out.wav");
        let error = redact_call_files(
            r#"{"words":[]}"#,
            &input,
            &out,
            RedactionStyle::Silence,
            250,
        )
        .unwrap_err();
        assert!(error.to_string().contains("wav"), "{error}");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no output, no partial file"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}

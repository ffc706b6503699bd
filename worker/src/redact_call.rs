//! `muffle redact-call`: redact one call from files, no database or storage. Detects in a
//! word-timed transcript (parsed as the `redact_call` job parses it: `jobs::transcript`),
//! replaces every sensitive word's text with its entity placeholder, and silences (or beeps)
//! those words' time ranges, padded and merged, in the audio.
//!
//! The audio is written to a temporary file beside OUT and verified with the second decoder
//! (`jobs::audio::redact_file`, the path `rewrite_recording` takes), then renamed into place:
//! on any error OUT is not created. A beep in MP3 is re-encoded; everything else is redacted
//! natively, keeping the file's size.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::ExitCode,
};

use anyhow::{Context, bail};
use jobs::{
    audio::{self, RedactionStyle, TimeRange},
    transcript,
};
use serde_json::Value;

/// `muffle redact-call`: the redacted transcript on stdout, a summary of what was redacted
/// on stderr (counts, types and times only, never a word).
pub fn run(
    transcript: &Path,
    audio: &Path,
    out: &Path,
    style: &str,
    pad_ms: u64,
) -> anyhow::Result<ExitCode> {
    let Some(style) = RedactionStyle::parse(style) else {
        eprintln!("muffle: --style must be `silence` or `beep`");
        return Ok(ExitCode::from(2));
    };
    let bytes = std::fs::read(transcript)
        .with_context(|| format!("cannot read {}", transcript.display()))?;
    let redacted = redact_call(&parse_transcript(&bytes)?, audio, out, style, pad_ms)?;
    println!("{}", redacted.transcript);
    eprint!("{}", redacted.summary.describe(out));
    Ok(ExitCode::SUCCESS)
}

/// The transcript file as JSON, or why not in terms of what was passed (a recording given
/// as the transcript is the usual slip). Positions only: the text may hold anything.
fn parse_transcript(bytes: &[u8]) -> anyhow::Result<Value> {
    if let Some(kind) = looks_like_audio(bytes) {
        bail!("transcript is not JSON (it looks like {kind}); pass the recording as --audio");
    }
    serde_json::from_slice(bytes).map_err(|error| {
        anyhow::anyhow!(
            "transcript is not valid JSON (line {}, column {})",
            error.line(),
            error.column()
        )
    })
}

fn looks_like_audio(bytes: &[u8]) -> Option<&'static str> {
    if [&b"RIFF"[..], b"RF64", b"BW64", b"RIFX"]
        .iter()
        .any(|magic| bytes.starts_with(magic))
    {
        Some("a WAV file")
    } else if bytes.starts_with(b"ID3") || (bytes.len() > 1 && bytes[0] == 0xFF && bytes[1] >= 0xE0)
    {
        Some("an MP3 file")
    } else {
        None
    }
}

/// What one call's redaction did, for the summary on stderr.
#[derive(Debug, Default, PartialEq)]
pub struct Summary {
    /// Words replaced, by entity type (`CREDIT_CARD`, …).
    pub words_by_type: BTreeMap<&'static str, usize>,
    /// The padded, merged ranges redacted in the audio.
    pub ranges: Vec<TimeRange>,
    pub style: Option<RedactionStyle>,
    /// e.g. `wav/pcm_s16le/1ch/8000Hz`, and `native` or `reencode`.
    pub format: String,
    pub method: String,
}

impl Summary {
    pub fn total_ms(&self) -> u64 {
        self.ranges
            .iter()
            .map(|r| r.end_ms.saturating_sub(r.start_ms))
            .sum()
    }

    /// `redacted 19 words: 16 CREDIT_CARD, 3 CARD_CVV` / `silenced 2 ranges, 8.3 s: …`.
    pub fn describe(&self, out: &Path) -> String {
        let words: usize = self.words_by_type.values().sum();
        let mut text = if words == 0 {
            "redacted 0 words: nothing sensitive found\n".to_owned()
        } else {
            let types: Vec<String> = self
                .words_by_type
                .iter()
                .map(|(entity, count)| format!("{count} {entity}"))
                .collect();
            format!("redacted {words} word(s): {}\n", types.join(", "))
        };
        let verb = match self.style {
            Some(RedactionStyle::Beep) => "beeped",
            _ => "silenced",
        };
        let ranges: Vec<String> = self
            .ranges
            .iter()
            .map(|r| format!("{}–{} s", seconds(r.start_ms), seconds(r.end_ms)))
            .collect();
        text.push_str(&format!(
            "{verb} {} range(s), {} s in all{}{}\n",
            self.ranges.len(),
            seconds(self.total_ms()),
            if ranges.is_empty() { "" } else { ": " },
            ranges.join(", ")
        ));
        text.push_str(&format!(
            "wrote {} ({}, {})\n",
            out.display(),
            self.format,
            self.method
        ));
        text
    }
}

/// Milliseconds as seconds with one decimal (`12.4`).
fn seconds(ms: u64) -> String {
    format!("{}.{}", ms / 1000, (ms % 1000) / 100)
}

/// The redacted transcript (JSON text) and what was done.
pub struct Redacted {
    pub transcript: String,
    pub summary: Summary,
}

/// Redact `audio` into `out` and return the redacted transcript as JSON (same document, the
/// sensitive words' `text` replaced by placeholders such as `[CARD_CVV]`).
#[cfg(test)]
pub fn redact_call_files(
    transcript_json: &str,
    audio: &Path,
    out: &Path,
    style: RedactionStyle,
    pad_ms: u64,
) -> anyhow::Result<String> {
    let transcript = parse_transcript(transcript_json.as_bytes())?;
    Ok(redact_call(&transcript, audio, out, style, pad_ms)?.transcript)
}

fn redact_call(
    transcript: &Value,
    audio: &Path,
    out: &Path,
    style: RedactionStyle,
    pad_ms: u64,
) -> anyhow::Result<Redacted> {
    let transcript_end_ms = transcript::end_ms(&transcript::words(transcript)?);
    let (redacted, ranges, words_by_type) = redact_words(transcript.clone())?;
    let ranges = audio::pad_and_merge(&ranges, pad_ms);
    let report = redact_audio_file(audio, out, &ranges, transcript_end_ms, style)?;
    Ok(Redacted {
        transcript: serde_json::to_string(&redacted).expect("JSON value serializes"),
        summary: Summary {
            words_by_type,
            ranges,
            style: Some(style),
            format: report.format,
            method: report.method,
        },
    })
}

/// The transcript with sensitive words replaced, and those words' time ranges (unpadded).
#[cfg(test)]
pub fn redact_transcript(transcript: Value) -> anyhow::Result<(Value, Vec<TimeRange>)> {
    let (redacted, ranges, _) = redact_words(transcript)?;
    Ok((redacted, ranges))
}

type WordRedaction = (Value, Vec<TimeRange>, BTreeMap<&'static str, usize>);

fn redact_words(mut transcript: Value) -> anyhow::Result<WordRedaction> {
    let words = transcript::words(&transcript)?;
    let mut ranges = Vec::new();
    let mut words_by_type = BTreeMap::new();
    for span in transcript::detect(&words) {
        for index in span.first_word..=span.last_word.min(words.len().saturating_sub(1)) {
            transcript["words"][index]["text"] = Value::from(span.entity.placeholder());
            ranges.push(words[index].range);
            *words_by_type.entry(span.entity.as_str()).or_insert(0) += 1;
        }
    }
    Ok((transcript, ranges, words_by_type))
}

/// Redact `input` → temp beside `out`, verify, rename to `out`. The transcript (ending at
/// `transcript_end_ms`) and the ranges must fit the recording.
pub fn redact_audio_file(
    input: &Path,
    out: &Path,
    ranges: &[TimeRange],
    transcript_end_ms: Option<u64>,
    style: RedactionStyle,
) -> anyhow::Result<audio::RedactionReport> {
    if !input.exists() {
        bail!("cannot open {}", input.display());
    }
    refuse_unknown_audio(input)?;
    let staging = Staging(staging_path(out));
    let done = audio::redact_file(input, &staging.0, ranges, transcript_end_ms, style)?;
    std::fs::rename(&staging.0, out).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(done.report)
}

/// Neither WAV nor MP3 nor another format the sniffer names: say what the file starts with
/// (a handful of bytes, in hex: enough to recognise a format, too few to carry a value).
fn refuse_unknown_audio(input: &Path) -> anyhow::Result<()> {
    use std::io::Read as _;
    let mut head = Vec::new();
    std::fs::File::open(input)
        .and_then(|file| file.take(64 * 1024).read_to_end(&mut head))
        .with_context(|| format!("cannot read {}", input.display()))?;
    match audio::sniff(&head) {
        Err(audio::AudioError::Unsupported { format, .. }) if format == "unknown" => {
            let hex: Vec<String> = head.iter().take(8).map(|b| format!("{b:02x}")).collect();
            let hint = if head.first() == Some(&b'{') {
                " (it looks like JSON: the transcript?)"
            } else {
                ""
            };
            bail!(
                "{}: not WAV or MP3: first bytes {}{hint}",
                input.display(),
                hex.join(" ")
            )
        }
        _ => Ok(()),
    }
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

            let report =
                redact_audio_file(&input, &out, &padded, None, RedactionStyle::Beep).unwrap();
            assert_eq!(
                (report.method.as_str(), report.ranges_applied),
                ("reencode", 1)
            );
            let report =
                redact_audio_file(&input, &out, &padded, None, RedactionStyle::Silence).unwrap();
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
    fn a_recording_passed_as_the_transcript_is_named() {
        let error = parse_transcript(b"RIFF\x24\0\0\0WAVEfmt ").unwrap_err();
        assert_eq!(
            error.to_string(),
            "transcript is not JSON (it looks like a WAV file); pass the recording as --audio"
        );
        let error = parse_transcript(b"ID3\x04\0").unwrap_err();
        assert!(error.to_string().contains("an MP3 file"), "{error}");
        let error = parse_transcript(b"{\"words\": [4111").unwrap_err();
        assert_eq!(
            error.to_string(),
            "transcript is not valid JSON (line 1, column 15)"
        );
    }

    #[test]
    fn unknown_audio_shows_its_first_bytes_and_the_summary_counts_words_and_seconds() {
        let dir = std::env::temp_dir().join(format!("muffle-offline-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let (input, out) = (dir.join("in.wav"), dir.join("out.wav"));
        std::fs::write(&input, br#"{"words":[]}"#).unwrap();
        let error = redact_call_files(r#"{"words":[]}"#, &input, &out, RedactionStyle::Silence, 0)
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with(
                "not WAV or MP3: first bytes 7b 22 77 6f 72 64 73 22 (it looks like JSON: the transcript?)"
            ),
            "{error}"
        );

        two_second_wav(&input);
        let transcript: Value = serde_json::from_str(&cvv_transcript(
            [(1000, 1100), (1100, 1200), (1200, 1300)],
            1800,
        ))
        .unwrap();
        let redacted =
            redact_call(&transcript, &input, &out, RedactionStyle::Silence, 100).unwrap();
        let summary = &redacted.summary;
        assert_eq!(summary.words_by_type, BTreeMap::from([("CARD_CVV", 3)]));
        assert_eq!(summary.ranges, vec![TimeRange::new(900, 1400)]);
        let text = summary.describe(&out);
        assert!(
            text.starts_with(
                "redacted 3 word(s): 3 CARD_CVV\nsilenced 1 range(s), 0.5 s in all: 0.9–1.4 s\n"
            ),
            "{text}"
        );
        assert!(!text.contains("four") && !text.contains("seven"), "{text}");
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

    /// A 2-second mono 8 kHz WAV of constant non-zero samples.
    fn two_second_wav(path: &Path) -> Vec<u8> {
        let mut file = Vec::new();
        file.extend_from_slice(b"RIFF");
        file.extend_from_slice(&(36u32 + 32_000).to_le_bytes());
        file.extend_from_slice(b"WAVEfmt ");
        for field in [
            16u32,
            1 | (1 << 16),
            8000,
            16_000,
            2 | (16 << 16),
            u32::from_le_bytes(*b"data"),
            32_000,
        ] {
            file.extend_from_slice(&field.to_le_bytes());
        }
        file.extend(std::iter::repeat_n(1000i16.to_le_bytes(), 16_000).flatten());
        std::fs::write(path, &file).unwrap();
        file
    }

    fn cvv_transcript(times: [(u64, u64); 3], last_word_ms: u64) -> String {
        let mut words: Vec<Value> = [("security", 100, 300), ("code", 300, 500)]
            .into_iter()
            .chain(["four", "one", "seven"].into_iter().zip(times).map(|(t, (a, b))| (t, a, b)))
            .map(|(text, a, b)| serde_json::json!({"speaker": "c", "text": text, "start_ms": a, "end_ms": b}))
            .collect();
        words.push(serde_json::json!({"speaker": "a", "text": "thanks",
                                      "start_ms": last_word_ms, "end_ms": last_word_ms + 100}));
        serde_json::json!({ "words": words }).to_string()
    }

    #[test]
    fn words_with_no_duration_are_silenced_and_timings_beyond_the_audio_fail() {
        let dir = std::env::temp_dir().join(format!("muffle-offline-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let (input, out) = (dir.join("in.wav"), dir.join("out.wav"));
        let original = two_second_wav(&input);

        // end == start and end < start: the digits must still be silenced.
        let degenerate = cvv_transcript([(1000, 1000), (1200, 1100), (1300, 1300)], 1800);
        let redacted =
            redact_call_files(&degenerate, &input, &out, RedactionStyle::Silence, 0).unwrap();
        assert!(redacted.contains("[CARD_CVV]"));
        let samples =
            |file: &[u8], ms: usize| i16::from_le_bytes([file[44 + ms * 16], file[45 + ms * 16]]);
        let silenced = std::fs::read(&out).unwrap();
        for ms in [1000, 1050, 1150, 1350] {
            assert_eq!(samples(&silenced, ms), 0, "{ms} ms not silenced");
        }
        assert_eq!(samples(&silenced, 1800), samples(&original, 1800));
        std::fs::remove_file(&out).unwrap();

        // The same words a minute into a 2-second recording: not this call's transcript.
        let shifted = cvv_transcript(
            [(60_000, 60_200), (60_200, 60_400), (60_400, 60_600)],
            61_000,
        );
        let error =
            redact_call_files(&shifted, &input, &out, RedactionStyle::Silence, 250).unwrap_err();
        assert!(error.to_string().contains("end of the audio"), "{error}");
        // A transcript whose last word runs far past the audio.
        let long = cvv_transcript([(1000, 1100), (1100, 1200), (1200, 1300)], 90_000);
        let error =
            redact_call_files(&long, &input, &out, RedactionStyle::Silence, 250).unwrap_err();
        assert!(
            error.to_string().contains("transcript runs past"),
            "{error}"
        );
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no output written"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}

//! Redact the shared call recordings (`shared/audio/*.wav`) over their gold ranges, padded by
//! the default pad, and check the result sample by sample with `hound` (a decoder the
//! redactor does not use): length kept, samples outside the padded ranges identical, inside
//! silent. Set `AUDIO_REDACTED_OUT_DIR` to keep the outputs (e.g. for check_redacted.py).

// Frames index interleaved samples of every channel; explicit indices read clearest.
#![allow(clippy::needless_range_loop)]

use std::path::{Path, PathBuf};

use jobs::audio::{
    DEFAULT_PAD_MS, RedactionStyle, TimeRange, pad_and_merge, redact, redact_bytes, tone,
    verify_redacted,
};

fn shared_audio_dir() -> PathBuf {
    let dir = std::env::var_os("MUFFLE_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
        .join("audio");
    assert!(
        dir.is_dir(),
        "shared recordings not found at {}",
        dir.display()
    );
    dir
}

fn recordings() -> Vec<(PathBuf, Vec<TimeRange>)> {
    let dir = shared_audio_dir();
    let mut found: Vec<(PathBuf, Vec<TimeRange>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "wav"))
        .map(|wav| {
            let gold_path = wav.with_extension("gold.json");
            let gold: Vec<serde_json::Value> =
                serde_json::from_slice(&std::fs::read(&gold_path).unwrap()).unwrap();
            let ranges = gold
                .iter()
                .map(|g| {
                    TimeRange::new(
                        g["start_ms"].as_u64().unwrap(),
                        g["end_ms"].as_u64().unwrap(),
                    )
                })
                .collect();
            (wav, ranges)
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no recordings in {}", dir.display());
    found
}

struct Decoded {
    channels: usize,
    sample_rate: u32,
    samples: Vec<i16>,
}

fn decode(bytes: &[u8]) -> Decoded {
    let reader = hound::WavReader::new(bytes).unwrap();
    let spec = reader.spec();
    Decoded {
        channels: usize::from(spec.channels),
        sample_rate: spec.sample_rate,
        samples: reader.into_samples::<i16>().map(Result::unwrap).collect(),
    }
}

/// Per frame: Some(range start frame) if inside a padded range.
fn frame_ranges(ranges: &[TimeRange], sample_rate: u32, frames: usize) -> Vec<Option<u64>> {
    let mut inside = vec![None; frames];
    for range in ranges {
        let (start, end) = range.to_frames(sample_rate);
        for frame in start..end.min(frames as u64) {
            inside[frame as usize] = Some(start);
        }
    }
    inside
}

#[test]
fn audio_shared_recordings_are_silenced_exactly_inside_the_padded_gold_ranges() {
    let out_dir = std::env::var_os("AUDIO_REDACTED_OUT_DIR").map(PathBuf::from);
    for (path, gold) in recordings() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let original = std::fs::read(&path).unwrap();
        let ranges = pad_and_merge(&gold, DEFAULT_PAD_MS);
        let (redacted, report) = redact_bytes(&original, &ranges, RedactionStyle::Silence).unwrap();
        let mut streamed = Vec::new();
        let streamed_report = redact(
            &original[..],
            &mut streamed,
            &ranges,
            RedactionStyle::Silence,
        )
        .unwrap();
        assert!(
            streamed == redacted && streamed_report == report,
            "{name}: streaming differs"
        );
        assert_eq!(redacted.len(), original.len(), "{name}: size changed");
        assert_eq!(report.method, "native");
        verify_redacted(&redacted, &ranges, RedactionStyle::Silence).unwrap();

        let before = decode(&original);
        let after = decode(&redacted);
        assert_eq!(
            after.samples.len(),
            before.samples.len(),
            "{name}: length changed"
        );
        let frames = before.samples.len() / before.channels;
        let inside = frame_ranges(&ranges, before.sample_rate, frames);
        let mut speech_removed = 0usize;
        for frame in 0..frames {
            for channel in 0..before.channels {
                let i = frame * before.channels + channel;
                if inside[frame].is_some() {
                    assert_eq!(after.samples[i], 0, "{name}: frame {frame} not silent");
                    speech_removed += usize::from(before.samples[i] != 0);
                } else {
                    assert_eq!(
                        after.samples[i], before.samples[i],
                        "{name}: frame {frame} changed"
                    );
                }
            }
        }
        assert!(
            speech_removed > 0,
            "{name}: gold ranges held no audio to remove"
        );
        assert!(
            report.ranges_applied > 0 && report.ranges_applied <= ranges.len(),
            "{name}"
        );

        if let Some(dir) = &out_dir {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(&name), &redacted).unwrap();
        }
    }
}

#[test]
fn audio_shared_recordings_are_beeped_on_every_channel_inside_the_padded_gold_ranges() {
    for (path, gold) in recordings() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let original = std::fs::read(&path).unwrap();
        let ranges = pad_and_merge(&gold, DEFAULT_PAD_MS);
        let (redacted, _) = redact_bytes(&original, &ranges, RedactionStyle::Beep).unwrap();
        verify_redacted(&redacted, &ranges, RedactionStyle::Beep).unwrap();
        assert!(verify_redacted(&redacted, &ranges, RedactionStyle::Silence).is_err());

        let before = decode(&original);
        let after = decode(&redacted);
        let frames = before.samples.len() / before.channels;
        let inside = frame_ranges(&ranges, before.sample_rate, frames);
        for frame in 0..frames {
            for channel in 0..before.channels {
                let i = frame * before.channels + channel;
                let expected = match inside[frame] {
                    Some(start) => {
                        let value = tone::beep_value(frame as u64 - start, before.sample_rate);
                        (value * f64::from(i16::MAX)).round() as i16
                    }
                    None => before.samples[i],
                };
                assert_eq!(
                    after.samples[i], expected,
                    "{name}: frame {frame} channel {channel}"
                );
            }
        }
    }
}

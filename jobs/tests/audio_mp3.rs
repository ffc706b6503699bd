//! Native MP3 silence on the committed fixtures (MPEG-1 stereo with CRC, MPEG-2 mono ABR with
//! ID3v2 and LAME tag, MPEG-2.5 mono without any tag; see fixtures/audio/README.md), checked
//! by decoding with symphonia: exact zeros inside the ranges, the original audio away from
//! them, same size, valid CRCs. A beep is re-encoded: the beep on the ranges, to the sample.

use std::path::Path;

use jobs::audio::mp3::{DECODER_DELAY, DEFAULT_ENCODER_DELAY, FrameHeader, frame_crc};
use jobs::audio::tone::beep_value;
use jobs::audio::{AudioError, RedactionStyle, TimeRange, redact_bytes, verify_redacted};
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::DecoderOptions;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

const FIXTURES: [&str; 3] = [
    "mpeg1-stereo-crc-cbr.mp3",
    "mpeg2-mono-vbr-id3.mp3",
    "mpeg25-mono-notag.mp3",
];

/// Where symphonia puts source sample 0 when it does not trim the delay itself. It misses the
/// Info frame of the CRC-protected file (its CRC sits where it expects zeroed side info) and
/// decodes it as a silent 1152-sample frame, before LAME's 576 + the decoder's 529; the
/// untagged file has the typical 576 + 529.
fn untrimmed_shift(name: &str) -> u64 {
    match name {
        "mpeg1-stereo-crc-cbr.mp3" => 1152 + 576 + 529,
        _ => DEFAULT_ENCODER_DELAY + DECODER_DELAY,
    }
}

/// Speech in every fixture covers these spans.
fn ranges() -> Vec<TimeRange> {
    vec![TimeRange::new(1500, 2300), TimeRange::new(4000, 4700)]
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/audio")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Decoded {
    channels: usize,
    sample_rate: u32,
    /// Where source sample 0 is in `samples` (0 when symphonia trimmed the LAME delay).
    shift: u64,
    samples: Vec<f32>,
}

impl Decoded {
    fn frames(&self) -> usize {
        self.samples.len() / self.channels
    }

    /// Decoded frame span of a source time range.
    fn span(&self, range: &TimeRange) -> std::ops::Range<usize> {
        let (start, end) = range.to_frames(self.sample_rate);
        let start = (start + self.shift) as usize;
        let end = ((end + self.shift) as usize).min(self.frames());
        start..end
    }

    fn frame(&self, index: usize) -> &[f32] {
        &self.samples[index * self.channels..(index + 1) * self.channels]
    }
}

fn decode(name: &str, bytes: &[u8]) -> Decoded {
    let source = MediaSourceStream::new(
        Box::new(std::io::Cursor::new(bytes.to_vec())),
        Default::default(),
    );
    let mut hint = Hint::new();
    hint.with_extension("mp3");
    let options = FormatOptions {
        enable_gapless: true,
        ..Default::default()
    };
    let mut reader = symphonia::default::get_probe()
        .format(&hint, source, &options, &MetadataOptions::default())
        .unwrap()
        .format;
    let params = reader.default_track().unwrap().codec_params.clone();
    let mut decoder = symphonia::default::get_codecs()
        .make(&params, &DecoderOptions::default())
        .unwrap();
    let mut samples = Vec::new();
    let mut channels = 1;
    while let Ok(packet) = reader.next_packet() {
        let decoded = decoder.decode(&packet).unwrap();
        channels = decoded.spec().channels.count();
        let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, *decoded.spec());
        buffer.copy_interleaved_ref(decoded);
        samples.extend_from_slice(buffer.samples());
    }
    let shift = if params.delay.is_some() {
        0
    } else {
        untrimmed_shift(name)
    };
    Decoded {
        channels,
        sample_rate: params.sample_rate.unwrap(),
        shift,
        samples,
    }
}

#[test]
fn audio_mp3_ranges_decode_to_exact_zeros_and_the_rest_is_untouched() {
    for name in FIXTURES {
        let original = fixture(name);
        let (redacted, report) =
            redact_bytes(&original, &ranges(), RedactionStyle::Silence).unwrap();
        assert_eq!(redacted.len(), original.len(), "{name}: size changed");
        assert_eq!(
            (report.method.as_str(), report.ranges_applied),
            ("native", 2),
            "{name}"
        );
        assert_ne!(redacted, original, "{name}: nothing was changed");

        let before = decode(name, &original);
        let after = decode(name, &redacted);
        assert_eq!(after.frames(), before.frames(), "{name}: duration changed");
        let duration_ms = before.frames() as u64 * 1000 / u64::from(before.sample_rate);
        assert!(
            report.duration_ms.abs_diff(duration_ms) <= 150,
            "{name}: {report:?} vs {duration_ms} ms"
        );

        // A margin of three frames either side covers whole-frame padding and the
        // decoder's filterbank history; beyond it the decode must be bit-identical.
        let margin = 3 * 1152;
        let mut protected = vec![false; before.frames()];
        for range in ranges() {
            let span = before.span(&range);
            let speech = span
                .clone()
                .flat_map(|i| before.frame(i))
                .filter(|v| v.abs() > 1e-3)
                .count();
            assert!(speech > 100, "{name}: fixture has no speech in {range:?}");
            for i in span.clone() {
                assert!(
                    after.frame(i).iter().all(|&v| v == 0.0),
                    "{name}: frame {i} of {range:?} not zero"
                );
            }
            let lo = span.start.saturating_sub(margin);
            let hi = (span.end + margin).min(before.frames());
            protected[lo..hi].iter_mut().for_each(|p| *p = true);
        }
        for (i, protected) in protected.iter().enumerate() {
            if !protected {
                assert_eq!(
                    after.frame(i),
                    before.frame(i),
                    "{name}: frame {i} outside the ranges changed"
                );
            }
        }

        verify_redacted(&redacted, &ranges(), RedactionStyle::Silence).unwrap();
        let error = verify_redacted(&original, &ranges(), RedactionStyle::Silence).unwrap_err();
        assert!(
            matches!(error, AudioError::VerificationFailed { range_index: 0, .. }),
            "{name}: {error}"
        );
    }
}

#[test]
fn audio_mp3_frames_keep_their_place_and_crcs_stay_valid() {
    let original = fixture("mpeg1-stereo-crc-cbr.mp3");
    let (redacted, _) = redact_bytes(&original, &ranges(), RedactionStyle::Silence).unwrap();
    let frames_before = frame_offsets(&original);
    let frames_after = frame_offsets(&redacted);
    assert_eq!(frames_before, frames_after);
    let mut checked = 0;
    let mut rewritten = 0;
    for &(offset, header) in &frames_after {
        if header.has_crc {
            let frame = &redacted[offset..offset + header.frame_len];
            assert_eq!(
                u16::from_be_bytes([frame[4], frame[5]]),
                frame_crc(frame, &header),
                "frame at {offset}"
            );
            checked += 1;
            rewritten += usize::from(frame != &original[offset..offset + header.frame_len]);
        }
    }
    assert!(
        checked > 100 && rewritten > 10,
        "checked {checked} CRCs, {rewritten} frames rewritten"
    );
}

fn frame_offsets(file: &[u8]) -> Vec<(usize, FrameHeader)> {
    let mut offsets = Vec::new();
    let mut at = 0;
    while at + 4 <= file.len() {
        let header = FrameHeader::parse(file[at..at + 4].try_into().unwrap()).unwrap();
        offsets.push((at, header));
        at += header.frame_len;
    }
    offsets
}

#[test]
fn audio_mp3_whole_file_range_silences_everything() {
    for name in FIXTURES {
        let original = fixture(name);
        let everything = [TimeRange::new(0, 60_000)];
        let (redacted, _) = redact_bytes(&original, &everything, RedactionStyle::Silence).unwrap();
        let decoded = decode(name, &redacted);
        assert!(decoded.frames() > 0);
        assert!(decoded.samples.iter().all(|&v| v == 0.0), "{name}");
        verify_redacted(&redacted, &everything, RedactionStyle::Silence).unwrap();
    }
}

#[test]
fn audio_mp3_beep_is_reencoded_onto_the_ranges_and_verified() {
    for name in FIXTURES {
        let original = fixture(name);
        let (redacted, report) = redact_bytes(&original, &ranges(), RedactionStyle::Beep)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            (report.method.as_str(), report.ranges_applied),
            ("reencode", 2),
            "{name}"
        );
        verify_redacted(&redacted, &ranges(), RedactionStyle::Beep)
            .unwrap_or_else(|e| panic!("{name}: {e}"));

        let before = decode(name, &original);
        let after = decode(name, &redacted);
        assert_eq!(
            (after.channels, after.sample_rate),
            (before.channels, before.sample_rate),
            "{name}"
        );
        let source_frames = |d: &Decoded| d.frames() - d.shift as usize;
        assert!(
            source_frames(&after).abs_diff(source_frames(&before)) < 1152,
            "{name}: duration changed by more than a frame"
        );
        // Independent of the verifier: away from the edges every channel follows the beep with
        // the phase the redactor wrote (the timing is right to the sample), not the speech.
        for range in ranges() {
            let (start, _) = range.to_frames(after.sample_rate);
            let span = after.span(&range);
            let interior = span.start + 576..span.end - 576;
            for channel in 0..after.channels {
                let output: Vec<f64> = interior
                    .clone()
                    .map(|i| f64::from(after.frame(i)[channel]))
                    .collect();
                let beep: Vec<f64> = interior
                    .clone()
                    .map(|i| beep_value(i as u64 - after.shift - start, after.sample_rate))
                    .collect();
                let speech: Vec<f64> = interior
                    .clone()
                    .map(|i| {
                        let source = i - after.shift as usize;
                        f64::from(before.frame(source + before.shift as usize)[channel])
                    })
                    .collect();
                let with_beep = correlation(&output, &beep);
                let with_speech = correlation(&output, &speech);
                assert!(
                    with_beep > 0.95,
                    "{name} {range:?} ch{channel}: {with_beep:.3}"
                );
                assert!(
                    with_speech.abs() < 0.1,
                    "{name} {range:?} ch{channel}: speech {with_speech:.3}"
                );
            }
        }
        assert!(verify_redacted(&original, &ranges(), RedactionStyle::Beep).is_err());
    }
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norms = a.iter().map(|x| x * x).sum::<f64>() * b.iter().map(|y| y * y).sum::<f64>();
    if norms > 0.0 { dot / norms.sqrt() } else { 0.0 }
}

#[test]
fn audio_mp3_truncated_or_garbled_fails_closed() {
    for name in FIXTURES {
        let original = fixture(name);
        let cut = &original[..original.len() * 2 / 3 + 7];
        let error = redact_bytes(cut, &ranges(), RedactionStyle::Silence).unwrap_err();
        assert!(
            matches!(&error, AudioError::Corrupt { format, .. } if format == "mp3"),
            "{name}: {error}"
        );

        let mut garbled = original.clone();
        let middle = frame_start_after(&garbled, garbled.len() / 2);
        garbled[middle..middle + 4].copy_from_slice(b"junk");
        let error = redact_bytes(&garbled, &ranges(), RedactionStyle::Silence).unwrap_err();
        assert!(
            error.to_string().contains("no frame sync"),
            "{name}: {error}"
        );
    }
}

/// Offset of the first frame starting at or after `at` (walking from the first frame).
fn frame_start_after(file: &[u8], at: usize) -> usize {
    let mut offset = 0;
    if file.starts_with(b"ID3") {
        let size = file[6..10]
            .iter()
            .fold(0usize, |size, &b| (size << 7) | usize::from(b & 0x7F));
        offset = 10 + size;
    }
    while offset < at {
        offset += FrameHeader::parse(file[offset..offset + 4].try_into().unwrap())
            .unwrap()
            .frame_len;
    }
    offset
}

/// Six seconds of 8 kHz "speech" (three tones, amplitude-modulated), LAME-encoded at 32 kbps
/// mono, as call recordings often are; with or without the LAME (Info) tag.
fn phone_quality_mp3(with_tag: bool) -> (Vec<f32>, Vec<u8>) {
    use mp3lame_encoder::{Builder, FlushGap, MonoPcm};
    let rate = 8_000u32;
    let pcm: Vec<f32> = (0..6 * rate as usize)
        .map(|n| {
            let t = n as f32 / rate as f32;
            let envelope = 0.6 + 0.4 * (2.0 * std::f32::consts::PI * 3.0 * t).sin();
            envelope
                * (0.3 * (2.0 * std::f32::consts::PI * 310.0 * t).sin()
                    + 0.2 * (2.0 * std::f32::consts::PI * 1130.0 * t).sin()
                    + 0.1 * (2.0 * std::f32::consts::PI * 2470.0 * t).sin())
        })
        .collect();
    let mut builder = Builder::new().unwrap();
    builder.set_num_channels(1).unwrap();
    builder.set_sample_rate(rate).unwrap();
    builder
        .set_output_sample_rate(std::num::NonZeroU32::new(rate))
        .unwrap();
    builder.set_mode(mp3lame_encoder::Mode::Mono).unwrap();
    builder.set_brate(mp3lame_encoder::Bitrate::Kbps32).unwrap();
    builder.set_to_write_vbr_tag(with_tag).unwrap();
    let mut lame = builder.build().unwrap();
    let mut bytes = Vec::new();
    bytes.reserve(mp3lame_encoder::max_required_buffer_size(pcm.len()));
    lame.encode_to_vec(MonoPcm(&pcm), &mut bytes).unwrap();
    bytes.reserve(7200);
    lame.flush_to_vec::<FlushGap>(&mut bytes).unwrap();
    if with_tag {
        let mut tag = Vec::with_capacity(lame.lame_tag_size());
        if lame.lame_tag_encode_to_vec(&mut tag).is_some() {
            bytes[..tag.len()].copy_from_slice(&tag);
        }
    }
    (pcm, bytes)
}

/// Where source sample 0 lies in a decode: the shift that best aligns it with the source.
fn alignment(source: &[f32], decoded: &[f32]) -> usize {
    let window = &source[8_000..16_000];
    (0..3_000)
        .min_by(|&a, &b| {
            let error = |shift: usize| -> f32 {
                window
                    .iter()
                    .zip(&decoded[8_000 + shift..])
                    .map(|(x, y)| (x - y) * (x - y))
                    .sum()
            };
            error(a).total_cmp(&error(b))
        })
        .unwrap()
}

/// Issue 16, item 10: at 8 kHz/32 kbps a frame is one 72 ms granule, so every frame silenced
/// beyond need costs a listener 72 ms of the next words. Measured here: how far the
/// redaction changes the audio past the range's end (and before its start), on the decoded
/// timeline against the same decode of the original.
#[test]
fn audio_mp3_silence_at_8_khz_reaches_no_further_than_the_filterbank_needs() {
    let granule_ms = 576.0 * 1000.0 / 8_000.0;
    for with_tag in [true, false] {
        let (pcm, original) = phone_quality_mp3(with_tag);
        let range = TimeRange::new(2_000, 2_400);
        let (redacted, _) = redact_bytes(&original, &[range], RedactionStyle::Silence).unwrap();
        let before = decode("spread.mp3", &original);
        let after = decode("spread.mp3", &redacted);
        assert_eq!(before.samples.len(), after.samples.len());
        let shift = alignment(&pcm, &before.samples);
        let changed: Vec<usize> = (0..before.samples.len())
            .filter(|&i| (before.samples[i] - after.samples[i]).abs() > 1e-4)
            .collect();
        let (first, last) = (changed[0], *changed.last().unwrap());
        let (start, end) = range.to_frames(8_000);
        let (start, end) = (start as usize + shift, end as usize + shift);
        assert!(
            after.samples[start..end].iter().all(|&s| s == 0.0),
            "the range is exact zeros (tag: {with_tag})"
        );
        let ms = |samples: usize| samples as f64 * 1000.0 / 8_000.0;
        let past_end = ms(last + 1 - end);
        let before_start = ms(start - first);
        eprintln!(
            "8 kHz/32 kbps, LAME tag {with_tag}: audio changed {before_start:.0} ms before the \
             range and {past_end:.0} ms past it (a granule is {granule_ms} ms)"
        );
        // Past the end: the rest of the granule holding the range's end, then the decoder's
        // tail (the next granule overlap-adds the silenced one's second half, and the
        // synthesis filter keeps 15 slots of history): at most 2.5 granules. Before the
        // start: the granule holding it and the 2 before it whose overlap and filter history
        // reach into it (one fewer leaks: see the sweep below). Without a LAME tag the
        // encoder's delay is a guess, and a frame on each side covers an encoder whose
        // delay differs from LAME's by up to a frame: fail closed.
        let margin = if with_tag { 0.0 } else { granule_ms };
        assert!(
            past_end <= 2.5 * granule_ms + margin,
            "{past_end} ms past the range (tag: {with_tag})"
        );
        assert!(
            before_start <= 3.5 * granule_ms + margin,
            "{before_start} ms before the range (tag: {with_tag})"
        );

        // Wherever a range falls against the granule grid, it decodes to exact zeros.
        for offset_ms in (0..600).step_by(23) {
            let range = TimeRange::new(1_500 + offset_ms, 1_730 + offset_ms);
            let (redacted, _) = redact_bytes(&original, &[range], RedactionStyle::Silence).unwrap();
            let after = decode("spread.mp3", &redacted);
            let (start, end) = range.to_frames(8_000);
            let (start, end) = (start as usize + shift, end as usize + shift);
            assert!(
                after.samples[start..end].iter().all(|&s| s == 0.0),
                "{range:?} leaks (tag: {with_tag})"
            );
        }
    }
}

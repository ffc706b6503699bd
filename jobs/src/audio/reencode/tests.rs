use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use super::super::{redact_bytes, redact_in_place, verify_redacted};
use super::*;

/// One encoding of the test signal.
#[derive(Clone, Copy, Debug)]
struct Case {
    rate: u32,
    channels: u16,
    kbps: u32,
    /// LAME tag (gapless info) in the original.
    tagged: bool,
    variable: bool,
}

const fn case(rate: u32, channels: u16, kbps: u32, tagged: bool) -> Case {
    Case {
        rate,
        channels,
        kbps,
        tagged,
        variable: false,
    }
}

/// MPEG-1 (44.1, 32 kHz), MPEG-2 (22.05, 16 kHz) and MPEG-2.5 (11.025, 8 kHz), mono and
/// stereo, with and without a LAME tag (which needs frames of about 170 bytes or more).
const CASES: [Case; 7] = [
    case(44_100, 2, 128, true),
    case(32_000, 1, 48, false),
    case(22_050, 1, 64, true),
    case(16_000, 2, 32, false),
    case(11_025, 1, 32, true),
    case(8_000, 1, 16, false),
    case(8_000, 2, 32, true),
];

const SECONDS: u32 = 4;

fn ranges() -> Vec<TimeRange> {
    vec![TimeRange::new(700, 1500), TimeRange::new(2600, 3100)]
}

/// Speech-like: a gliding voiced tone with harmonics and syllable-rate bursts, plus noise;
/// the channels differ. Never silent, so a leak shows.
fn speech_like(rate: u32, channels: u16, frames: usize) -> Vec<Vec<f32>> {
    let mut state = 0x2545_F491u32;
    (0..channels)
        .map(|channel| {
            let mut phase = 0.0f64;
            (0..frames)
                .map(|i| {
                    let t = i as f64 / f64::from(rate);
                    let pitch = 140.0 + 60.0 * (t * 1.3 + f64::from(channel)).sin();
                    phase += std::f64::consts::TAU * pitch / f64::from(rate);
                    let voiced: f64 = (1..6).map(|h| (phase * h as f64).sin() / h as f64).sum();
                    let syllables = 0.6 + 0.4 * (std::f64::consts::TAU * 4.0 * t).sin();
                    state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    let noise = (state >> 8) as f64 / f64::from(1u32 << 24) - 0.5;
                    (0.18 * voiced * syllables + 0.03 * noise) as f32
                })
                .collect()
        })
        .collect()
}

/// Encode planar `signal` with LAME, as a recorder would.
fn encode(case: Case, signal: &[Vec<f32>]) -> Vec<u8> {
    let mut builder = Builder::new().unwrap();
    builder.set_num_channels(case.channels as u8).unwrap();
    builder.set_sample_rate(case.rate).unwrap();
    builder
        .set_output_sample_rate(NonZeroU32::new(case.rate))
        .unwrap();
    builder.set_to_write_vbr_tag(case.tagged).unwrap();
    let kbps = c_int::try_from(case.kbps).unwrap();
    if case.variable {
        builder.set_vbr_mode(VbrMode::Mtrh).unwrap();
        builder.set_vbr_quality(Quality::Decent).unwrap();
    } else {
        builder.set_vbr_mode(VbrMode::Off).unwrap();
        // SAFETY: the builder's own live state.
        assert!(unsafe { mp3lame_encoder::ffi::lame_set_brate(builder.as_ptr(), kbps) } >= 0);
    }
    let mut lame = builder.build().unwrap();
    let mut out = Vec::new();
    let frames = signal[0].len();
    out.reserve(max_required_buffer_size(frames) + 7200);
    if case.channels == 1 {
        lame.encode_to_vec(MonoPcm(&signal[0][..]), &mut out)
            .unwrap();
    } else {
        let interleaved: Vec<f32> = (0..frames)
            .flat_map(|i| [signal[0][i], signal[1][i]])
            .collect();
        lame.encode_to_vec(InterleavedPcm(&interleaved[..]), &mut out)
            .unwrap();
    }
    lame.flush_to_vec::<FlushGap>(&mut out).unwrap();
    let mut tag = Vec::with_capacity(lame.lame_tag_size());
    if lame.lame_tag_encode_to_vec(&mut tag).is_some() {
        out[..tag.len()].copy_from_slice(&tag);
    }
    assert_eq!(
        read_stream_start_has_lame(&out),
        case.tagged,
        "{case:?}: tag as intended"
    );
    out
}

fn read_stream_start_has_lame(file: &[u8]) -> bool {
    super::super::mp3::read_stream_start(file).is_some_and(|start| start.lame.is_some())
}

fn original(case: Case) -> Vec<u8> {
    let frames = (case.rate * SECONDS) as usize;
    encode(case, &speech_like(case.rate, case.channels, frames))
}

/// Decoded by symphonia's own demuxer, honouring the LAME tag or not.
struct Decoded {
    channels: usize,
    rate: u32,
    samples: Vec<f32>,
    /// Where source sample 0 is: 0 when the demuxer trimmed the delay, else LAME's
    /// 576 + the decoder's 529 (no test file has a CRC-protected tag frame).
    shift: usize,
}

impl Decoded {
    fn frames(&self) -> usize {
        self.samples.len() / self.channels
    }

    fn at(&self, source_frame: usize, channel: usize) -> f32 {
        self.samples
            .get((source_frame + self.shift) * self.channels + channel)
            .copied()
            .unwrap_or(0.0)
    }
}

fn decode(file: &[u8], gapless: bool) -> Decoded {
    let source = MediaSourceStream::new(
        Box::new(std::io::Cursor::new(file.to_vec())),
        Default::default(),
    );
    let mut hint = Hint::new();
    hint.with_extension("mp3");
    let options = FormatOptions {
        enable_gapless: gapless,
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
    let (mut samples, mut channels) = (Vec::new(), 1);
    while let Ok(packet) = reader.next_packet() {
        let decoded = decoder.decode(&packet).unwrap();
        channels = decoded.spec().channels.count();
        let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, *decoded.spec());
        buffer.copy_interleaved_ref(decoded);
        samples.extend_from_slice(buffer.samples());
    }
    let trimmed = gapless && params.delay.is_some();
    Decoded {
        channels,
        rate: params.sample_rate.unwrap(),
        samples,
        shift: if trimmed {
            0
        } else {
            (DEFAULT_ENCODER_DELAY + DECODER_DELAY) as usize
        },
    }
}

/// Pearson correlation of `a` and `b` (0 when either is silent).
fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norms = a.iter().map(|x| x * x).sum::<f64>() * b.iter().map(|y| y * y).sum::<f64>();
    if norms > 0.0 { dot / norms.sqrt() } else { 0.0 }
}

/// Source frames of `range` less a granule at each edge, where the codec blends.
fn interior(range: &TimeRange, rate: u32) -> std::ops::Range<usize> {
    let (start, end) = range.to_frames(rate);
    start as usize + 576..end as usize - 576
}

/// Independent of the verifier: inside every range each channel follows the beep with the
/// exact phase the redactor wrote (so the timing is right to the sample) and not the
/// original; outside, well away from the ranges, it follows the original.
fn assert_beeped_in_place(label: &str, before: &Decoded, after: &Decoded, ranges: &[TimeRange]) {
    let rate = after.rate;
    for channel in 0..after.channels {
        for range in ranges {
            let (start, _) = range.to_frames(rate);
            let frames = interior(range, rate);
            let output: Vec<f64> = frames
                .clone()
                .map(|i| f64::from(after.at(i, channel)))
                .collect();
            let beep: Vec<f64> = frames
                .clone()
                .map(|i| beep_value(i as u64 - start, rate))
                .collect();
            let speech: Vec<f64> = frames.map(|i| f64::from(before.at(i, channel))).collect();
            let with_beep = correlation(&output, &beep);
            let with_speech = correlation(&output, &speech);
            assert!(
                with_beep > 0.95,
                "{label} ch{channel} {range:?}: beep correlation {with_beep:.3}"
            );
            assert!(
                with_speech.abs() < 0.1,
                "{label} ch{channel} {range:?}: speech correlation {with_speech:.3}"
            );
        }
        // Outside: over two granules from any range edge, to the end of the shorter decode.
        let last = (before.frames() - before.shift).min(after.frames() - after.shift);
        let away = |i: usize| {
            ranges.iter().all(|range| {
                let (start, end) = range.to_frames(rate);
                (i as u64 + 1152 < start) || (i as u64 >= end + 1152)
            })
        };
        let kept: Vec<usize> = (0..last).filter(|&i| away(i)).collect();
        let output: Vec<f64> = kept
            .iter()
            .map(|&i| f64::from(after.at(i, channel)))
            .collect();
        let original: Vec<f64> = kept
            .iter()
            .map(|&i| f64::from(before.at(i, channel)))
            .collect();
        let kept_correlation = correlation(&output, &original);
        assert!(
            kept_correlation > 0.9,
            "{label} ch{channel}: outside the ranges correlation {kept_correlation:.3}"
        );
    }
}

#[test]
fn beep_lands_on_the_ranges_at_every_rate_and_channel_count() {
    for case in CASES {
        let label = format!("{case:?}");
        let original = original(case);
        let (redacted, report) = redact_bytes(&original, &ranges(), RedactionStyle::Beep)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(report.method, "reencode", "{label}");
        assert_eq!(report.ranges_applied, 2, "{label}");
        verify_redacted(&redacted, &ranges(), RedactionStyle::Beep)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        // Gapless info is carried over exactly when the original had it.
        assert_eq!(
            read_stream_start_has_lame(&redacted),
            case.tagged,
            "{label}"
        );

        for gapless in [true, false] {
            let label = format!("{label} gapless={gapless}");
            let (before, after) = (decode(&original, gapless), decode(&redacted, gapless));
            assert_eq!(
                (after.rate, after.channels),
                (case.rate, usize::from(case.channels)),
                "{label}"
            );
            // Exact with gapless info; LAME may end an untagged stream a frame later.
            let extra = after.frames() as i64 - before.frames() as i64;
            let frame = if case.rate >= 32_000 { 1152 } else { 576 };
            assert!(
                extra == 0 || (!case.tagged && extra == frame),
                "{label}: duration changed by {extra} frames"
            );
            assert_beeped_in_place(&label, &before, &after, &ranges());
        }
        // Exact with gapless info; without, the decoded frames less the assumed delay.
        let source_ms = u64::from(SECONDS) * 1000;
        let frame_ms = 1152 * 1000 / u64::from(case.rate);
        if case.tagged {
            assert_eq!(report.duration_ms, source_ms, "{label}");
        } else {
            assert!(
                (source_ms..source_ms + frame_ms).contains(&report.duration_ms),
                "{label}: {report:?}"
            );
        }
    }
}

#[test]
fn the_original_and_a_silenced_file_fail_the_beep_check() {
    let case = case(16_000, 1, 48, true);
    let original = original(case);
    let error = verify_redacted(&original, &ranges(), RedactionStyle::Beep).unwrap_err();
    assert!(
        matches!(error, AudioError::VerificationFailed { range_index: 0, .. }),
        "{error}"
    );
    let (silenced, report) = redact_bytes(&original, &ranges(), RedactionStyle::Silence).unwrap();
    assert_eq!(report.method, "native");
    assert!(verify_redacted(&silenced, &ranges(), RedactionStyle::Beep).is_err());
    // And a beep is not silence.
    let (beeped, _) = redact_bytes(&original, &ranges(), RedactionStyle::Beep).unwrap();
    assert!(verify_redacted(&beeped, &ranges(), RedactionStyle::Silence).is_err());
}

#[test]
fn a_misplaced_beep_fails_verification() {
    // Shift the ranges handed to the re-encoder by 1105 samples, the size of a forgotten
    // delay: the verifier, told the true ranges, must notice speech where the beep should be.
    let case = case(8_000, 1, 32, true);
    let original = original(case);
    let late: Vec<TimeRange> = ranges()
        .iter()
        .map(|r| TimeRange::new(r.start_ms + 138, r.end_ms + 138))
        .collect();
    let (redacted, _) = redact_bytes(&original, &late, RedactionStyle::Beep).unwrap();
    verify_redacted(&redacted, &late, RedactionStyle::Beep).unwrap();
    let error = verify_redacted(&redacted, &ranges(), RedactionStyle::Beep).unwrap_err();
    assert!(
        matches!(error, AudioError::VerificationFailed { .. }),
        "{error}"
    );
}

/// Also the regression test for joint stereo: its empty side channel under an identical
/// beep made symphonia reject ABR frames here.
#[test]
fn variable_bitrate_is_reencoded_as_abr_of_about_the_same_size() {
    let case = Case {
        variable: true,
        ..case(22_050, 2, 0, true)
    };
    let original = original(case);
    let mut reader = FrameReader::new(&original[..]);
    let head = read_stream_head(&mut reader, &mut Vec::new(), &mut Vec::new()).unwrap();
    let Bitrate::Average(kbps) = choose_bitrate(&head) else {
        panic!("VBR taken for CBR");
    };
    let actual = original.len() as u64 * 8 / u64::from(SECONDS) / 1000;
    assert!(
        u64::from(kbps).abs_diff(actual) <= actual / 5,
        "{kbps} vs {actual} kbps"
    );

    let (redacted, _) = redact_bytes(&original, &ranges(), RedactionStyle::Beep).unwrap();
    verify_redacted(&redacted, &ranges(), RedactionStyle::Beep).unwrap();
    let ratio = redacted.len() as f64 / original.len() as f64;
    assert!((0.7..1.4).contains(&ratio), "size ratio {ratio:.2}");
    let (before, after) = (decode(&original, true), decode(&redacted, true));
    assert_beeped_in_place("vbr", &before, &after, &ranges());
}

#[test]
fn constant_bitrate_stays_constant() {
    let original = original(case(8_000, 1, 16, false));
    let (redacted, _) = redact_bytes(&original, &ranges(), RedactionStyle::Beep).unwrap();
    let mut reader = FrameReader::new(&redacted[..]);
    let mut bitrates = std::collections::BTreeSet::new();
    while let Some(Unit::Frame { header, .. }) = reader.next_unit().unwrap() {
        bitrates.insert(header.bitrate_kbps);
    }
    assert_eq!(bitrates.into_iter().collect::<Vec<_>>(), vec![16]);
}

#[test]
fn mute_style_zeroes_the_ranges_through_the_encoder() {
    let case = case(22_050, 1, 64, true);
    let original = original(case);
    let mut redacted = Vec::new();
    let report = reencode_mp3(
        &original[..],
        &mut redacted,
        &ranges(),
        RedactionStyle::Silence,
    )
    .unwrap();
    assert_eq!(report.method, "reencode");
    let after = decode(&redacted, true);
    for range in ranges() {
        let peak = interior(&range, case.rate)
            .map(|i| after.at(i, 0).abs())
            .fold(0.0f32, f32::max);
        assert!(peak < 1e-3, "{range:?}: peak {peak}");
    }
}

#[test]
fn ranges_past_the_end_are_applied_as_far_as_the_audio_goes() {
    let case = case(16_000, 1, 48, true);
    let original = original(case);
    let ranges = [TimeRange::new(3500, 9000), TimeRange::new(10_000, 11_000)];
    let (redacted, report) = redact_bytes(&original, &ranges, RedactionStyle::Beep).unwrap();
    assert_eq!(report.ranges_applied, 1);
    assert_eq!(report.redacted_ms, 500);
    verify_redacted(&redacted, &ranges, RedactionStyle::Beep).unwrap();
    let after = decode(&redacted, true);
    let tail: Vec<f64> = (3500 * 16 + 576..4000 * 16 - 576)
        .map(|i| f64::from(after.at(i, 0)))
        .collect();
    let beep: Vec<f64> = (3500 * 16 + 576..4000 * 16 - 576)
        .map(|i| beep_value(i as u64 - 3500 * 16, case.rate))
        .collect();
    assert!(correlation(&tail, &beep) > 0.95);
}

#[test]
fn tags_around_the_audio_are_kept_in_place() {
    let audio = original(case(16_000, 1, 32, false));
    let id3v2 = [b"ID3\x04\x00\x00\x00\x00\x00\x05".as_slice(), b"hello"].concat();
    let id3v1 = [b"TAG".as_slice(), &[b'x'; 125]].concat();
    let file = [id3v2.as_slice(), &audio, &id3v1].concat();
    let (redacted, _) = redact_bytes(&file, &ranges(), RedactionStyle::Beep).unwrap();
    assert!(redacted.starts_with(&id3v2));
    assert!(redacted.ends_with(&id3v1));
    verify_redacted(&redacted, &ranges(), RedactionStyle::Beep).unwrap();
}

#[test]
fn truncated_garbled_or_empty_input_is_a_clear_error() {
    let original = original(case(22_050, 2, 64, true));
    let cut = &original[..original.len() / 2 + 3];
    let mut garbled = original.clone();
    let middle = original.len() / 2;
    let mut reader = FrameReader::new(&original[..]);
    let mut at = 0;
    while let Some(Unit::Frame { header, .. }) = reader.next_unit().unwrap() {
        if at >= middle {
            break;
        }
        at += header.frame_len;
    }
    garbled[at..at + 4].copy_from_slice(b"junk");
    let only_a_tag = b"ID3\x04\x00\x00\x00\x00\x00\x01x".to_vec();
    let layer2 = [0xFFu8, 0xFD, 0x90, 0x44, 0, 0, 0, 0];
    for (input, expected) in [
        (cut.to_vec(), "file ends inside the frame"),
        (garbled, "no frame sync"),
        (only_a_tag, "no MPEG audio frames"),
        (layer2.to_vec(), "layer II"),
    ] {
        let error = redact_bytes(&input, &ranges(), RedactionStyle::Beep).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("mp3") && message.contains(expected),
            "{message}"
        );
    }
}

#[test]
fn in_place_refuses_a_beep_in_mp3_and_changes_nothing() {
    let original = original(case(8_000, 1, 16, false));
    let mut copy = original.clone();
    let error = redact_in_place(&mut copy, &ranges(), RedactionStyle::Beep).unwrap_err();
    assert!(
        matches!(&error, AudioError::Unsupported { format, .. } if format == "mp3"),
        "{error}"
    );
    assert!(error.to_string().contains("in place"), "{error}");
    assert_eq!(copy, original);
}

use super::super::wav::WavEncoding;
use super::super::wav::testing::{fmt_body, noise, wav_file};
use super::super::{redact_bytes, verify_redacted};
use super::*;

const ENCODINGS: [WavEncoding; 8] = [
    WavEncoding::PcmU8,
    WavEncoding::PcmS16Le,
    WavEncoding::PcmS24Le,
    WavEncoding::PcmS32Le,
    WavEncoding::FloatF32Le,
    WavEncoding::FloatF64Le,
    WavEncoding::MuLaw,
    WavEncoding::ALaw,
];

/// Noise that is a valid, loud signal in every encoding (floats built from values).
fn loud_samples(encoding: WavEncoding, frames: usize, channels: usize) -> Vec<u8> {
    let width = encoding.container_bytes();
    let mut data = vec![0u8; frames * channels * width];
    for (i, sample) in data.chunks_exact_mut(width).enumerate() {
        let value = if i % 2 == 0 { 0.5 } else { -0.4 };
        encoding.encode(value, sample);
    }
    data
}

#[test]
fn accepts_redacted_files_and_rejects_originals_in_every_encoding() {
    for encoding in ENCODINGS {
        for style in [RedactionStyle::Silence, RedactionStyle::Beep] {
            let file = wav_file(
                &fmt_body(encoding, 2, 8000, true),
                &loud_samples(encoding, 8000, 2),
                None,
            );
            let ranges = [TimeRange::new(100, 350), TimeRange::new(900, 999)];
            let (out, _) = redact_bytes(&file, &ranges, style).unwrap();
            verify_redacted(&out, &ranges, style)
                .unwrap_or_else(|e| panic!("{encoding:?} {style:?}: {e}"));
            let error = verify_redacted(&file, &ranges, style).unwrap_err();
            assert!(
                matches!(error, AudioError::VerificationFailed { range_index: 0, .. }),
                "{encoding:?} {style:?}: {error}"
            );
        }
    }
}

#[test]
fn a_single_leaked_sample_fails_and_a_beep_is_not_silence() {
    let encoding = WavEncoding::PcmS16Le;
    let file = wav_file(&fmt_body(encoding, 1, 8000, false), &noise(16_000, 4), None);
    let ranges = [TimeRange::new(200, 400)];
    let (mut out, _) = redact_bytes(&file, &ranges, RedactionStyle::Silence).unwrap();
    let data_at = out.windows(4).position(|w| w == b"data").unwrap() + 8;
    out[data_at + 2 * 3199] = 1; // last frame of the range, low byte
    let error = verify_redacted(&out, &ranges, RedactionStyle::Silence).unwrap_err();
    assert!(error.to_string().contains("frame 3199"), "{error}");

    let (beeped, _) = redact_bytes(&file, &ranges, RedactionStyle::Beep).unwrap();
    assert!(verify_redacted(&beeped, &ranges, RedactionStyle::Silence).is_err());
    verify_redacted(&beeped, &ranges, RedactionStyle::Beep).unwrap();
}

#[test]
fn symphonia_agrees_that_redacted_ranges_are_silent() {
    // Cross-check the home-grown decoder against symphonia on the formats both read.
    for encoding in [
        WavEncoding::PcmS16Le,
        WavEncoding::MuLaw,
        WavEncoding::ALaw,
        WavEncoding::FloatF32Le,
    ] {
        let file = wav_file(
            &fmt_body(encoding, 2, 8000, false),
            &loud_samples(encoding, 4000, 2),
            None,
        );
        let (out, _) =
            redact_bytes(&file, &[TimeRange::new(100, 200)], RedactionStyle::Silence).unwrap();
        let decoded = decode_wav_with_symphonia(out);
        assert_eq!(decoded.len(), 8000, "{encoding:?}");
        for (i, value) in decoded.iter().enumerate() {
            let frame = i / 2;
            let inside = (800..1600).contains(&frame);
            assert_eq!(
                value.abs() <= ALAW_SILENCE_MAGNITUDE as f32,
                inside,
                "{encoding:?} sample {i}: {value}"
            );
        }
    }
}

fn decode_wav_with_symphonia(file: Vec<u8>) -> Vec<f32> {
    let source = MediaSourceStream::new(Box::new(std::io::Cursor::new(file)), Default::default());
    let mut hint = Hint::new();
    hint.with_extension("wav");
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            source,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .unwrap();
    let mut reader = probed.format;
    let params = reader.default_track().unwrap().codec_params.clone();
    let mut decoder = symphonia::default::get_codecs()
        .make(&params, &DecoderOptions::default())
        .unwrap();
    let mut all = Vec::new();
    while let Ok(packet) = reader.next_packet() {
        let decoded = decoder.decode(&packet).unwrap();
        let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, *decoded.spec());
        buffer.copy_interleaved_ref(decoded);
        all.extend_from_slice(buffer.samples());
    }
    all
}

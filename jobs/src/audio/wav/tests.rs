use super::testing::*;
use super::*;

const ALL_ENCODINGS: [WavEncoding; 8] = [
    WavEncoding::PcmU8,
    WavEncoding::PcmS16Le,
    WavEncoding::PcmS24Le,
    WavEncoding::PcmS32Le,
    WavEncoding::FloatF32Le,
    WavEncoding::FloatF64Le,
    WavEncoding::MuLaw,
    WavEncoding::ALaw,
];

fn redact_vec(file: &[u8], ranges: &[TimeRange], style: RedactionStyle) -> Vec<u8> {
    let mut out = Vec::new();
    redact_wav(file, &mut out, ranges, style).expect("redaction succeeds");
    out
}

/// Offset of the sample data in a file built by `wav_file`.
fn data_offset(file: &[u8]) -> usize {
    file.windows(4).position(|w| w == b"data").unwrap() + 8
}

#[test]
fn silences_exactly_the_range_bytes_in_every_encoding_and_layout() {
    for encoding in ALL_ENCODINGS {
        for channels in [1u16, 2] {
            for extensible in [false, true] {
                let rate = 8000;
                let block = encoding.container_bytes() * usize::from(channels);
                let data = noise(block * 8000, 7);
                let file = wav_file(&fmt_body(encoding, channels, rate, extensible), &data, None);
                let out = redact_vec(&file, &[TimeRange::new(250, 500)], RedactionStyle::Silence);

                assert_eq!(out.len(), file.len());
                let at = data_offset(&file);
                let (start, end) = (at + 2000 * block, at + 4000 * block);
                assert_eq!(out[..start], file[..start], "{encoding:?} before");
                assert_eq!(out[end..], file[end..], "{encoding:?} after");
                assert!(
                    out[start..end]
                        .iter()
                        .all(|&b| b == encoding.silence_byte()),
                    "{encoding:?} {channels}ch extensible={extensible} not silent"
                );
            }
        }
    }
}

#[test]
fn beep_is_written_on_every_channel_in_the_files_own_encoding() {
    for encoding in ALL_ENCODINGS {
        let data = noise(encoding.container_bytes() * 2 * 800, 3);
        let file = wav_file(&fmt_body(encoding, 2, 8000, false), &data, None);
        let out = redact_vec(&file, &[TimeRange::new(10, 20)], RedactionStyle::Beep);
        let width = encoding.container_bytes();
        let at = data_offset(&file) + 80 * 2 * width;
        for i in 0..80usize {
            let mut expected = vec![0u8; width];
            encoding.encode(beep_value(i as u64, 8000), &mut expected);
            let frame = &out[at + i * 2 * width..at + (i + 1) * 2 * width];
            assert_eq!(
                &frame[..width],
                &expected[..],
                "{encoding:?} left frame {i}"
            );
            assert_eq!(
                &frame[width..],
                &expected[..],
                "{encoding:?} right frame {i}"
            );
        }
        assert_ne!(out, file);
    }
}

#[test]
fn streaming_data_sizes_run_to_end_of_file() {
    for size_field in STREAMING_SIZES {
        let data = noise(2 * 16_000, 5);
        let file = wav_file(
            &fmt_body(WavEncoding::PcmS16Le, 1, 8000, false),
            &data,
            Some(size_field),
        );
        let mut out = Vec::new();
        let report = redact_wav(
            &file[..],
            &mut out,
            &[TimeRange::new(1500, 5000)],
            RedactionStyle::Silence,
        )
        .unwrap();
        let at = data_offset(&file);
        assert_eq!(out.len(), file.len());
        assert!(out[at + 2 * 12_000..].iter().all(|&b| b == 0));
        assert_eq!(out[..at + 2 * 12_000], file[..at + 2 * 12_000]);
        assert_eq!(report.duration_ms, 2000);
        assert_eq!(report.ranges_applied, 1);
    }
}

#[test]
fn frames_straddling_buffer_boundaries_are_beeped_correctly() {
    // 24-bit stereo: 6-byte frames do not divide the 64 KiB buffer.
    let encoding = WavEncoding::PcmS24Le;
    let data = noise(6 * 48_000, 11);
    let file = wav_file(&fmt_body(encoding, 2, 48_000, false), &data, None);
    let out = redact_vec(&file, &[TimeRange::new(0, 1000)], RedactionStyle::Beep);
    let at = data_offset(&file);
    for frame in [0usize, 10_922, 10_923, 21_845, 47_999] {
        let mut expected = [0u8; 3];
        encoding.encode(beep_value(frame as u64, 48_000), &mut expected);
        assert_eq!(
            out[at + frame * 6..at + frame * 6 + 3],
            expected,
            "frame {frame}"
        );
        assert_eq!(
            out[at + frame * 6 + 3..at + frame * 6 + 6],
            expected,
            "frame {frame}"
        );
    }
}

#[test]
fn ranges_past_the_end_are_ignored_and_the_report_counts_what_applied() {
    let data = noise(2 * 8000, 1);
    let file = wav_file(
        &fmt_body(WavEncoding::PcmS16Le, 1, 8000, false),
        &data,
        None,
    );
    let mut out = Vec::new();
    let ranges = [
        TimeRange::new(100, 200),
        TimeRange::new(900, 5000),
        TimeRange::new(6000, 7000),
    ];
    let report = redact_wav(&file[..], &mut out, &ranges, RedactionStyle::Silence).unwrap();
    assert_eq!(report.ranges_applied, 2);
    assert_eq!(report.redacted_ms, 200);
    assert_eq!(report.format, "wav/pcm_s16le/1ch/8000Hz");
    assert_eq!(report.method, "native");
    assert_eq!(out.len(), file.len());
}

#[test]
fn rejects_truncated_and_malformed_files_with_the_format_named() {
    let data = noise(2 * 8000, 1);
    let file = wav_file(
        &fmt_body(WavEncoding::PcmS16Le, 1, 8000, false),
        &data,
        None,
    );
    let truncated = &file[..file.len() - 200];
    let error = redact_wav(truncated, &mut Vec::new(), &[], RedactionStyle::Silence).unwrap_err();
    assert!(
        matches!(&error, AudioError::Corrupt { format, .. } if format == "wav"),
        "{error}"
    );
    assert!(error.to_string().contains("ends"), "{error}");

    let mut zero_channels = fmt_body(WavEncoding::PcmS16Le, 1, 8000, false);
    zero_channels[2] = 0;
    let file = wav_file(&zero_channels, &data, None);
    assert!(redact_wav(&file[..], &mut Vec::new(), &[], RedactionStyle::Silence).is_err());

    let mut adpcm = fmt_body(WavEncoding::PcmS16Le, 1, 8000, false);
    adpcm[0] = 0x11;
    let file = wav_file(&adpcm, &data, None);
    let error = redact_wav(&file[..], &mut Vec::new(), &[], RedactionStyle::Silence).unwrap_err();
    assert!(matches!(&error, AudioError::Unsupported { format, .. } if format == "wav/ima_adpcm"));

    let no_data = &file[..data_offset(&file) - 8];
    assert!(redact_wav(no_data, &mut Vec::new(), &[], RedactionStyle::Silence).is_err());
}

fn in_place(file: &[u8], ranges: &[TimeRange], style: RedactionStyle) -> Result<Vec<u8>, String> {
    let mut copy = file.to_vec();
    redact_wav_in_place(&mut copy, ranges, style)
        .map(|_| copy)
        .map_err(|e| e.to_string())
}

fn streamed(file: &[u8], ranges: &[TimeRange], style: RedactionStyle) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    redact_wav(file, &mut out, ranges, style)
        .map(|_| out)
        .map_err(|e| e.to_string())
}

#[test]
fn in_place_and_streaming_rewrites_agree_on_every_layout() {
    let ranges = [TimeRange::new(30, 90), TimeRange::new(400, 20_000)];
    for encoding in ALL_ENCODINGS {
        for size_field in [None, Some(0), Some(u32::MAX)] {
            let data = noise(encoding.container_bytes() * 2 * 4001, 13);
            let file = wav_file(&fmt_body(encoding, 2, 8000, true), &data, size_field);
            for style in [RedactionStyle::Silence, RedactionStyle::Beep] {
                let expected = streamed(&file, &ranges, style);
                assert!(expected.is_ok(), "{encoding:?} {size_field:?}");
                assert_eq!(
                    in_place(&file, &ranges, style),
                    expected,
                    "{encoding:?} {size_field:?}"
                );
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn in_place_and_streaming_agree_on_damaged_files(
        cut in 0usize..400,
        flips in proptest::collection::vec((0usize..400, proptest::prelude::any::<u8>()), 0..4),
    ) {
        let data = noise(2 * 150, 21);
        let mut file = wav_file(&fmt_body(WavEncoding::PcmS16Le, 1, 1000, false), &data, None);
        for (at, byte) in flips {
            let len = file.len();
            file[at % len] = byte;
        }
        file.truncate(cut.min(file.len()));
        let ranges = [TimeRange::new(10, 100)];
        let streamed = streamed(&file, &ranges, RedactionStyle::Silence);
        let in_place = in_place(&file, &ranges, RedactionStyle::Silence);
        proptest::prop_assert_eq!(in_place.is_ok(), streamed.is_ok(), "{:?} vs {:?}", in_place, streamed);
        if let (Ok(a), Ok(b)) = (&in_place, &streamed) {
            proptest::prop_assert_eq!(a, b);
        }
    }
}

#[test]
fn sniff_reads_the_format_past_leading_chunks() {
    let mut file = b"RIFF\0\0\0\0WAVE".to_vec();
    push_chunk(&mut file, b"JUNK", &[0u8; 27], None);
    push_chunk(
        &mut file,
        b"fmt ",
        &fmt_body(WavEncoding::MuLaw, 2, 8000, true),
        None,
    );
    let format = sniff_wav(&file).unwrap();
    assert_eq!(format.describe(), "wav/mulaw/2ch/8000Hz");
}

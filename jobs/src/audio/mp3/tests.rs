use super::*;

/// MPEG-1 Layer III, 128 kbps, 44.1 kHz, joint stereo, no CRC.
const MPEG1_HEADER: [u8; 4] = [0xFF, 0xFB, 0x90, 0x44];

#[test]
fn parses_frame_headers_of_all_three_versions() {
    let mpeg1 = FrameHeader::parse(MPEG1_HEADER).unwrap();
    assert_eq!(
        (mpeg1.version, mpeg1.bitrate_kbps, mpeg1.sample_rate),
        (MpegVersion::Mpeg1, 128, 44_100)
    );
    assert_eq!(
        (mpeg1.frame_len, mpeg1.channels, mpeg1.has_crc),
        (417, 2, false)
    );
    // MPEG-2, 32 kbps, 16 kHz, mono, CRC.
    let mpeg2 = FrameHeader::parse([0xFF, 0xF2, 0x48, 0xC0]).unwrap();
    assert_eq!(
        (mpeg2.version, mpeg2.sample_rate, mpeg2.frame_len),
        (MpegVersion::Mpeg2, 16_000, 144)
    );
    assert!(mpeg2.has_crc);
    // MPEG-2.5, 16 kbps, 8 kHz, mono.
    let mpeg25 = FrameHeader::parse([0xFF, 0xE3, 0x28, 0xC0]).unwrap();
    assert_eq!(
        (mpeg25.version, mpeg25.sample_rate, mpeg25.frame_len),
        (MpegVersion::Mpeg25, 8_000, 144)
    );
    assert_eq!(mpeg25.samples_per_frame(), 576);
}

#[test]
fn rejects_other_layers_and_reserved_fields() {
    assert_eq!(
        FrameHeader::parse([0xFF, 0xFD, 0x90, 0x44]),
        Err(HeaderProblem::Unsupported("MPEG layer II audio"))
    );
    assert_eq!(
        FrameHeader::parse([0xFF, 0xFB, 0x00, 0x44]),
        Err(HeaderProblem::Unsupported("free-format bitrate"))
    );
    assert_eq!(
        FrameHeader::parse([0xFF, 0xFB, 0x9C, 0x44]),
        Err(HeaderProblem::Invalid("reserved sample rate"))
    );
    assert_eq!(FrameHeader::parse(*b"RIFF"), Err(HeaderProblem::NoSync));
}

#[test]
fn side_info_sums_part2_3_lengths_of_every_granule_and_channel() {
    let header = FrameHeader::parse([0xFF, 0xFB, 0x90, 0xC4]).unwrap(); // mono
    let mut side = [0u8; 17];
    // main_data_begin = 300 (9 bits), then 5 private + 4 scfsi bits, then p23 = 1000.
    let mut bits: Vec<u8> = Vec::new();
    let mut push = |value: u64, count: usize| {
        for bit in (0..count).rev() {
            bits.push(((value >> bit) & 1) as u8);
        }
    };
    push(300, 9);
    push(0, 9);
    push(1000, 12);
    push(0, 47);
    push(24, 12);
    for (i, bit) in bits.iter().enumerate() {
        side[i / 8] |= bit << (7 - i % 8);
    }
    let info = SideInfo::parse(&side, &header);
    assert_eq!(info.main_data_begin, 300);
    assert_eq!(info.main_data_bits, 1024);
    assert_eq!(info.main_data_bytes(), 128);
}

#[test]
fn crc_is_the_mpeg_crc16_with_the_standard_check_value() {
    // CRC-16 with polynomial 0x8005, initial 0xFFFF, no reflection: "123456789" -> 0xAEE7.
    assert_eq!(crc16(b"123456789".iter()), 0xAEE7);
    let header = FrameHeader::parse([0xFF, 0xF2, 0x48, 0xC0]).unwrap(); // MPEG-2 mono, CRC
    let mut frame = vec![0u8; header.frame_len];
    frame[2..4].copy_from_slice(b"12");
    frame[6..15].copy_from_slice(b"3456789ab");
    assert_eq!(frame_crc(&frame, &header), crc16(b"123456789ab".iter()));
}

#[test]
fn frame_plan_covers_decoder_history_and_whole_frames() {
    let header = FrameHeader::parse(MPEG1_HEADER).unwrap();
    let lame = Some(LameDelay {
        encoder_delay: 576,
        padding: 0,
    });
    // Samples 44100..88200 decode at +1105: granules 78..155, minus 2 of history → 76.
    let mut plan = FramePlan::new(&[TimeRange::new(1000, 2000)], &header, lame);
    assert_eq!(plan.spans, vec![(38, 77)]);
    assert!(!plan.covers(37) && plan.covers(38) && plan.covers(77) && !plan.covers(78));
    let unknown = FramePlan::new(&[TimeRange::new(1000, 2000)], &header, None);
    assert_eq!(unknown.spans, vec![(37, 78)]);
}

#[test]
fn beep_is_refused_before_anything_is_written() {
    let mut out = Vec::new();
    let error = redact_mp3(&MPEG1_HEADER[..], &mut out, &[], RedactionStyle::Beep).unwrap_err();
    assert!(matches!(&error, AudioError::Unsupported { format, .. } if format == "mp3"));
    assert!(out.is_empty());
}

#[test]
fn truncated_frames_and_lost_sync_are_corrupt() {
    let mut file = vec![0u8; 417 * 2];
    file[..4].copy_from_slice(&MPEG1_HEADER);
    file[417..421].copy_from_slice(&MPEG1_HEADER);
    let ok = redact_mp3(&file[..], &mut Vec::new(), &[], RedactionStyle::Silence).unwrap();
    assert_eq!(ok.format, "mp3/mpeg1-layer3/2ch/44100Hz");
    for bad in [&file[..600], &[&file[..417], &b"garbage!"[..]].concat()[..]] {
        let error = redact_mp3(bad, &mut Vec::new(), &[], RedactionStyle::Silence).unwrap_err();
        assert!(
            matches!(&error, AudioError::Corrupt { format, .. } if format == "mp3"),
            "{error}"
        );
    }
}

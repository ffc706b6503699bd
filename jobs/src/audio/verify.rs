//! Independent check of a redacted file before it is committed: decode it by a second path and
//! confirm every range is silent (or holds only the beep).
//!
//! WAV is decoded here from scratch (its own chunk scan and sample decoders, G.711 by the
//! decoding formulas rather than the encoder), because symphonia refuses the streaming `data`
//! sizes (0 / 0xFFFFFFFF) that call recorders write. MP3 is decoded by symphonia: silence
//! (native) must decode to exact zeros; a beep (re-encoded, so lossy) must pass the tolerant
//! tone check of [`super::beep_check`].

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::DecoderOptions;
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use super::beep_check::BeepCheck;
use super::g711::{alaw_to_linear, mulaw_to_linear};
use super::mp3::{StreamStart, looks_like_mp3, read_stream_start};
use super::ranges::normalize;
use super::tone::beep_value;
use super::{AudioError, RedactionStyle, TimeRange};

/// a-law cannot encode 0; its quietest code decodes to 8 of 32768. Everything else must be
/// exactly 0.
const ALAW_SILENCE_MAGNITUDE: f64 = 8.0 / 32768.0;

/// Independent check with a second decoder: every range silent (or only the beep); Err
/// otherwise. Ranges past the end of the audio are checked as far as the audio goes.
pub fn verify_redacted(
    output: &[u8],
    ranges: &[TimeRange],
    style: RedactionStyle,
) -> Result<(), AudioError> {
    let ranges = normalize(ranges);
    if output.starts_with(b"RIFF") {
        verify_wav(output, &ranges, style)
    } else if looks_like_mp3(output) {
        verify_mp3(output, &ranges, style)
    } else {
        Err(AudioError::Unsupported {
            format: "unknown".into(),
            reason: "verification reads only WAV and MP3".into(),
        })
    }
}

/// The few `fmt ` fields needed to decode samples, read independently of the redactor.
struct PcmLayout {
    format_tag: u16,
    channels: usize,
    sample_rate: u32,
    sample_bytes: usize,
}

fn verify_wav(file: &[u8], ranges: &[TimeRange], style: RedactionStyle) -> Result<(), AudioError> {
    let (layout, samples) = locate_wav_samples(file)?;
    let frame_bytes = layout.channels * layout.sample_bytes;
    let total_frames = (samples.len() / frame_bytes) as u64;
    for (range_index, range) in ranges.iter().enumerate() {
        let (start, end) = range.to_frames(layout.sample_rate);
        for frame in start..end.min(total_frames) {
            let expected = match style {
                RedactionStyle::Silence => 0.0,
                RedactionStyle::Beep => beep_value(frame - start, layout.sample_rate),
            };
            let tolerance = match style {
                RedactionStyle::Silence if layout.format_tag == 6 => ALAW_SILENCE_MAGNITUDE,
                RedactionStyle::Silence => 0.0,
                // One quantisation step of the coarsest (8-bit) encodings at the beep's level.
                RedactionStyle::Beep if layout.sample_bytes == 1 => 0.02,
                RedactionStyle::Beep => 2e-4,
            };
            let at = frame as usize * frame_bytes;
            for channel in 0..layout.channels {
                let bytes = &samples[at + channel * layout.sample_bytes..][..layout.sample_bytes];
                let value = decode_sample(&layout, bytes);
                // NaN fails too: a float file full of NaNs is not silence.
                if value.is_nan() || (value - expected).abs() > tolerance {
                    return Err(AudioError::VerificationFailed {
                        format: "wav".into(),
                        range_index,
                        start_ms: range.start_ms,
                        end_ms: range.end_ms,
                        reason: format!(
                            "frame {frame} channel {channel} decodes to {value:.5}, expected {expected:.5}"
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Find `fmt ` and the sample bytes by a plain scan of the chunk list.
fn locate_wav_samples(file: &[u8]) -> Result<(PcmLayout, &[u8]), AudioError> {
    let corrupt = |reason: &str| AudioError::Corrupt {
        format: "wav".into(),
        reason: reason.into(),
    };
    let mut layout = None;
    let mut at = 12usize;
    while at + 8 <= file.len() {
        let size = u32::from_le_bytes([file[at + 4], file[at + 5], file[at + 6], file[at + 7]]);
        let body_start = at + 8;
        let body_end = body_start.saturating_add(size as usize);
        match &file[at..at + 4] {
            b"fmt " => {
                let body = file
                    .get(body_start..body_end)
                    .ok_or_else(|| corrupt("fmt chunk cut short"))?;
                layout = Some(read_layout(body)?);
            }
            b"data" => {
                let layout = layout.ok_or_else(|| corrupt("data chunk before the fmt chunk"))?;
                let end = if size == 0 || size == u32::MAX {
                    file.len()
                } else {
                    body_end
                };
                let samples = file
                    .get(body_start..end)
                    .ok_or_else(|| corrupt("data chunk cut short"))?;
                return Ok((layout, samples));
            }
            _ => {}
        }
        at = body_end.saturating_add(size as usize & 1);
    }
    Err(corrupt("no data chunk"))
}

fn read_layout(body: &[u8]) -> Result<PcmLayout, AudioError> {
    let field = |at: usize| {
        body.get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let unreadable = || AudioError::Corrupt {
        format: "wav".into(),
        reason: "unreadable fmt chunk".into(),
    };
    let mut format_tag = field(0).ok_or_else(unreadable)?;
    let channels = usize::from(field(2).ok_or_else(unreadable)?);
    let sample_rate = u32::from(field(4).ok_or_else(unreadable)?)
        | (u32::from(field(6).ok_or_else(unreadable)?) << 16);
    let block_align = usize::from(field(12).ok_or_else(unreadable)?);
    if format_tag == 0xFFFE {
        format_tag = field(24).ok_or_else(unreadable)?;
    }
    if channels == 0 || block_align == 0 || block_align % channels != 0 || sample_rate == 0 {
        return Err(unreadable());
    }
    let sample_bytes = block_align / channels;
    let decodable = matches!(
        (format_tag, sample_bytes),
        (1, 1..=4) | (3, 4) | (3, 8) | (6, 1) | (7, 1)
    );
    if !decodable {
        return Err(AudioError::Unsupported {
            format: format!("wav/format_tag_{format_tag:#06x}"),
            reason: format!("cannot verify {sample_bytes}-byte samples of this format"),
        });
    }
    Ok(PcmLayout {
        format_tag,
        channels,
        sample_rate,
        sample_bytes,
    })
}

/// Decode one sample to [-1, 1].
fn decode_sample(layout: &PcmLayout, bytes: &[u8]) -> f64 {
    match (layout.format_tag, bytes.len()) {
        (1, 1) => (f64::from(bytes[0]) - 128.0) / 128.0,
        (1, width) => {
            // Little-endian two's complement of any width: sign-extend from the top byte.
            let mut value = i64::from(bytes[width - 1] as i8);
            for &byte in bytes[..width - 1].iter().rev() {
                value = (value << 8) | i64::from(byte);
            }
            value as f64 / (1i64 << (8 * width - 1)) as f64
        }
        (3, 4) => f64::from(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])),
        (3, _) => f64::from_le_bytes(bytes.try_into().unwrap_or([0xFF; 8])),
        (6, _) => f64::from(alaw_to_linear(bytes[0])) / 32768.0,
        _ => f64::from(mulaw_to_linear(bytes[0])) / 32768.0,
    }
}

/// Decode with symphonia (gapless, so sample n of the source is output sample n when the LAME
/// tag gives the delay) and require exact zeros inside every range, or only the beep.
fn verify_mp3(file: &[u8], ranges: &[TimeRange], style: RedactionStyle) -> Result<(), AudioError> {
    let decode_error = |error: SymphoniaError| AudioError::Corrupt {
        format: "mp3".into(),
        reason: format!("verification decoder: {error}"),
    };
    // symphonia needs an owned source; an MP3 is about 1 MB per hour-channel at call bitrates.
    let source = MediaSourceStream::new(
        Box::new(std::io::Cursor::new(file.to_vec())),
        Default::default(),
    );
    let mut hint = Hint::new();
    hint.with_extension("mp3");
    let format_options = FormatOptions {
        enable_gapless: true,
        ..Default::default()
    };
    let probed = symphonia::default::get_probe()
        .format(&hint, source, &format_options, &MetadataOptions::default())
        .map_err(decode_error)?;
    let mut reader = probed.format;
    let track = reader
        .default_track()
        .ok_or_else(|| decode_error(SymphoniaError::Unsupported("no track")))?;
    let track_id = track.id;
    let sample_rate = track.codec_params.sample_rate.unwrap_or(1);
    let symphonia_trims = track.codec_params.delay.is_some();
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(decode_error)?;
    let start = read_stream_start(file)
        .ok_or_else(|| decode_error(SymphoniaError::Unsupported("no readable first frame")))?;

    let mut check: Option<RangeCheck> = None;
    let mut position = 0u64;
    let mut samples: Option<SampleBuffer<f32>> = None;
    loop {
        let packet = match reader.next_packet() {
            Ok(packet) => packet,
            Err(SymphoniaError::IoError(error))
                if error.kind() == std::io::ErrorKind::UnexpectedEof =>
            {
                break;
            }
            Err(error) => return Err(decode_error(error)),
        };
        // The first packet tells whether symphonia took the tag frame for audio.
        let check = check.get_or_insert_with(|| {
            let shift =
                decoded_position_of_source_start(&start, symphonia_trims, file, packet.buf());
            let windows: Vec<(u64, u64)> = ranges
                .iter()
                .map(|range| {
                    let (from, to) = range.to_frames(sample_rate);
                    (from.saturating_add(shift), to.saturating_add(shift))
                })
                .collect();
            match style {
                RedactionStyle::Silence => RangeCheck::Zeros(windows),
                RedactionStyle::Beep => RangeCheck::Beep(BeepCheck::new(
                    &windows,
                    sample_rate,
                    start.samples_per_frame,
                )),
            }
        });
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(decoded) => decoded,
            Err(SymphoniaError::DecodeError(why)) => {
                // An undecodable frame plays as nothing; it must not sit inside a range.
                let length = packet
                    .dur
                    .saturating_sub(u64::from(packet.trim_start + packet.trim_end));
                if let Some(index) = check.overlapping(position, position + length) {
                    return Err(failure(
                        ranges,
                        index,
                        format!("frame at sample {position} undecodable: {why}"),
                    ));
                }
                position += length;
                continue;
            }
            Err(error) => return Err(decode_error(error)),
        };
        let frames = decoded.frames() as u64;
        if frames == 0 {
            continue;
        }
        if let Some(index) = check.overlapping(position, position + frames) {
            let spec = *decoded.spec();
            let buffer =
                samples.get_or_insert_with(|| SampleBuffer::new(decoded.capacity() as u64, spec));
            if buffer.capacity() < decoded.capacity() {
                *buffer = SampleBuffer::new(decoded.capacity() as u64, spec);
            }
            buffer.copy_interleaved_ref(decoded);
            let channels = spec.channels.count().max(1);
            match check {
                RangeCheck::Zeros(windows) => {
                    check_zeros(buffer.samples(), channels, position, windows, index, ranges)?
                }
                RangeCheck::Beep(beep) => beep
                    .feed(position, buffer.samples(), channels)
                    .map_err(|(index, reason)| failure(ranges, index, reason))?,
            }
        }
        position += frames;
        if let RangeCheck::Beep(beep) = check {
            beep.reached(position)
                .map_err(|(index, reason)| failure(ranges, index, reason))?;
        }
    }
    if let Some(RangeCheck::Beep(beep)) = check {
        beep.finish()
            .map_err(|(index, reason)| failure(ranges, index, reason))?;
    }
    Ok(())
}

/// What every range must decode to.
enum RangeCheck {
    /// Exact zeros inside these decoded spans (native silence).
    Zeros(Vec<(u64, u64)>),
    /// Only the beep, within a lossy codec's tolerance (re-encoded).
    Beep(BeepCheck),
}

impl RangeCheck {
    /// A range (its index) whose check needs decoded frames `[start, end)`.
    fn overlapping(&self, start: u64, end: u64) -> Option<usize> {
        match self {
            Self::Zeros(windows) => overlapping(windows, start, end),
            Self::Beep(beep) => beep.overlapping(start, end),
        }
    }
}

/// Where source sample 0 appears in symphonia's output. When symphonia read the LAME tag it
/// trims the delay itself; otherwise the delay is ours to add, plus one frame of silence if
/// symphonia failed to recognise the tag frame and decoded it as audio (it misses the Info
/// frame of CRC-protected LAME files, for instance).
fn decoded_position_of_source_start(
    start: &StreamStart,
    trims: bool,
    file: &[u8],
    first_packet: &[u8],
) -> u64 {
    if trims {
        return 0;
    }
    let tag_decoded_as_audio = start
        .tag_frame
        .clone()
        .is_some_and(|span| file[span] == *first_packet);
    start.total_delay()
        + if tag_decoded_as_audio {
            start.samples_per_frame
        } else {
            0
        }
}

/// First window overlapping `[start, end)`, if any.
fn overlapping(windows: &[(u64, u64)], start: u64, end: u64) -> Option<usize> {
    windows
        .iter()
        .position(|&(from, to)| from < end && start < to)
}

fn check_zeros(
    interleaved: &[f32],
    channels: usize,
    position: u64,
    windows: &[(u64, u64)],
    first_index: usize,
    ranges: &[TimeRange],
) -> Result<(), AudioError> {
    let end = position + (interleaved.len() / channels) as u64;
    for (index, &(from, to)) in windows.iter().enumerate().skip(first_index) {
        if from >= end {
            break;
        }
        let lo = from.max(position);
        let hi = to.min(end);
        for frame in lo..hi {
            let at = (frame - position) as usize * channels;
            if let Some(value) = interleaved[at..at + channels]
                .iter()
                .find(|value| **value != 0.0)
            {
                return Err(failure(
                    ranges,
                    index,
                    format!("sample {frame} decodes to {value}, not 0"),
                ));
            }
        }
    }
    Ok(())
}

fn failure(ranges: &[TimeRange], range_index: usize, reason: String) -> AudioError {
    AudioError::VerificationFailed {
        format: "mp3".into(),
        range_index,
        start_ms: ranges[range_index].start_ms,
        end_ms: ranges[range_index].end_ms,
        reason,
    }
}

#[cfg(test)]
mod tests;

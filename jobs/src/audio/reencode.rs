//! Decode → beep (or mute) → re-encode, for what cannot be redacted natively: today a beep in
//! MP3 (native MP3 redaction can only silence, see [`super::mp3`]).
//!
//! Streaming: frames are read one at a time by the native path's [`FrameReader`], decoded by
//! symphonia's MP3 decoder, every channel inside a range overwritten with the beep
//! ([`beep_value`]) or zeros, and the PCM encoded by LAME at the original's sample rate,
//! channel count and bitrate (constant stays constant; a variable bitrate becomes ABR at the
//! original's average; stereo is coded as plain stereo, see [`Mp3Encoder::new`]). Memory is a few frames of PCM, plus the encoded stream when a LAME tag
//! has to lead it: the tag is only known at the end and the output cannot seek (about 1 MB per
//! hour at call bitrates). Tags before the audio are copied first, the others after it.
//!
//! Timing: ranges are positions in the source timeline, as everywhere in this module, where
//! source sample n is decoded at n + encoder delay + [`DECODER_DELAY`] (the LAME tag's delay,
//! else [`DEFAULT_ENCODER_DELAY`]). The re-encoder drops exactly that lead-in from its decode,
//! and for a tagged stream the end padding too, so its PCM is the source timeline; LAME adds
//! its own 576 + 529 back, and the output carries a LAME tag exactly when the original did:
//! - a decoder that honours the tag plays source sample n at n in both files;
//! - one that ignores it plays it at n + 1105 in the output and at n + delay + 529 in the
//!   original: the same place when the original came from LAME or ffmpeg (delay 576);
//! - an untagged original gives an untagged output: every decoder plays source sample n at
//!   n + 1105 in both, which is what the verifier assumes for untagged streams.
//!
//! Duration is kept exactly for tagged streams and to the frame for untagged ones.

use std::ffi::c_int;
use std::io::{Read, Write};
use std::num::NonZeroU32;

use mp3lame_encoder::{
    Builder, Encoder, FlushGap, InterleavedPcm, Mode, MonoPcm, Quality, VbrMode,
    max_required_buffer_size,
};
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_MP3, CodecParameters, Decoder, DecoderOptions};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::Packet;

use super::mp3::{
    DECODER_DELAY, DEFAULT_ENCODER_DELAY, FrameHeader, FrameReader, InfoTag, Unit, corrupt,
    read_info_tag,
};
use super::tone::beep_value;
use super::{AudioError, RedactionMethod, RedactionReport, RedactionStyle, TimeRange};

const FORMAT: &str = "mp3";
/// Audio frames read before the encoder is set up, to tell a constant bitrate from a variable
/// one in a stream without a Xing/Info tag (1.5 to 4.6 s of audio).
const BITRATE_LOOKAHEAD_FRAMES: usize = 64;
/// LAME's fast mode (`-q 7`: a cheaper quantization search, no noise shaping), about twice the
/// speed of its default `-q 5`: 0.37 against 0.23 audio-hours per CPU-second at 8 kHz mono
/// (benches/audio.rs), for speech that was lossy already.
const ENCODER_QUALITY: Quality = Quality::Ok;

/// Rewrite an MP3 stream with every range replaced by the beep (or silence), re-encoded; see
/// [`super::redact`]. Ranges must be normalized (sorted, disjoint).
pub fn reencode_mp3<R: Read, W: Write>(
    input: R,
    mut output: W,
    ranges: &[TimeRange],
    style: RedactionStyle,
) -> Result<RedactionReport, AudioError> {
    let mut frames = FrameReader::new(input);
    let mut trailing_tags = Vec::new();
    let head = read_stream_head(&mut frames, &mut output, &mut trailing_tags)?;
    let mut pipeline = Pipeline::new(&head, ranges, style)?;

    for frame in &head.lookahead {
        pipeline.push_frame(frame, &mut output)?;
    }
    while let Some(unit) = frames.next_unit()? {
        match unit {
            Unit::Tag(tag) => frames.copy_tag(tag, &mut trailing_tags)?,
            Unit::Frame { bytes, .. } => pipeline.push_frame(&bytes, &mut output)?,
        }
    }

    let report = pipeline.finish(&mut output)?;
    output.write_all(&trailing_tags)?;
    output.flush()?;
    Ok(report)
}

/// The start of a stream: its first audio frames, and what they and the tag frame say.
struct StreamHead {
    /// Of the first audio frame (the Xing/Info frame's may differ).
    header: FrameHeader,
    info: Option<InfoTag>,
    /// The first audio frames, not yet decoded.
    lookahead: Vec<Vec<u8>>,
    lookahead_bitrates: Vec<u32>,
}

/// Read up to [`BITRATE_LOOKAHEAD_FRAMES`] audio frames, copying tags before the audio to
/// `output` and later ones to `trailing_tags`.
fn read_stream_head<R: Read, W: Write>(
    frames: &mut FrameReader<R>,
    output: &mut W,
    trailing_tags: &mut Vec<u8>,
) -> Result<StreamHead, AudioError> {
    let mut info = None;
    let mut seen_a_frame = false;
    let mut first_audio: Option<FrameHeader> = None;
    let mut lookahead = Vec::new();
    let mut lookahead_bitrates = Vec::new();
    while lookahead.len() < BITRATE_LOOKAHEAD_FRAMES {
        match frames.next_unit()? {
            None => break,
            Some(Unit::Tag(tag)) if !seen_a_frame => frames.copy_tag(tag, output)?,
            Some(Unit::Tag(tag)) => frames.copy_tag(tag, trailing_tags)?,
            Some(Unit::Frame { header, bytes }) => {
                if !seen_a_frame {
                    seen_a_frame = true;
                    // The Xing/Info frame holds no audio; its LAME tag gives the timing.
                    if let Some(tag) = read_info_tag(&bytes, &header) {
                        info = Some(tag);
                        continue;
                    }
                }
                first_audio.get_or_insert(header);
                lookahead_bitrates.push(header.bitrate_kbps);
                lookahead.push(bytes);
            }
        }
    }
    let header = first_audio.ok_or_else(|| corrupt("no MPEG audio frames".into()))?;
    Ok(StreamHead {
        header,
        info,
        lookahead,
        lookahead_bitrates,
    })
}

/// Decoder, range overwriting and encoder, fed one frame at a time.
struct Pipeline {
    header: FrameHeader,
    decoder: FrameDecoder,
    timeline: SourceTimeline,
    ranges: RangeWriter,
    encoder: Mp3Encoder,
}

impl Pipeline {
    fn new(
        head: &StreamHead,
        ranges: &[TimeRange],
        style: RedactionStyle,
    ) -> Result<Self, AudioError> {
        let header = head.header;
        let lame = head.info.as_ref().and_then(|info| info.lame);
        let encoder_delay = lame.map_or(DEFAULT_ENCODER_DELAY, |lame| lame.encoder_delay);
        let timeline = SourceTimeline {
            channels: usize::from(header.channels),
            lead_in: encoder_delay + DECODER_DELAY,
            // The decoder's last padding - 529 frames follow the last source sample.
            tail: lame.map_or(0, |lame| lame.padding.saturating_sub(DECODER_DELAY)) as usize,
            pending: Vec::new(),
            position: 0,
        };
        Ok(Self {
            header,
            decoder: FrameDecoder::new(&header)?,
            timeline,
            ranges: RangeWriter::new(ranges, header.sample_rate, style),
            encoder: Mp3Encoder::new(&header, choose_bitrate(head), lame.is_some())?,
        })
    }

    fn push_frame<W: Write>(&mut self, frame: &[u8], output: &mut W) -> Result<(), AudioError> {
        let decoded = self.decoder.decode(frame)?;
        let (position, pcm) = self.timeline.push(decoded);
        self.ranges
            .apply(position, pcm, usize::from(self.header.channels));
        self.encoder.encode(pcm, output)?;
        self.timeline.consume();
        Ok(())
    }

    fn finish<W: Write>(self, output: &mut W) -> Result<RedactionReport, AudioError> {
        let source_frames = self.timeline.position;
        if self.decoder.decoded_frames == 0 {
            return Err(corrupt(format!(
                "none of its {} frames decodes",
                self.decoder.undecodable_frames
            )));
        }
        if source_frames == 0 {
            return Err(corrupt("no audio after the encoder delay".into()));
        }
        if self.decoder.undecodable_frames > 0 {
            tracing::warn!(
                frames = self.decoder.undecodable_frames,
                "undecodable MP3 frames re-encoded as silence"
            );
        }
        self.encoder.finish(output)?;
        let rate = u64::from(self.header.sample_rate);
        Ok(RedactionReport {
            format: self.header.describe(),
            method: RedactionMethod::Reencode.name().into(),
            ranges_applied: self.ranges.applied(source_frames),
            duration_ms: source_frames * 1000 / rate,
            redacted_ms: self.ranges.overwritten_frames * 1000 / rate,
        })
    }
}

/// The bitrate to encode at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bitrate {
    Constant(u32),
    /// LAME's ABR: close to the original's size, quality where the audio needs it.
    Average(u32),
}

/// The original's bitrate: constant when the tag says `Info` (or there is no tag) and the first
/// frames agree; otherwise its average, from the Xing tag's counts or the frames read.
fn choose_bitrate(head: &StreamHead) -> Bitrate {
    let first = head.header.bitrate_kbps;
    let declared_variable = head.info.as_ref().is_some_and(|info| info.variable_bitrate);
    let varies = head.lookahead_bitrates.iter().any(|&kbps| kbps != first);
    if !declared_variable && !varies {
        return Bitrate::Constant(first);
    }
    let from_tag = head
        .info
        .as_ref()
        .and_then(|info| info.frames_and_bytes)
        .filter(|&(frames, bytes)| frames > 0 && bytes > 0)
        .map(|(frames, bytes)| {
            let seconds_x1000 = frames * head.header.samples_per_frame() * 1000;
            (bytes * 8 * u64::from(head.header.sample_rate) / seconds_x1000) as u32
        });
    let from_frames = || {
        let sum: u32 = head.lookahead_bitrates.iter().sum();
        sum / head.lookahead_bitrates.len().max(1) as u32
    };
    Bitrate::Average(from_tag.unwrap_or_else(from_frames).max(8))
}

/// symphonia's MP3 decoder fed whole frames (the Xing/Info frame excluded).
struct FrameDecoder {
    decoder: Box<dyn Decoder>,
    samples: Option<SampleBuffer<f32>>,
    silence: Vec<f32>,
    decoded_frames: u64,
    undecodable_frames: u64,
}

impl FrameDecoder {
    fn new(header: &FrameHeader) -> Result<Self, AudioError> {
        let mut params = CodecParameters::new();
        params
            .for_codec(CODEC_TYPE_MP3)
            .with_sample_rate(header.sample_rate);
        let decoder = symphonia::default::get_codecs()
            .make(&params, &DecoderOptions::default())
            .map_err(|error| AudioError::Unsupported {
                format: FORMAT.into(),
                reason: format!("no MP3 decoder: {error}"),
            })?;
        let silence_len = (header.samples_per_frame() * u64::from(header.channels)) as usize;
        Ok(Self {
            decoder,
            samples: None,
            silence: vec![0.0; silence_len],
            decoded_frames: 0,
            undecodable_frames: 0,
        })
    }

    /// Interleaved samples of one frame. A frame whose data does not decode plays as silence,
    /// as in any player, so the timeline stays in step.
    fn decode(&mut self, frame: &[u8]) -> Result<&[f32], AudioError> {
        let packet = Packet::new_from_slice(0, 0, 0, frame);
        match self.decoder.decode(&packet) {
            Ok(decoded) => {
                self.decoded_frames += 1;
                let spec = *decoded.spec();
                let capacity = decoded.capacity() as u64;
                let buffer = self
                    .samples
                    .get_or_insert_with(|| SampleBuffer::new(capacity, spec));
                if buffer.capacity() < decoded.capacity() {
                    *buffer = SampleBuffer::new(capacity, spec);
                }
                buffer.copy_interleaved_ref(decoded);
                Ok(buffer.samples())
            }
            Err(SymphoniaError::DecodeError(_)) => {
                self.undecodable_frames += 1;
                Ok(&self.silence)
            }
            Err(error) => Err(corrupt(format!("decoder: {error}"))),
        }
    }
}

/// Decoded samples mapped onto the source timeline: the decoder's lead-in dropped, and the
/// original's end padding held back until the stream ends (then dropped).
struct SourceTimeline {
    channels: usize,
    /// Decoded frames still to drop.
    lead_in: u64,
    /// Frames never released until more follow.
    tail: usize,
    /// Interleaved; source frame `position` first.
    pending: Vec<f32>,
    position: u64,
}

impl SourceTimeline {
    /// Add a decoded frame; returns the source position and the samples ready to encode.
    fn push(&mut self, decoded: &[f32]) -> (u64, &mut [f32]) {
        let frames = (decoded.len() / self.channels) as u64;
        let skip = self.lead_in.min(frames);
        self.lead_in -= skip;
        self.pending
            .extend_from_slice(&decoded[skip as usize * self.channels..]);
        let ready = (self.pending.len() / self.channels).saturating_sub(self.tail);
        (self.position, &mut self.pending[..ready * self.channels])
    }

    /// The samples returned by the last [`Self::push`] have been encoded.
    fn consume(&mut self) {
        let ready = (self.pending.len() / self.channels).saturating_sub(self.tail);
        self.pending.drain(..ready * self.channels);
        self.position += ready as u64;
    }
}

/// Overwrites the ranges, in source frames, as the timeline passes them.
struct RangeWriter {
    spans: Vec<(u64, u64)>,
    next: usize,
    style: RedactionStyle,
    sample_rate: u32,
    overwritten_frames: u64,
}

impl RangeWriter {
    fn new(ranges: &[TimeRange], sample_rate: u32, style: RedactionStyle) -> Self {
        Self {
            spans: ranges
                .iter()
                .map(|range| range.to_frames(sample_rate))
                .collect(),
            next: 0,
            style,
            sample_rate,
            overwritten_frames: 0,
        }
    }

    fn apply(&mut self, position: u64, pcm: &mut [f32], channels: usize) {
        let end = position + (pcm.len() / channels) as u64;
        while self
            .spans
            .get(self.next)
            .is_some_and(|span| span.1 <= position)
        {
            self.next += 1;
        }
        for &(start, stop) in &self.spans[self.next..] {
            if start >= end {
                break;
            }
            let (lo, hi) = (start.max(position), stop.min(end));
            for frame in lo..hi {
                let value = match self.style {
                    RedactionStyle::Silence => 0.0,
                    RedactionStyle::Beep => beep_value(frame - start, self.sample_rate) as f32,
                };
                let at = (frame - position) as usize * channels;
                pcm[at..at + channels].fill(value);
            }
            self.overwritten_frames += hi - lo;
        }
    }

    /// Ranges that overlap `[0, source_frames)`.
    fn applied(&self, source_frames: u64) -> usize {
        self.spans
            .iter()
            .filter(|span| span.0 < source_frames)
            .count()
    }
}

/// LAME, and where its output goes.
struct Mp3Encoder {
    lame: Encoder,
    mono: bool,
    /// Everything encoded so far, when the LAME tag must be put in front of it at the end;
    /// otherwise each chunk is written straight through.
    held: Option<Vec<u8>>,
    chunk: Vec<u8>,
}

impl Mp3Encoder {
    fn new(header: &FrameHeader, bitrate: Bitrate, write_tag: bool) -> Result<Self, AudioError> {
        let refused = |what: String| AudioError::Unsupported {
            format: header.describe(),
            reason: format!("the MP3 encoder refused {what}"),
        };
        let mut builder = Builder::new().ok_or_else(|| refused("to start".into()))?;
        let (channels, rate) = (header.channels, header.sample_rate);
        builder
            .set_num_channels(channels as u8)
            .map_err(|e| refused(format!("{channels} channels ({e})")))?;
        builder
            .set_sample_rate(rate)
            .map_err(|e| refused(format!("{rate} Hz ({e})")))?;
        // Without this LAME resamples low bitrates down, changing the timeline.
        builder
            .set_output_sample_rate(NonZeroU32::new(rate))
            .map_err(|e| refused(format!("{rate} Hz output ({e})")))?;
        // Plain stereo, not joint: the beep is the same on both channels, so a joint-stereo
        // side channel would carry no data, and symphonia (the verifier's decoder) rejects a
        // frame whose data ends just before such an empty channel.
        builder
            .set_mode(if channels == 1 {
                Mode::Mono
            } else {
                Mode::Stereo
            })
            .map_err(|e| refused(format!("the channel mode ({e})")))?;
        builder
            .set_quality(ENCODER_QUALITY)
            .map_err(|e| refused(format!("the quality ({e})")))?;
        builder
            .set_to_write_vbr_tag(write_tag)
            .map_err(|e| refused(format!("a LAME tag ({e})")))?;
        let (mode, kbps) = match bitrate {
            Bitrate::Constant(kbps) => (VbrMode::Off, kbps),
            Bitrate::Average(kbps) => (VbrMode::Abr, kbps),
        };
        builder
            .set_vbr_mode(mode)
            .map_err(|e| refused(format!("{bitrate:?} ({e})")))?;
        let kbps = c_int::try_from(kbps).unwrap_or(c_int::MAX);
        // SAFETY: the pointer is the builder's live LAME state, which the setters only write
        // a value into; the wrapper has no setter for every valid bitrate (56, 144 kbps, ABR).
        let code = unsafe {
            let lame = builder.as_ptr();
            match bitrate {
                Bitrate::Constant(_) => mp3lame_encoder::ffi::lame_set_brate(lame, kbps),
                Bitrate::Average(_) => {
                    mp3lame_encoder::ffi::lame_set_VBR_mean_bitrate_kbps(lame, kbps)
                }
            }
        };
        if code < 0 {
            return Err(refused(format!("{bitrate:?} (code {code})")));
        }
        let lame = builder
            .build()
            .map_err(|e| refused(format!("{bitrate:?} at {rate} Hz ({e})")))?;
        Ok(Self {
            lame,
            mono: channels == 1,
            held: write_tag.then(Vec::new),
            chunk: Vec::new(),
        })
    }

    fn encode<W: Write>(&mut self, pcm: &[f32], output: &mut W) -> Result<(), AudioError> {
        let frames = if self.mono { pcm.len() } else { pcm.len() / 2 };
        if frames == 0 {
            return Ok(());
        }
        let buffer = self.held.as_mut().unwrap_or(&mut self.chunk);
        buffer.reserve(max_required_buffer_size(frames));
        let encoded = if self.mono {
            self.lame.encode_to_vec(MonoPcm(pcm), buffer)
        } else {
            self.lame.encode_to_vec(InterleavedPcm(pcm), buffer)
        };
        encoded.map_err(|e| encode_error(format!("{e}")))?;
        self.write_through(output)
    }

    fn finish<W: Write>(mut self, output: &mut W) -> Result<(), AudioError> {
        let buffer = self.held.as_mut().unwrap_or(&mut self.chunk);
        buffer.reserve(7200);
        self.lame
            .flush_to_vec::<FlushGap>(buffer)
            .map_err(|e| encode_error(format!("{e}")))?;
        if let Some(mut stream) = self.held.take() {
            let mut tag = Vec::with_capacity(self.lame.lame_tag_size());
            // None when the tag did not fit a frame at this bitrate: LAME then left no
            // placeholder either.
            if self.lame.lame_tag_encode_to_vec(&mut tag).is_some() {
                // LAME opened the stream with a frame-sized placeholder for exactly this.
                let placeholder = stream
                    .get_mut(..tag.len())
                    .ok_or_else(|| encode_error("stream shorter than its LAME tag".into()))?;
                placeholder.copy_from_slice(&tag);
            }
            output.write_all(&stream)?;
        }
        self.write_through(output)
    }

    fn write_through<W: Write>(&mut self, output: &mut W) -> Result<(), AudioError> {
        if !self.chunk.is_empty() {
            output.write_all(&self.chunk)?;
            self.chunk.clear();
        }
        Ok(())
    }
}

fn encode_error(reason: String) -> AudioError {
    AudioError::Reencode {
        format: FORMAT.into(),
        reason,
    }
}

#[cfg(test)]
mod tests {
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
    fn assert_beeped_in_place(
        label: &str,
        before: &Decoded,
        after: &Decoded,
        ranges: &[TimeRange],
    ) {
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
        let (silenced, report) =
            redact_bytes(&original, &ranges(), RedactionStyle::Silence).unwrap();
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
}

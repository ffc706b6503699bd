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
mod tests;

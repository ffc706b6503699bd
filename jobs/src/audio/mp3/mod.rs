//! MP3 (MPEG-1/2/2.5 Layer III) silence without re-encoding.
//!
//! For every frame that overlaps a range we zero the bytes its main data occupies in the bit
//! reservoir (which may lie in earlier frames), zero its side info after `main_data_begin`
//! (so `part2_3_length` is 0 and no spectral value is decoded), and recompute the CRC when
//! present. Nothing moves: size, Xing/LAME tags and later frames' reservoir pointers stay
//! valid, and every decoder produces exact zeros once the filterbank history has drained.
//! Scaling `global_gain` instead would not be redaction: the spectral data would stay.
//!
//! A beep cannot be written this way (it needs an encoder): [`super::reencode`] does it.

use std::collections::VecDeque;
use std::io::{Read, Write};

use super::io_util::read_full;
use super::{AudioError, AudioFormat, RedactionReport, RedactionStyle, TimeRange};

const FORMAT: &str = "mp3";
/// Samples per granule, the unit the hybrid filterbank works in.
const GRANULE_SAMPLES: u64 = 576;
/// Delay of the standard decoder (polyphase + hybrid filterbank), as LAME counts it.
pub const DECODER_DELAY: u64 = 529;
/// Encoder delay to assume when there is no LAME tag (LAME's own, also typical of others).
pub const DEFAULT_ENCODER_DELAY: u64 = 576;
/// The furthest back `main_data_begin` can point (9 bits, MPEG-1; 8 bits for MPEG-2/2.5).
const MAX_RESERVOIR_REACH: u64 = 511;
/// Granules before a range's first sample whose spectral data still reaches it: the IMDCT
/// overlap-adds the previous granule, and the polyphase synthesis keeps 15 slots of history
/// that reach into the granule before that.
const GRANULES_OF_HISTORY: u64 = 2;

/// Rewrite an MP3 stream with every range replaced by digital silence; see [`super::redact`].
pub fn redact_mp3<R: Read, W: Write>(
    input: R,
    mut output: W,
    ranges: &[TimeRange],
    style: RedactionStyle,
) -> Result<RedactionReport, AudioError> {
    if style == RedactionStyle::Beep {
        return Err(beep_unsupported());
    }
    let mut frames = FrameReader::new(input);
    let mut stream = StreamState::default();
    let mut reservoir = Reservoir::default();
    let mut plan: Option<FramePlan> = None;

    while let Some(unit) = frames.next_unit()? {
        let (header, frame) = match unit {
            Unit::Tag(head) => {
                // Tags carry no audio; keep them byte for byte, in place.
                reservoir.flush_all(&mut output)?;
                frames.copy_tag(head, &mut output)?;
                continue;
            }
            Unit::Frame { header, bytes } => (header, bytes),
        };
        if stream.first.is_none() {
            stream.first = Some(header);
            if let Some(tag) = read_info_tag(&frame, &header) {
                // The Xing/Info frame holds no audio: decoders skip it, so it is neither
                // redacted nor part of the reservoir.
                stream.lame = tag.lame;
                output.write_all(&frame)?;
                continue;
            }
        }
        let plan = plan.get_or_insert_with(|| FramePlan::new(ranges, &header, stream.lame));
        let frame_index = stream.audio_frames;
        stream.audio_frames += 1;
        let silence = plan.covers(frame_index);
        reservoir.push(frame, &header, silence, frame_index)?;
        if silence {
            stream.silenced_frames += 1;
        }
        reservoir.flush_settled(&mut output)?;
    }

    reservoir.flush_all(&mut output)?;
    output.flush()?;
    let first = stream
        .first
        .ok_or_else(|| corrupt("no MPEG audio frames".into()))?;
    Ok(stream.report(&first, plan.as_ref()))
}

/// Read the format from the first frame after any ID3v2 tag.
pub fn sniff_mp3(header: &[u8]) -> Result<AudioFormat, AudioError> {
    let mut at = 0usize;
    while header.len() >= at + 10 && &header[at..at + 3] == b"ID3" {
        at += 10 + id3v2_body_len(&header[at..at + 10]) as usize;
    }
    let bytes: [u8; 4] = header
        .get(at..at + 4)
        .and_then(|slice| slice.try_into().ok())
        .ok_or_else(|| corrupt("no frame header in the header bytes given".into()))?;
    match FrameHeader::parse(bytes) {
        Ok(frame) => Ok(AudioFormat::from_mp3(&frame)),
        Err(HeaderProblem::Unsupported(what)) => Err(AudioError::Unsupported {
            format: FORMAT.into(),
            reason: format!("{what} is not supported (only Layer III)"),
        }),
        Err(_) => Err(corrupt(format!("no valid frame header at byte {at}"))),
    }
}

/// Whether the first bytes look like MP3 (ID3v2 tag or a Layer I–III frame sync).
pub fn looks_like_mp3(prefix: &[u8]) -> bool {
    prefix.starts_with(b"ID3")
        || (prefix.len() >= 2 && prefix[0] == 0xFF && prefix[1] & 0xE0 == 0xE0)
}

/// What an MP3 stream is made of, as [`FrameReader`] splits it.
pub(super) enum Unit {
    /// The first bytes of an ID3v2, ID3v1 or APE tag found where a frame was expected; the
    /// rest is consumed by [`FrameReader::copy_tag`].
    Tag([u8; 4]),
    Frame {
        header: FrameHeader,
        bytes: Vec<u8>,
    },
}

/// Splits an MP3 stream into tags and whole Layer III frames, failing closed on what both the
/// native redactor and the re-encoder must refuse: lost sync, a change of version or sample
/// rate, other layers, and a file that ends inside a header, frame or tag.
pub(super) struct FrameReader<R> {
    input: R,
    offset: u64,
    first: Option<FrameHeader>,
}

impl<R: Read> FrameReader<R> {
    pub(super) fn new(input: R) -> Self {
        Self {
            input,
            offset: 0,
            first: None,
        }
    }

    /// The next tag or frame; `None` at a clean end of file.
    pub(super) fn next_unit(&mut self) -> Result<Option<Unit>, AudioError> {
        let mut head = [0u8; 4];
        let got = read_full(&mut self.input, &mut head)?;
        if got == 0 {
            return Ok(None);
        }
        if got < head.len() {
            return Err(corrupt(format!(
                "file ends inside a frame header at byte {}",
                self.offset
            )));
        }
        let header = match FrameHeader::parse(head) {
            Ok(header) => header,
            Err(HeaderProblem::NoSync) => return Ok(Some(Unit::Tag(head))),
            Err(HeaderProblem::Unsupported(what)) if self.first.is_none() => {
                return Err(AudioError::Unsupported {
                    format: FORMAT.into(),
                    reason: format!("{what} is not supported (only Layer III)"),
                });
            }
            Err(HeaderProblem::Unsupported(what) | HeaderProblem::Invalid(what)) => {
                return Err(corrupt(format!(
                    "bad frame header at byte {} ({what})",
                    self.offset
                )));
            }
        };
        if self.first.is_some_and(|first| !first.same_stream(&header)) {
            return Err(corrupt(format!(
                "frame at byte {} changes version or sample rate (lost sync?)",
                self.offset
            )));
        }
        let mut bytes = vec![0u8; header.frame_len];
        bytes[..4].copy_from_slice(&head);
        if read_full(&mut self.input, &mut bytes[4..])? < header.frame_len - 4 {
            return Err(corrupt(format!(
                "file ends inside the frame at byte {}",
                self.offset
            )));
        }
        self.offset += header.frame_len as u64;
        self.first.get_or_insert(header);
        Ok(Some(Unit::Frame { header, bytes }))
    }

    /// Copy the rest of the tag that [`Unit::Tag`] announced to `output`.
    pub(super) fn copy_tag<W: Write>(
        &mut self,
        head: [u8; 4],
        output: &mut W,
    ) -> Result<(), AudioError> {
        self.offset += copy_tag(&mut self.input, output, head, self.offset)?;
        Ok(())
    }
}

/// How a stream begins, as this module reads it: the timing facts a verifier needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamStart {
    /// Byte span of the Xing/Info/VBRI frame, when the first frame is one.
    pub tag_frame: Option<std::ops::Range<usize>>,
    pub lame: Option<LameDelay>,
    pub samples_per_frame: u64,
}

impl StreamStart {
    /// Encoder + decoder delay: where source sample 0 lands among the decoded audio frames.
    pub fn total_delay(&self) -> u64 {
        self.lame
            .map_or(DEFAULT_ENCODER_DELAY, |lame| lame.encoder_delay)
            + DECODER_DELAY
    }
}

/// Read the first frame (after any ID3v2 tags) of an in-memory MP3.
pub fn read_stream_start(file: &[u8]) -> Option<StreamStart> {
    let mut at = 0usize;
    while file.len() >= at + 10 && &file[at..at + 3] == b"ID3" {
        at = at.checked_add(10 + id3v2_body_len(&file[at..at + 10]) as usize)?;
    }
    let header = FrameHeader::parse(file.get(at..at + 4)?.try_into().ok()?).ok()?;
    let frame = file.get(at..at + header.frame_len)?;
    let tag = read_info_tag(frame, &header);
    Some(StreamStart {
        tag_frame: tag.as_ref().map(|_| at..at + header.frame_len),
        lame: tag.and_then(|tag| tag.lame),
        samples_per_frame: header.samples_per_frame(),
    })
}

fn beep_unsupported() -> AudioError {
    AudioError::Unsupported {
        format: FORMAT.into(),
        reason: "native MP3 redaction only silences; a beep is re-encoded (audio::redact)".into(),
    }
}

#[derive(Default)]
struct StreamState {
    first: Option<FrameHeader>,
    lame: Option<LameDelay>,
    audio_frames: u64,
    silenced_frames: u64,
}

impl StreamState {
    fn report(&self, first: &FrameHeader, plan: Option<&FramePlan>) -> RedactionReport {
        let trim = self
            .lame
            .map_or(0, |lame| lame.encoder_delay + lame.padding);
        let samples = (self.audio_frames * first.samples_per_frame()).saturating_sub(trim);
        let rate = u64::from(first.sample_rate);
        let ranges_applied = plan.map_or(0, |plan| {
            plan.first_frame_of_each_range
                .iter()
                .filter(|&&frame| frame < self.audio_frames)
                .count()
        });
        RedactionReport {
            format: first.describe(),
            method: "native".into(),
            ranges_applied,
            duration_ms: samples * 1000 / rate,
            redacted_ms: self.silenced_frames * first.samples_per_frame() * 1000 / rate,
        }
    }
}

/// Which audio frames (Xing frame excluded) must be silenced for the ranges.
struct FramePlan {
    /// Inclusive frame intervals, sorted and merged.
    spans: Vec<(u64, u64)>,
    first_frame_of_each_range: Vec<u64>,
    cursor: usize,
}

impl FramePlan {
    fn new(ranges: &[TimeRange], header: &FrameHeader, lame: Option<LameDelay>) -> Self {
        // A source sample n is decoded at n + encoder delay + decoder delay. Without a LAME tag
        // the delay is a guess, so an extra whole frame is taken on each side.
        let (delay, margin) = match lame {
            Some(lame) => (lame.encoder_delay + DECODER_DELAY, 0),
            None => (DEFAULT_ENCODER_DELAY + DECODER_DELAY, 1),
        };
        let granules = header.granules();
        let mut spans: Vec<(u64, u64)> = ranges
            .iter()
            .filter(|range| !range.is_empty())
            .map(|range| {
                let (start, end) = range.to_frames(header.sample_rate);
                let first_granule = (start.saturating_add(delay) / GRANULE_SAMPLES)
                    .saturating_sub(GRANULES_OF_HISTORY);
                let last_granule = (end.saturating_add(delay) - 1) / GRANULE_SAMPLES;
                (
                    (first_granule / granules).saturating_sub(margin),
                    (last_granule / granules).saturating_add(margin),
                )
            })
            .collect();
        let first_frame_of_each_range = spans.iter().map(|span| span.0).collect();
        spans.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(spans.len());
        for (first, last) in spans {
            match merged.last_mut() {
                Some(previous) if first <= previous.1.saturating_add(1) => {
                    previous.1 = previous.1.max(last)
                }
                _ => merged.push((first, last)),
            }
        }
        Self {
            spans: merged,
            first_frame_of_each_range,
            cursor: 0,
        }
    }

    /// Frames are asked about in increasing order, so a cursor walks the spans once.
    fn covers(&mut self, frame: u64) -> bool {
        while self
            .spans
            .get(self.cursor)
            .is_some_and(|span| span.1 < frame)
        {
            self.cursor += 1;
        }
        self.spans
            .get(self.cursor)
            .is_some_and(|span| span.0 <= frame)
    }
}

/// Frames not yet written, kept while a later frame's `main_data_begin` can still reach their
/// data sections. The reservoir is the concatenation of all audio frames' data sections;
/// positions in it are "logical" offsets.
#[derive(Default)]
struct Reservoir {
    pending: VecDeque<PendingFrame>,
    next_logical: u64,
}

struct PendingFrame {
    bytes: Vec<u8>,
    data_start: usize,
    logical_start: u64,
}

impl PendingFrame {
    fn logical_end(&self) -> u64 {
        self.logical_start + (self.bytes.len() - self.data_start) as u64
    }
}

impl Reservoir {
    fn push(
        &mut self,
        mut bytes: Vec<u8>,
        header: &FrameHeader,
        silence: bool,
        frame_index: u64,
    ) -> Result<(), AudioError> {
        let data_start = header.data_start();
        if bytes.len() < data_start {
            return Err(corrupt(format!(
                "frame {frame_index} is shorter than its side info"
            )));
        }
        let logical_start = self.next_logical;
        let side_info = SideInfo::parse(&bytes[header.side_info_start()..data_start], header);
        if silence {
            silence_side_info(&mut bytes, header);
        }
        self.pending.push_back(PendingFrame {
            bytes,
            data_start,
            logical_start,
        });
        self.next_logical = self
            .pending
            .back()
            .map_or(logical_start, PendingFrame::logical_end);
        if silence {
            // This frame's main data begins main_data_begin bytes before its data section and
            // must end within it; bytes before the stream start simply do not exist.
            let main_start = logical_start.saturating_sub(side_info.main_data_begin);
            let main_end = (logical_start + side_info.main_data_bytes())
                .saturating_sub(side_info.main_data_begin);
            if main_end > self.next_logical {
                return Err(corrupt(format!(
                    "main data of frame {frame_index} runs past the end of the frame"
                )));
            }
            self.zero(main_start, main_end);
        }
        Ok(())
    }

    fn zero(&mut self, start: u64, end: u64) {
        for frame in &mut self.pending {
            let from = start.max(frame.logical_start);
            let to = end.min(frame.logical_end());
            if from < to {
                let local =
                    |logical: u64| (logical - frame.logical_start) as usize + frame.data_start;
                frame.bytes[local(from)..local(to)].fill(0);
            }
        }
    }

    /// Write frames no future `main_data_begin` can reach.
    fn flush_settled<W: Write>(&mut self, output: &mut W) -> Result<(), AudioError> {
        let reach = self.next_logical.saturating_sub(MAX_RESERVOIR_REACH);
        while self
            .pending
            .front()
            .is_some_and(|frame| frame.logical_end() <= reach)
        {
            if let Some(frame) = self.pending.pop_front() {
                output.write_all(&frame.bytes)?;
            }
        }
        Ok(())
    }

    fn flush_all<W: Write>(&mut self, output: &mut W) -> Result<(), AudioError> {
        for frame in self.pending.drain(..) {
            output.write_all(&frame.bytes)?;
        }
        Ok(())
    }
}

fn read_exact_or_corrupt<R: Read>(
    input: &mut R,
    buf: &mut [u8],
    what: &str,
) -> Result<(), AudioError> {
    if read_full(input, buf)? < buf.len() {
        return Err(corrupt(format!("file ends inside the {what}")));
    }
    Ok(())
}

pub(super) fn corrupt(reason: String) -> AudioError {
    AudioError::Corrupt {
        format: FORMAT.into(),
        reason,
    }
}

mod bits;
mod header;
mod tag;
#[cfg(test)]
mod tests;

pub(super) use self::tag::{InfoTag, read_info_tag};
pub use self::{
    bits::frame_crc,
    header::{FrameHeader, HeaderProblem, MpegVersion},
    tag::LameDelay,
};
#[allow(unused_imports)]
use self::{bits::*, header::*, tag::*};

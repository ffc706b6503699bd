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

/// MPEG audio version of a Layer III stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MpegVersion {
    Mpeg1,
    Mpeg2,
    Mpeg25,
}

impl MpegVersion {
    pub fn name(self) -> &'static str {
        match self {
            Self::Mpeg1 => "mpeg1",
            Self::Mpeg2 => "mpeg2",
            Self::Mpeg25 => "mpeg2.5",
        }
    }
}

/// A parsed 4-byte Layer III frame header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameHeader {
    pub version: MpegVersion,
    pub bitrate_kbps: u32,
    pub sample_rate: u32,
    pub channels: u16,
    pub has_crc: bool,
    pub frame_len: usize,
}

/// Why four bytes are not a Layer III frame header.
#[derive(Debug, PartialEq, Eq)]
pub enum HeaderProblem {
    NoSync,
    Unsupported(&'static str),
    Invalid(&'static str),
}

impl FrameHeader {
    pub fn parse(bytes: [u8; 4]) -> Result<Self, HeaderProblem> {
        if bytes[0] != 0xFF || bytes[1] & 0xE0 != 0xE0 {
            return Err(HeaderProblem::NoSync);
        }
        let version = match (bytes[1] >> 3) & 0x03 {
            0 => MpegVersion::Mpeg25,
            2 => MpegVersion::Mpeg2,
            3 => MpegVersion::Mpeg1,
            _ => return Err(HeaderProblem::Invalid("reserved MPEG version")),
        };
        match (bytes[1] >> 1) & 0x03 {
            1 => {}
            2 => return Err(HeaderProblem::Unsupported("MPEG layer II audio")),
            3 => return Err(HeaderProblem::Unsupported("MPEG layer I audio")),
            _ => return Err(HeaderProblem::Invalid("reserved layer")),
        }
        let has_crc = bytes[1] & 0x01 == 0;
        let bitrate_kbps = match (bytes[2] >> 4, version) {
            (0, _) => return Err(HeaderProblem::Unsupported("free-format bitrate")),
            (15, _) => return Err(HeaderProblem::Invalid("bad bitrate index")),
            (index, MpegVersion::Mpeg1) => MPEG1_BITRATES[usize::from(index)],
            (index, _) => MPEG2_BITRATES[usize::from(index)],
        };
        let rate_index = usize::from((bytes[2] >> 2) & 0x03);
        if rate_index == 3 {
            return Err(HeaderProblem::Invalid("reserved sample rate"));
        }
        let sample_rate = match version {
            MpegVersion::Mpeg1 => [44_100, 48_000, 32_000][rate_index],
            MpegVersion::Mpeg2 => [22_050, 24_000, 16_000][rate_index],
            MpegVersion::Mpeg25 => [11_025, 12_000, 8_000][rate_index],
        };
        let padding = usize::from((bytes[2] >> 1) & 0x01);
        let channels = if bytes[3] >> 6 == 3 { 1 } else { 2 };
        let bytes_per_kbps = if version == MpegVersion::Mpeg1 {
            144_000
        } else {
            72_000
        };
        let frame_len = (bytes_per_kbps * bitrate_kbps / sample_rate) as usize + padding;
        Ok(Self {
            version,
            bitrate_kbps,
            sample_rate,
            channels,
            has_crc,
            frame_len,
        })
    }

    pub fn granules(&self) -> u64 {
        if self.version == MpegVersion::Mpeg1 {
            2
        } else {
            1
        }
    }

    pub fn samples_per_frame(&self) -> u64 {
        self.granules() * GRANULE_SAMPLES
    }

    fn side_info_len(&self) -> usize {
        match (self.version == MpegVersion::Mpeg1, self.channels) {
            (true, 1) => 17,
            (true, _) => 32,
            (false, 1) => 9,
            (false, _) => 17,
        }
    }

    fn side_info_start(&self) -> usize {
        if self.has_crc { 6 } else { 4 }
    }

    /// Offset within the frame where the data section (the reservoir's bytes) begins.
    fn data_start(&self) -> usize {
        self.side_info_start() + self.side_info_len()
    }

    /// Whether `other` can belong to the same stream (guards against false syncs).
    fn same_stream(&self, other: &FrameHeader) -> bool {
        self.version == other.version && self.sample_rate == other.sample_rate
    }

    pub fn describe(&self) -> String {
        format!(
            "mp3/{}-layer3/{}ch/{}Hz",
            self.version.name(),
            self.channels,
            self.sample_rate
        )
    }
}

const MPEG1_BITRATES: [u32; 15] = [
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];
const MPEG2_BITRATES: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

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

/// Encoder delay and end padding from a LAME tag, in samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LameDelay {
    pub encoder_delay: u64,
    pub padding: u64,
}

pub(super) struct InfoTag {
    pub lame: Option<LameDelay>,
    /// `Xing` or `VBRI`: the writer declared a variable bitrate (`Info` means constant).
    pub variable_bitrate: bool,
    /// Frame and byte counts of the stream, when the tag gives both.
    pub frames_and_bytes: Option<(u64, u64)>,
}

/// Recognise a Xing/Info or VBRI frame and read the LAME delay if there is one.
pub(super) fn read_info_tag(frame: &[u8], header: &FrameHeader) -> Option<InfoTag> {
    if frame.get(36..40) == Some(b"VBRI") {
        return Some(InfoTag {
            lame: None,
            variable_bitrate: true,
            frames_and_bytes: None,
        });
    }
    // Writers disagree on whether the CRC counts; look in both places.
    let at = [header.data_start(), 4 + header.side_info_len()]
        .into_iter()
        .find(|&at| matches!(frame.get(at..at + 4), Some(b"Xing") | Some(b"Info")))?;
    let flags = u32::from_be_bytes(frame.get(at + 4..at + 8)?.try_into().ok()?);
    let field = |at: usize| {
        frame
            .get(at..at + 4)
            .map(|bytes| u64::from(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])))
    };
    let frames_and_bytes = if flags & 3 == 3 {
        field(at + 8).zip(field(at + 12))
    } else {
        None
    };
    let mut lame_at = at + 8;
    for (flag, len) in [(1, 4), (2, 4), (4, 100), (8, 4)] {
        if flags & flag != 0 {
            lame_at += len;
        }
    }
    let lame = frame.get(lame_at..lame_at + 24).and_then(|tag| {
        let encoder = &tag[..4];
        if encoder != b"LAME" && encoder != b"Lavf" && encoder != b"Lavc" {
            return None;
        }
        let encoder_delay = (u64::from(tag[21]) << 4) | (u64::from(tag[22]) >> 4);
        let padding = (u64::from(tag[22] & 0x0F) << 8) | u64::from(tag[23]);
        Some(LameDelay {
            encoder_delay,
            padding,
        })
    });
    Some(InfoTag {
        lame,
        variable_bitrate: frame.get(at..at + 4) == Some(b"Xing"),
        frames_and_bytes,
    })
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

struct SideInfo {
    main_data_begin: u64,
    main_data_bits: u64,
}

impl SideInfo {
    fn parse(side: &[u8], header: &FrameHeader) -> Self {
        let channels = usize::from(header.channels);
        let (main_data_begin, mut position, stride, blocks) =
            if header.version == MpegVersion::Mpeg1 {
                // main_data_begin 9, private bits, scfsi 4 per channel; then 59 bits per granule
                // and channel, part2_3_length first.
                let private = if channels == 1 { 5 } else { 3 };
                (
                    read_bits(side, 0, 9),
                    9 + private + 4 * channels,
                    59,
                    2 * channels,
                )
            } else {
                let private = if channels == 1 { 1 } else { 2 };
                (read_bits(side, 0, 8), 8 + private, 63, channels)
            };
        let mut main_data_bits = 0u64;
        for _ in 0..blocks {
            main_data_bits += u64::from(read_bits(side, position, 12));
            position += stride;
        }
        Self {
            main_data_begin: u64::from(main_data_begin),
            main_data_bits,
        }
    }

    fn main_data_bytes(&self) -> u64 {
        self.main_data_bits.div_ceil(8)
    }
}

/// Zero everything in the side info after `main_data_begin`, so the frame decodes no spectral
/// data, and fix the CRC that covers it.
fn silence_side_info(frame: &mut [u8], header: &FrameHeader) {
    let side = header.side_info_start()..header.data_start();
    let side_info = &mut frame[side.clone()];
    if header.version == MpegVersion::Mpeg1 {
        side_info[1] &= 0x80;
        side_info[2..].fill(0);
    } else {
        side_info[1..].fill(0);
    }
    if header.has_crc {
        let crc = frame_crc(frame, header);
        frame[4..6].copy_from_slice(&crc.to_be_bytes());
    }
}

/// CRC-16 (polynomial 0x8005, initial 0xFFFF) over header bytes 2–3 and the side info.
pub fn frame_crc(frame: &[u8], header: &FrameHeader) -> u16 {
    crc16(
        frame[2..4]
            .iter()
            .chain(&frame[header.side_info_start()..header.data_start()]),
    )
}

fn crc16<'a>(bytes: impl Iterator<Item = &'a u8>) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in bytes {
        for bit in (0..8).rev() {
            let input = u16::from((byte >> bit) & 1);
            let top = crc >> 15;
            crc <<= 1;
            if input ^ top == 1 {
                crc ^= 0x8005;
            }
        }
    }
    crc
}

fn read_bits(bytes: &[u8], position: usize, count: usize) -> u32 {
    (position..position + count).fold(0u32, |value, bit| {
        let byte = bytes.get(bit / 8).copied().unwrap_or(0);
        (value << 1) | u32::from((byte >> (7 - bit % 8)) & 1)
    })
}

/// Copy an ID3v2, ID3v1 or APE tag found where a frame was expected; returns bytes consumed.
fn copy_tag<R: Read, W: Write>(
    input: &mut R,
    output: &mut W,
    head: [u8; 4],
    offset: u64,
) -> Result<u64, AudioError> {
    let (prefix_len, body_len) = if head.starts_with(b"ID3") {
        let mut header = [0u8; 10];
        header[..4].copy_from_slice(&head);
        read_exact_or_corrupt(input, &mut header[4..], "ID3v2 tag header")?;
        output.write_all(&header)?;
        (10, id3v2_body_len(&header))
    } else if head.starts_with(b"TAG") {
        output.write_all(&head)?;
        (4, 124)
    } else if &head == b"APET" {
        let mut header = [0u8; 32];
        header[..4].copy_from_slice(&head);
        read_exact_or_corrupt(input, &mut header[4..], "APE tag header")?;
        if &header[..8] != b"APETAGEX" {
            return Err(corrupt(format!("no frame sync at byte {offset}")));
        }
        output.write_all(&header)?;
        // The size counts the items and the 32-byte footer, not this header.
        (
            32,
            u64::from(u32::from_le_bytes([
                header[12], header[13], header[14], header[15],
            ])),
        )
    } else {
        return Err(corrupt(format!("no frame sync at byte {offset}")));
    };
    let copied = std::io::copy(&mut input.by_ref().take(body_len), output)?;
    if copied < body_len {
        return Err(corrupt(format!(
            "tag at byte {offset} runs past the end of the file"
        )));
    }
    Ok(prefix_len + body_len)
}

/// Tag size after the 10-byte ID3v2 header (syncsafe), plus the footer when flagged.
fn id3v2_body_len(header: &[u8]) -> u64 {
    let size = header[6..10]
        .iter()
        .fold(0u64, |size, &byte| (size << 7) | u64::from(byte & 0x7F));
    let footer = if header[5] & 0x10 != 0 { 10 } else { 0 };
    size + footer
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

#[cfg(test)]
mod tests {
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
}

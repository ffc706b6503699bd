//! WAV redaction by walking the RIFF chunks: the `data` bytes inside the ranges are overwritten
//! in the file's own encoding and every other byte is copied unchanged, through one fixed-size
//! buffer. `hound` reads neither µ-law nor a-law and is far slower sample by sample; a byte
//! rewrite is exact and memory-bound.

use std::io::{Read, Write};

use super::g711::{ALAW_SILENCE, MULAW_SILENCE, linear_to_alaw, linear_to_mulaw};
use super::io_util::{read_full, read_or_corrupt};
use super::tone::beep_value;
use super::{AudioError, AudioFormat, RedactionReport, RedactionStyle, TimeRange};

const FORMAT: &str = "wav";
/// Streaming buffer; large enough to amortise calls, small enough to stay in cache.
const BUFFER_BYTES: usize = 64 * 1024;
/// A `fmt ` chunk is 16–40 bytes in practice; anything huge is garbage, not a format.
const MAX_FMT_CHUNK_BYTES: u32 = 4096;
/// Streaming writers that do not know the length put 0 or 0xFFFFFFFF in the `data` size.
const STREAMING_SIZES: [u32; 2] = [0, u32::MAX];

const WAVE_FORMAT_PCM: u16 = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT: u16 = 0x0003;
const WAVE_FORMAT_ALAW: u16 = 0x0006;
const WAVE_FORMAT_MULAW: u16 = 0x0007;
const WAVE_FORMAT_EXTENSIBLE: u16 = 0xFFFE;
/// Bytes 2..16 of every KSDATAFORMAT_SUBTYPE GUID whose first two bytes are a format tag.
const EXTENSIBLE_GUID_TAIL: [u8; 14] = [
    0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
];

/// How samples are stored in a WAV `data` chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WavEncoding {
    PcmU8,
    PcmS16Le,
    PcmS24Le,
    PcmS32Le,
    FloatF32Le,
    FloatF64Le,
    MuLaw,
    ALaw,
}

impl WavEncoding {
    pub fn name(self) -> &'static str {
        match self {
            Self::PcmU8 => "pcm_u8",
            Self::PcmS16Le => "pcm_s16le",
            Self::PcmS24Le => "pcm_s24le",
            Self::PcmS32Le => "pcm_s32le",
            Self::FloatF32Le => "pcm_f32le",
            Self::FloatF64Le => "pcm_f64le",
            Self::MuLaw => "mulaw",
            Self::ALaw => "alaw",
        }
    }

    /// Bytes one sample of one channel occupies.
    pub fn container_bytes(self) -> usize {
        match self {
            Self::PcmU8 | Self::MuLaw | Self::ALaw => 1,
            Self::PcmS16Le => 2,
            Self::PcmS24Le => 3,
            Self::PcmS32Le | Self::FloatF32Le => 4,
            Self::FloatF64Le => 8,
        }
    }

    /// The byte that, repeated, encodes silence.
    pub fn silence_byte(self) -> u8 {
        match self {
            Self::PcmU8 => 0x80,
            Self::MuLaw => MULAW_SILENCE,
            Self::ALaw => ALAW_SILENCE,
            _ => 0x00,
        }
    }

    /// Write `value` (in [-1, 1]) as one sample in this encoding.
    pub fn encode(self, value: f64, out: &mut [u8]) {
        let value = value.clamp(-1.0, 1.0);
        let s16 = (value * f64::from(i16::MAX)).round() as i16;
        match self {
            Self::PcmU8 => out[0] = (128.0 + (value * 127.0).round()) as u8,
            Self::PcmS16Le => out.copy_from_slice(&s16.to_le_bytes()),
            Self::PcmS24Le => {
                let s24 = (value * 8_388_607.0).round() as i32;
                out.copy_from_slice(&s24.to_le_bytes()[..3]);
            }
            Self::PcmS32Le => {
                let s32 = (value * f64::from(i32::MAX)).round() as i32;
                out.copy_from_slice(&s32.to_le_bytes());
            }
            Self::FloatF32Le => out.copy_from_slice(&(value as f32).to_le_bytes()),
            Self::FloatF64Le => out.copy_from_slice(&value.to_le_bytes()),
            Self::MuLaw => out[0] = linear_to_mulaw(s16),
            Self::ALaw => out[0] = linear_to_alaw(s16),
        }
    }
}

/// What a WAV file's `fmt ` chunk says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WavFormat {
    pub encoding: WavEncoding,
    pub channels: u16,
    pub sample_rate: u32,
    /// Meaningful bits per sample (may be fewer than the container, e.g. 20 in 24).
    pub bits_per_sample: u16,
    /// Bytes per sample frame (all channels).
    pub block_align: u16,
    pub extensible: bool,
}

impl WavFormat {
    pub fn describe(&self) -> String {
        format!(
            "wav/{}/{}ch/{}Hz",
            self.encoding.name(),
            self.channels,
            self.sample_rate
        )
    }
}

/// Rewrite a WAV stream with every range silenced or beeped; see [`super::redact`].
pub fn redact_wav<R: Read, W: Write>(
    mut input: R,
    mut output: W,
    ranges: &[TimeRange],
    style: RedactionStyle,
) -> Result<RedactionReport, AudioError> {
    copy_riff_header(&mut input, &mut output)?;
    let mut format: Option<WavFormat> = None;
    let mut data: Option<DataRewriter> = None;
    let mut buffer = vec![0u8; BUFFER_BYTES];

    loop {
        let mut header = [0u8; 8];
        let got = read_full(&mut input, &mut header)?;
        if got < header.len() {
            // Fewer than 8 bytes left cannot be a chunk; a stray pad byte after the last chunk
            // holds no audio, so it is kept as it was.
            output.write_all(&header[..got])?;
            break;
        }
        output.write_all(&header)?;
        let id = [header[0], header[1], header[2], header[3]];
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);

        match &id {
            b"fmt " => {
                let parsed = copy_fmt_chunk(&mut input, &mut output, size)?;
                if format.is_some_and(|known| known != parsed) {
                    return Err(corrupt("two different fmt chunks"));
                }
                format = Some(parsed);
            }
            b"data" => {
                let format = format.ok_or_else(|| corrupt("data chunk before the fmt chunk"))?;
                let rewriter = data.get_or_insert_with(|| DataRewriter::new(format, ranges, style));
                if STREAMING_SIZES.contains(&size) {
                    // Unknown length: everything to the end of the file is sample data.
                    rewriter.rewrite(&mut input, &mut output, &mut buffer, None)?;
                    break;
                }
                rewriter.rewrite(&mut input, &mut output, &mut buffer, Some(u64::from(size)))?;
                copy_pad_byte(&mut input, &mut output, size)?;
            }
            _ => copy_chunk_body(&mut input, &mut output, &id, size, &mut buffer)?,
        }
    }

    let format = format.ok_or_else(|| corrupt("no fmt chunk"))?;
    let data = data.ok_or_else(|| corrupt("no data chunk"))?;
    output.flush()?;
    Ok(data.report(&format))
}

/// The same rewrite on a file already in memory, without copying it: the fastest path, since
/// a fresh output buffer costs more in page faults than the redaction itself. Accepts and
/// rejects exactly what [`redact_wav`] does.
pub fn redact_wav_in_place(
    file: &mut [u8],
    ranges: &[TimeRange],
    style: RedactionStyle,
) -> Result<RedactionReport, AudioError> {
    copy_riff_header(&mut &file[..], &mut std::io::sink())?;
    let mut format: Option<WavFormat> = None;
    let mut data: Option<DataRewriter> = None;
    let mut at = 12usize;
    while file.len() - at >= 8 {
        let id = [file[at], file[at + 1], file[at + 2], file[at + 3]];
        let size = u32::from_le_bytes([file[at + 4], file[at + 5], file[at + 6], file[at + 7]]);
        let body = at + 8;
        let available = (file.len() - body) as u64;
        match &id {
            b"fmt " => {
                let mut cursor = &file[body..];
                let parsed = copy_fmt_chunk(&mut cursor, &mut std::io::sink(), size)?;
                if format.is_some_and(|known| known != parsed) {
                    return Err(corrupt("two different fmt chunks"));
                }
                format = Some(parsed);
            }
            b"data" => {
                let format = format.ok_or_else(|| corrupt("data chunk before the fmt chunk"))?;
                let rewriter = data.get_or_insert_with(|| DataRewriter::new(format, ranges, style));
                let length = if STREAMING_SIZES.contains(&size) {
                    available
                } else {
                    u64::from(size)
                };
                if length > available {
                    return Err(corrupt(&format!(
                        "data chunk declares {size} bytes but the file ends {} bytes early",
                        length - available
                    )));
                }
                let samples = &mut file[body..body + length as usize];
                rewriter.redact_block(samples);
                rewriter.position += length;
                if STREAMING_SIZES.contains(&size) {
                    break;
                }
            }
            _ => {
                // A missing final pad byte is tolerated, as in the streaming path.
                if u64::from(size) > available {
                    return Err(corrupt(&format!(
                        "chunk {:?} declares {size} bytes but the file ends {} bytes early",
                        String::from_utf8_lossy(&id),
                        u64::from(size) + u64::from(size & 1) - available
                    )));
                }
            }
        }
        let next = body as u64 + u64::from(size) + u64::from(size & 1);
        at = next.min(file.len() as u64) as usize;
    }
    let format = format.ok_or_else(|| corrupt("no fmt chunk"))?;
    let data = data.ok_or_else(|| corrupt("no data chunk"))?;
    Ok(data.report(&format))
}

/// Read the format from the start of a WAV file (RIFF header and the chunks up to `fmt `).
pub fn sniff_wav(header: &[u8]) -> Result<AudioFormat, AudioError> {
    let mut cursor = header;
    copy_riff_header(&mut cursor, &mut std::io::sink())?;
    loop {
        let mut chunk = [0u8; 8];
        if read_full(&mut cursor, &mut chunk)? < chunk.len() {
            return Err(corrupt("no fmt chunk in the header bytes given"));
        }
        let size = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]);
        if &chunk[..4] == b"fmt " {
            let format = copy_fmt_chunk(&mut cursor, &mut std::io::sink(), size)?;
            return Ok(AudioFormat::from_wav(&format));
        }
        if &chunk[..4] == b"data" {
            return Err(corrupt("data chunk before the fmt chunk"));
        }
        let skip = usize::try_from(u64::from(size) + u64::from(size & 1)).unwrap_or(usize::MAX);
        if skip > cursor.len() {
            return Err(corrupt("no fmt chunk in the header bytes given"));
        }
        cursor = &cursor[skip..];
    }
}

fn copy_riff_header<R: Read, W: Write>(input: &mut R, output: &mut W) -> Result<(), AudioError> {
    let mut riff = [0u8; 12];
    if read_full(input, &mut riff)? < riff.len() {
        return Err(corrupt("file ends inside the 12-byte RIFF header"));
    }
    match (&riff[0..4], &riff[8..12]) {
        (b"RIFF", b"WAVE") => {}
        (b"RF64", _) | (b"BW64", _) => {
            return Err(AudioError::Unsupported {
                format: "wav/rf64".into(),
                reason: "64-bit RF64/BW64 WAV files are not supported".into(),
            });
        }
        (b"RIFX", _) => {
            return Err(AudioError::Unsupported {
                format: "wav/rifx".into(),
                reason: "big-endian RIFX WAV files are not supported".into(),
            });
        }
        (b"RIFF", form) => {
            return Err(AudioError::Unsupported {
                format: "riff".into(),
                reason: format!("RIFF form {:?} is not WAVE", String::from_utf8_lossy(form)),
            });
        }
        _ => return Err(corrupt("missing RIFF/WAVE header")),
    }
    output.write_all(&riff)?;
    Ok(())
}

fn copy_fmt_chunk<R: Read, W: Write>(
    input: &mut R,
    output: &mut W,
    size: u32,
) -> Result<WavFormat, AudioError> {
    if !(16..=MAX_FMT_CHUNK_BYTES).contains(&size) {
        return Err(corrupt(&format!(
            "fmt chunk of {size} bytes (expected 16 to 4096)"
        )));
    }
    let mut body = vec![0u8; size as usize];
    read_or_corrupt(input, &mut body, FORMAT, "fmt chunk")?;
    output.write_all(&body)?;
    copy_pad_byte(input, output, size)?;
    parse_fmt(&body)
}

/// Decode a `fmt ` chunk body into the encoding, validating that the layout is consistent
/// (a wrong block_align would make every range land on the wrong bytes).
pub fn parse_fmt(body: &[u8]) -> Result<WavFormat, AudioError> {
    let u16_at = |at: usize| u16::from_le_bytes([body[at], body[at + 1]]);
    let format_tag = u16_at(0);
    let channels = u16_at(2);
    let sample_rate = u32::from_le_bytes([body[4], body[5], body[6], body[7]]);
    let block_align = u16_at(12);
    let bits_per_sample = u16_at(14);

    let (tag, extensible) = if format_tag == WAVE_FORMAT_EXTENSIBLE {
        (extensible_subformat(body)?, true)
    } else {
        (format_tag, false)
    };
    if channels == 0 {
        return Err(corrupt("fmt chunk declares 0 channels"));
    }
    if sample_rate == 0 {
        return Err(corrupt("fmt chunk declares a sample rate of 0 Hz"));
    }
    let container_bytes = usize::from(block_align) / usize::from(channels);
    if container_bytes == 0 || usize::from(block_align) != container_bytes * usize::from(channels) {
        return Err(corrupt(&format!(
            "block_align {block_align} is not a whole number of bytes per channel for {channels} channels"
        )));
    }
    let encoding = encoding_for(tag, container_bytes)?;
    if usize::from(bits_per_sample) > container_bytes * 8 {
        return Err(corrupt(&format!(
            "{bits_per_sample} bits per sample do not fit in {container_bytes}-byte samples"
        )));
    }
    Ok(WavFormat {
        encoding,
        channels,
        sample_rate,
        bits_per_sample,
        block_align,
        extensible,
    })
}

fn extensible_subformat(body: &[u8]) -> Result<u16, AudioError> {
    if body.len() < 40 {
        return Err(corrupt(
            "WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes",
        ));
    }
    let guid = &body[24..40];
    if guid[2..] != EXTENSIBLE_GUID_TAIL {
        return Err(AudioError::Unsupported {
            format: "wav/extensible".into(),
            reason: "sub-format GUID is not a standard format-tag GUID".into(),
        });
    }
    Ok(u16::from_le_bytes([guid[0], guid[1]]))
}

fn encoding_for(tag: u16, container_bytes: usize) -> Result<WavEncoding, AudioError> {
    let encoding = match (tag, container_bytes) {
        (WAVE_FORMAT_PCM, 1) => WavEncoding::PcmU8,
        (WAVE_FORMAT_PCM, 2) => WavEncoding::PcmS16Le,
        (WAVE_FORMAT_PCM, 3) => WavEncoding::PcmS24Le,
        (WAVE_FORMAT_PCM, 4) => WavEncoding::PcmS32Le,
        (WAVE_FORMAT_IEEE_FLOAT, 4) => WavEncoding::FloatF32Le,
        (WAVE_FORMAT_IEEE_FLOAT, 8) => WavEncoding::FloatF64Le,
        (WAVE_FORMAT_MULAW, 1) => WavEncoding::MuLaw,
        (WAVE_FORMAT_ALAW, 1) => WavEncoding::ALaw,
        (WAVE_FORMAT_PCM | WAVE_FORMAT_IEEE_FLOAT | WAVE_FORMAT_MULAW | WAVE_FORMAT_ALAW, _) => {
            return Err(corrupt(&format!(
                "format tag {tag:#06x} with {container_bytes}-byte samples"
            )));
        }
        _ => {
            return Err(AudioError::Unsupported {
                format: format!("wav/{}", format_tag_name(tag)),
                reason: "only PCM, IEEE float, µ-law and a-law WAV can be redacted".into(),
            });
        }
    };
    Ok(encoding)
}

fn format_tag_name(tag: u16) -> String {
    match tag {
        0x0002 => "ms_adpcm".into(),
        0x0011 => "ima_adpcm".into(),
        0x0031 => "gsm610".into(),
        0x0055 => "mp3".into(),
        other => format!("format_tag_{other:#06x}"),
    }
}

fn copy_chunk_body<R: Read, W: Write>(
    input: &mut R,
    output: &mut W,
    id: &[u8; 4],
    size: u32,
    buffer: &mut [u8],
) -> Result<(), AudioError> {
    let mut remaining = u64::from(size) + u64::from(size & 1);
    while remaining > 0 {
        let want = buffer
            .len()
            .min(usize::try_from(remaining).unwrap_or(usize::MAX));
        let got = read_full(input, &mut buffer[..want])?;
        output.write_all(&buffer[..got])?;
        remaining -= got as u64;
        if got < want {
            // A missing final pad byte is a common writer slip and carries no audio.
            if remaining == 1 && size & 1 == 1 {
                return Ok(());
            }
            return Err(corrupt(&format!(
                "chunk {:?} declares {size} bytes but the file ends {remaining} bytes early",
                String::from_utf8_lossy(id)
            )));
        }
    }
    Ok(())
}

fn copy_pad_byte<R: Read, W: Write>(
    input: &mut R,
    output: &mut W,
    size: u32,
) -> Result<(), AudioError> {
    if size & 1 == 1 {
        let mut pad = [0u8; 1];
        let got = read_full(input, &mut pad)?;
        output.write_all(&pad[..got])?;
    }
    Ok(())
}

/// Streams `data` chunk bytes, overwriting those inside the ranges. Keeps its position across
/// several `data` chunks so time keeps running from one to the next.
struct DataRewriter {
    format: WavFormat,
    style: RedactionStyle,
    /// Byte spans within the sample data, sorted: (start, end, first frame of the range).
    spans: Vec<ByteSpan>,
    position: u64,
    frame_scratch: Vec<u8>,
}

#[derive(Clone, Copy, Debug)]
struct ByteSpan {
    start: u64,
    end: u64,
    first_frame: u64,
}

impl DataRewriter {
    fn new(format: WavFormat, ranges: &[TimeRange], style: RedactionStyle) -> Self {
        let block_align = u64::from(format.block_align);
        let spans = ranges
            .iter()
            .map(|range| {
                let (first_frame, end_frame) = range.to_frames(format.sample_rate);
                ByteSpan {
                    start: first_frame.saturating_mul(block_align),
                    end: end_frame.saturating_mul(block_align),
                    first_frame,
                }
            })
            .filter(|span| span.end > span.start)
            .collect();
        Self {
            format,
            style,
            spans,
            position: 0,
            frame_scratch: vec![0u8; usize::from(format.block_align)],
        }
    }

    /// Copy `length` bytes (or to end of input when `None`), redacting along the way.
    fn rewrite<R: Read, W: Write>(
        &mut self,
        input: &mut R,
        output: &mut W,
        buffer: &mut [u8],
        length: Option<u64>,
    ) -> Result<(), AudioError> {
        let mut remaining = length;
        loop {
            let want = match remaining {
                Some(0) => return Ok(()),
                Some(left) => buffer
                    .len()
                    .min(usize::try_from(left).unwrap_or(usize::MAX)),
                None => buffer.len(),
            };
            let got = read_full(input, &mut buffer[..want])?;
            self.redact_block(&mut buffer[..got]);
            output.write_all(&buffer[..got])?;
            self.position += got as u64;
            if let Some(left) = remaining.as_mut() {
                *left -= got as u64;
            }
            if got < want {
                return match remaining {
                    None => Ok(()),
                    Some(left) => Err(corrupt(&format!(
                        "data chunk declares {} bytes but the file ends {left} bytes early",
                        length.unwrap_or(0)
                    ))),
                };
            }
        }
    }

    /// Overwrite the bytes of `block` (which starts at `self.position`) inside any span.
    fn redact_block(&mut self, block: &mut [u8]) {
        let block_start = self.position;
        let block_end = block_start + block.len() as u64;
        for index in 0..self.spans.len() {
            let span = self.spans[index];
            if span.end <= block_start || span.start >= block_end {
                continue;
            }
            let start = span.start.max(block_start);
            let end = span.end.min(block_end);
            let local = (start - block_start) as usize..(end - block_start) as usize;
            match self.style {
                RedactionStyle::Silence => block[local].fill(self.format.encoding.silence_byte()),
                RedactionStyle::Beep => self.write_beep(&mut block[local], start, span.first_frame),
            }
        }
    }

    /// Fill `target` (data bytes from `data_offset`) with the beep on every channel; frames may
    /// straddle buffer boundaries, so each byte is taken from its frame's encoded bytes.
    fn write_beep(&mut self, target: &mut [u8], data_offset: u64, first_frame: u64) {
        let block_align = u64::from(self.format.block_align);
        let bytes_per_sample = self.format.encoding.container_bytes();
        let mut offset = data_offset;
        let mut written = 0usize;
        while written < target.len() {
            let frame = offset / block_align;
            let within = (offset % block_align) as usize;
            let value = beep_value(frame - first_frame, self.format.sample_rate);
            for sample in self.frame_scratch.chunks_exact_mut(bytes_per_sample) {
                self.format.encoding.encode(value, sample);
            }
            let take = (self.frame_scratch.len() - within).min(target.len() - written);
            target[written..written + take]
                .copy_from_slice(&self.frame_scratch[within..within + take]);
            written += take;
            offset += take as u64;
        }
    }

    fn report(&self, format: &WavFormat) -> RedactionReport {
        let total_frames = self.position / u64::from(format.block_align);
        let total_bytes = total_frames * u64::from(format.block_align);
        let applied: Vec<&ByteSpan> = self
            .spans
            .iter()
            .filter(|span| span.start < total_bytes)
            .collect();
        let redacted_frames: u64 = applied
            .iter()
            .map(|span| (span.end.min(total_bytes) - span.start) / u64::from(format.block_align))
            .sum();
        RedactionReport {
            format: format.describe(),
            method: "native".into(),
            ranges_applied: applied.len(),
            duration_ms: frames_to_ms(total_frames, format.sample_rate),
            redacted_ms: frames_to_ms(redacted_frames, format.sample_rate),
        }
    }
}

fn frames_to_ms(frames: u64, sample_rate: u32) -> u64 {
    (u128::from(frames) * 1000 / u128::from(sample_rate.max(1))) as u64
}

fn corrupt(reason: &str) -> AudioError {
    AudioError::Corrupt {
        format: FORMAT.into(),
        reason: reason.into(),
    }
}

/// Builders for WAV test files, shared by the unit tests here and in `verify`.
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;

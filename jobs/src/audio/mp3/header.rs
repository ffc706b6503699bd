//! Layer III frame headers: version, bitrate, rate, channels, CRC, length.

use super::*;

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

    pub(super) fn side_info_len(&self) -> usize {
        match (self.version == MpegVersion::Mpeg1, self.channels) {
            (true, 1) => 17,
            (true, _) => 32,
            (false, 1) => 9,
            (false, _) => 17,
        }
    }

    pub(super) fn side_info_start(&self) -> usize {
        if self.has_crc { 6 } else { 4 }
    }

    /// Offset within the frame where the data section (the reservoir's bytes) begins.
    pub(super) fn data_start(&self) -> usize {
        self.side_info_start() + self.side_info_len()
    }

    /// Whether `other` can belong to the same stream (guards against false syncs).
    pub(super) fn same_stream(&self, other: &FrameHeader) -> bool {
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

pub(super) const MPEG1_BITRATES: [u32; 15] = [
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];
pub(super) const MPEG2_BITRATES: [u32; 15] =
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

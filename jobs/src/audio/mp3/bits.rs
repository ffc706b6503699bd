//! Bit-level pieces of a frame: side info, CRC-16, reading bits.

use super::*;

pub(super) struct SideInfo {
    pub(super) main_data_begin: u64,
    pub(super) main_data_bits: u64,
}

impl SideInfo {
    pub(super) fn parse(side: &[u8], header: &FrameHeader) -> Self {
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

    pub(super) fn main_data_bytes(&self) -> u64 {
        self.main_data_bits.div_ceil(8)
    }
}

/// Zero everything in the side info after `main_data_begin`, so the frame decodes no spectral
/// data, and fix the CRC that covers it.
pub(super) fn silence_side_info(frame: &mut [u8], header: &FrameHeader) {
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

pub(super) fn crc16<'a>(bytes: impl Iterator<Item = &'a u8>) -> u16 {
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

pub(super) fn read_bits(bytes: &[u8], position: usize, count: usize) -> u32 {
    (position..position + count).fold(0u32, |value, bit| {
        let byte = bytes.get(bit / 8).copied().unwrap_or(0);
        (value << 1) | u32::from((byte >> (7 - bit % 8)) & 1)
    })
}

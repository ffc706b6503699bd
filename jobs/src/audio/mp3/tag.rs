//! Tags around and inside the stream: Xing/Info/VBRI with the LAME delay, and ID3v2,
//! ID3v1 and APE tags copied through untouched.

use super::*;

/// Encoder delay and end padding from a LAME tag, in samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LameDelay {
    pub encoder_delay: u64,
    pub padding: u64,
}

pub(in crate::audio) struct InfoTag {
    pub lame: Option<LameDelay>,
    /// `Xing` or `VBRI`: the writer declared a variable bitrate (`Info` means constant).
    pub variable_bitrate: bool,
    /// Frame and byte counts of the stream, when the tag gives both.
    pub frames_and_bytes: Option<(u64, u64)>,
}

/// Recognise a Xing/Info or VBRI frame and read the LAME delay if there is one.
pub(in crate::audio) fn read_info_tag(frame: &[u8], header: &FrameHeader) -> Option<InfoTag> {
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

/// Copy an ID3v2, ID3v1 or APE tag found where a frame was expected; returns bytes consumed.
pub(super) fn copy_tag<R: Read, W: Write>(
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
pub(super) fn id3v2_body_len(header: &[u8]) -> u64 {
    let size = header[6..10]
        .iter()
        .fold(0u64, |size, &byte| (size << 7) | u64::from(byte & 0x7F));
    let footer = if header[5] & 0x10 != 0 { 10 } else { 0 };
    size + footer
}

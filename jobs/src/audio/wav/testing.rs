use super::WavEncoding;

/// A `fmt ` chunk body; `extensible` writes the 40-byte WAVE_FORMAT_EXTENSIBLE form.
pub fn fmt_body(encoding: WavEncoding, channels: u16, rate: u32, extensible: bool) -> Vec<u8> {
    let tag: u16 = match encoding {
        WavEncoding::FloatF32Le | WavEncoding::FloatF64Le => 3,
        WavEncoding::MuLaw => 7,
        WavEncoding::ALaw => 6,
        _ => 1,
    };
    let container = encoding.container_bytes() as u16;
    let block_align = container * channels;
    let mut body = Vec::new();
    body.extend_from_slice(&(if extensible { 0xFFFE } else { tag }).to_le_bytes());
    body.extend_from_slice(&channels.to_le_bytes());
    body.extend_from_slice(&rate.to_le_bytes());
    body.extend_from_slice(&(rate * u32::from(block_align)).to_le_bytes());
    body.extend_from_slice(&block_align.to_le_bytes());
    body.extend_from_slice(&(container * 8).to_le_bytes());
    if !extensible && tag != 1 {
        body.extend_from_slice(&0u16.to_le_bytes()); // cbSize, required for non-PCM
    }
    if extensible {
        body.extend_from_slice(&22u16.to_le_bytes());
        body.extend_from_slice(&(container * 8).to_le_bytes());
        body.extend_from_slice(&3u32.to_le_bytes());
        body.extend_from_slice(&tag.to_le_bytes());
        body.extend_from_slice(&super::EXTENSIBLE_GUID_TAIL);
    }
    body
}

/// A WAV file with a LIST chunk before and an odd-sized chunk after the data.
pub fn wav_file(fmt: &[u8], data: &[u8], data_size_field: Option<u32>) -> Vec<u8> {
    let mut file = b"RIFF\0\0\0\0WAVE".to_vec();
    push_chunk(&mut file, b"fmt ", fmt, None);
    push_chunk(&mut file, b"LIST", b"INFOISFT\x05\0\0\0muff\0\0", None);
    push_chunk(&mut file, b"data", data, data_size_field);
    if data_size_field.is_none() {
        push_chunk(&mut file, b"odd ", b"abc", None);
    }
    let riff_size = (file.len() - 8) as u32;
    file[4..8].copy_from_slice(&riff_size.to_le_bytes());
    file
}

pub fn push_chunk(file: &mut Vec<u8>, id: &[u8; 4], body: &[u8], size: Option<u32>) {
    file.extend_from_slice(id);
    file.extend_from_slice(&size.unwrap_or(body.len() as u32).to_le_bytes());
    file.extend_from_slice(body);
    if body.len() % 2 == 1 && size.is_none() {
        file.push(0);
    }
}

/// Deterministic non-silent bytes (never the silence byte of any encoding by accident in
/// a whole frame).
pub fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 8) as u8 | 0x01
        })
        .collect()
}

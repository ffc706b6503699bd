//! G.711 µ-law and a-law companding (ITU-T G.711), for the beep tone and for verification.
//!
//! The encoders write the beep in a file's own encoding; the decoders are the verifier's
//! independent view of what a player will hear.

/// µ-law byte that decodes to exactly 0.
pub const MULAW_SILENCE: u8 = 0xFF;
/// a-law has no zero code; 0xD5 decodes to +8 of 32768, the smallest magnitude there is.
pub const ALAW_SILENCE: u8 = 0xD5;

const MULAW_BIAS: i32 = 0x84;
const MULAW_CLIP: i32 = 32_635;

pub fn linear_to_mulaw(sample: i16) -> u8 {
    let mut magnitude = i32::from(sample);
    let sign = if magnitude < 0 {
        magnitude = -magnitude;
        0x80
    } else {
        0
    };
    magnitude = magnitude.min(MULAW_CLIP) + MULAW_BIAS;
    let mut exponent = 7;
    while exponent > 0 && magnitude & (0x80 << exponent) == 0 {
        exponent -= 1;
    }
    let mantissa = (magnitude >> (exponent + 3)) & 0x0F;
    !((sign | (exponent << 4) | mantissa) as u8)
}

pub fn mulaw_to_linear(code: u8) -> i16 {
    let code = !code;
    let exponent = (code >> 4) & 0x07;
    let mantissa = i32::from(code & 0x0F);
    let magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
    (if code & 0x80 != 0 {
        -magnitude
    } else {
        magnitude
    }) as i16
}

pub fn linear_to_alaw(sample: i16) -> u8 {
    const SEGMENT_ENDS: [i32; 8] = [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF];
    let mut pcm = i32::from(sample) >> 3;
    let mask = if pcm >= 0 {
        0xD5
    } else {
        pcm = -pcm - 1;
        0x55
    };
    let Some(segment) = SEGMENT_ENDS.iter().position(|&end| pcm <= end) else {
        return 0x7F ^ mask;
    };
    let shift = if segment < 2 { 1 } else { segment };
    let code = ((segment as i32) << 4) | ((pcm >> shift) & 0x0F);
    (code as u8) ^ mask
}

pub fn alaw_to_linear(code: u8) -> i16 {
    let code = code ^ 0x55;
    let mut magnitude = i32::from(code & 0x0F) << 4;
    let segment = (code & 0x70) >> 4;
    match segment {
        0 => magnitude += 8,
        1 => magnitude += 0x108,
        _ => magnitude = (magnitude + 0x108) << (segment - 1),
    }
    (if code & 0x80 != 0 {
        magnitude
    } else {
        -magnitude
    }) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_codes_decode_to_the_quietest_values() {
        assert_eq!(mulaw_to_linear(MULAW_SILENCE), 0);
        assert_eq!(alaw_to_linear(ALAW_SILENCE), 8);
        assert_eq!(linear_to_mulaw(0), MULAW_SILENCE);
        assert_eq!(linear_to_alaw(0), ALAW_SILENCE);
    }

    #[test]
    fn every_code_survives_decode_then_encode() {
        for code in 0..=255u8 {
            let mulaw = linear_to_mulaw(mulaw_to_linear(code));
            // µ-law has two codes for zero (0x7F and 0xFF); both decode to 0.
            assert_eq!(
                mulaw_to_linear(mulaw),
                mulaw_to_linear(code),
                "µ-law {code:#04x}"
            );
            assert_eq!(
                linear_to_alaw(alaw_to_linear(code)),
                code,
                "a-law {code:#04x}"
            );
        }
    }

    #[test]
    fn quantization_error_is_small_relative_to_the_signal() {
        for sample in (-32_768i32..32_768).step_by(97) {
            let sample = sample as i16;
            let tolerance = (i32::from(sample).abs() / 16).max(16);
            let mulaw = i32::from(mulaw_to_linear(linear_to_mulaw(sample)));
            let alaw = i32::from(alaw_to_linear(linear_to_alaw(sample)));
            assert!(
                (mulaw - i32::from(sample)).abs() <= tolerance,
                "µ-law {sample} -> {mulaw}"
            );
            assert!(
                (alaw - i32::from(sample)).abs() <= tolerance,
                "a-law {sample} -> {alaw}"
            );
        }
    }
}

//! Reading helpers: `Read::read` may return short counts, and an early end of file must
//! become a clear `Corrupt` error naming the format rather than a bare I/O error.

use std::io::{ErrorKind, Read};

use super::AudioError;

/// Fill `buf` as far as the input allows; returns how many bytes were read (less than
/// `buf.len()` only at end of input).
pub fn read_full<R: Read>(input: &mut R, buf: &mut [u8]) -> Result<usize, AudioError> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(count) => filled += count,
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(filled)
}

/// Fill `buf` completely or fail with `Corrupt { format }` saying what was cut short.
pub fn read_or_corrupt<R: Read>(
    input: &mut R,
    buf: &mut [u8],
    format: &str,
    what: &str,
) -> Result<(), AudioError> {
    if read_full(input, buf)? < buf.len() {
        return Err(AudioError::Corrupt {
            format: format.into(),
            reason: format!("file ends inside the {what}"),
        });
    }
    Ok(())
}

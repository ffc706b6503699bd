//! Redacting a recording file: the one path from a file on disk to a verified redacted file,
//! shared by the `rewrite_recording` job and the offline `muffle redact-call` command.

use std::{
    fs::File,
    io::{BufReader, BufWriter, Read, Write},
    path::Path,
};

use super::{
    AudioError, AudioFormat, RedactionMethod, RedactionReport, RedactionStyle, TimeRange, redact,
    sniff, verify_redacted,
};

/// A verified redaction of a file.
#[derive(Debug)]
pub struct FileRedaction {
    pub format: AudioFormat,
    pub method: RedactionMethod,
    pub report: RedactionReport,
    /// The output as written (and verified), for its checksum.
    pub bytes: Vec<u8>,
}

/// Redacts `input` into `output` (streaming, bounded memory), flushes it to disk, then decodes
/// it with the second decoder and checks every range: fail closed. An unsupported format is
/// refused before `output` is created; on any other error `output` is incomplete or
/// unverified and must be discarded. Blocking.
pub fn redact_file(
    input: &Path,
    output: &Path,
    ranges: &[TimeRange],
    style: RedactionStyle,
) -> Result<FileRedaction, AudioError> {
    let mut header = Vec::with_capacity(64 * 1024);
    File::open(input)?
        .take(64 * 1024)
        .read_to_end(&mut header)?;
    let format = sniff(&header)?;
    let method = format.method(style);
    if method == RedactionMethod::Reencode {
        tracing::info!(format = %format.describe(), ?style, "re-encoding the recording");
    }
    let reader = BufReader::with_capacity(1 << 20, File::open(input)?);
    let mut writer = BufWriter::with_capacity(1 << 20, File::create(output)?);
    let report = redact(reader, &mut writer, ranges, style)?;
    writer.flush()?;
    writer
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()?;
    // The verifier decodes from memory: one copy of the output, not several.
    let bytes = std::fs::read(output)?;
    verify_redacted(&bytes, ranges, style)?;
    debug_assert_eq!(report.method, method.name());
    Ok(FileRedaction {
        format,
        method,
        report,
        bytes,
    })
}

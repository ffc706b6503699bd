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

/// How far a transcript (or a range) may run past the audio's end: recognizers round, and a
/// last word may trail off. Anything further means the timings belong to another recording.
pub const END_TOLERANCE_MS: u64 = 1000;

/// Redacts `input` into `output` (streaming, bounded memory), flushes it to disk, then decodes
/// it with the second decoder and checks every range: fail closed. `transcript_end_ms` is
/// where the call's transcript ends (its last word), when there is one: a transcript, or a
/// range, that does not fit the recording fails rather than silencing nothing. An unsupported
/// format is refused before `output` is created; on any other error `output` is incomplete or
/// unverified and must be discarded. Blocking.
pub fn redact_file(
    input: &Path,
    output: &Path,
    ranges: &[TimeRange],
    transcript_end_ms: Option<u64>,
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
    check_timings_fit(report.duration_ms, ranges, transcript_end_ms)?;
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

/// Every range starts inside the audio and the transcript ends where the audio does (within
/// [`END_TOLERANCE_MS`]). Padding may take a range's end past the audio; never its start.
fn check_timings_fit(
    duration_ms: u64,
    ranges: &[TimeRange],
    transcript_end_ms: Option<u64>,
) -> Result<(), AudioError> {
    let limit = duration_ms.saturating_add(END_TOLERANCE_MS);
    if transcript_end_ms.is_some_and(|end| end > limit) {
        return Err(AudioError::TranscriptLongerThanAudio);
    }
    if ranges.iter().any(|range| range.widened().start_ms >= limit) {
        return Err(AudioError::RangeOutsideAudio);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::{
        WavEncoding,
        wav::testing::{fmt_body, wav_file},
    };
    use crate::recordings::TempFile;

    /// A 2-second mono 16-bit 8 kHz WAV of constant non-zero samples.
    fn two_second_wav(path: &Path) {
        let fmt = fmt_body(WavEncoding::PcmS16Le, 1, 8000, false);
        let data: Vec<u8> = std::iter::repeat_n(1000i16.to_le_bytes(), 16_000)
            .flatten()
            .collect();
        std::fs::write(path, wav_file(&fmt, &data, None)).unwrap();
    }

    #[test]
    fn timings_that_do_not_fit_the_recording_fail() {
        let (input, output) = (TempFile::new("in"), TempFile::new("out"));
        two_second_wav(input.path());
        let (input, output) = (input.path(), output.path());
        let silence = RedactionStyle::Silence;
        let inside = [TimeRange::new(500, 900)];
        redact_file(input, output, &inside, Some(1900), silence).unwrap();
        // A last word trailing a little past the end is the recognizer rounding.
        redact_file(input, output, &inside, Some(2500), silence).unwrap();

        let beyond = [TimeRange::new(500, 900), TimeRange::new(60_000, 60_400)];
        let error = redact_file(input, output, &beyond, None, silence).unwrap_err();
        assert!(matches!(error, AudioError::RangeOutsideAudio), "{error}");
        let shifted = [TimeRange::new(
            1_000_000_000_000_000_000,
            1_000_000_000_000_000_500,
        )];
        let error = redact_file(input, output, &shifted, None, silence).unwrap_err();
        assert!(matches!(error, AudioError::RangeOutsideAudio), "{error}");
        let error = redact_file(input, output, &inside, Some(60_000), silence).unwrap_err();
        assert!(
            matches!(error, AudioError::TranscriptLongerThanAudio),
            "{error}"
        );
    }
}

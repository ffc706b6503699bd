//! Redaction throughput, in memory: a synthetic 1-hour 8 kHz 16-bit stereo WAV with 20 ranges
//! (silence and beep; into a new buffer, streamed through `redact` into a reused one as the job
//! does, and in place), a 1-hour native MP3 silence built from the committed fixture, and the
//! MP3 beep re-encode (decode, beep, LAME) of an hour at telephony rate (8 kHz mono) and of
//! ten minutes at 32 kHz stereo. Target for the native paths: >= 20 audio-hours per
//! CPU-second; the re-encode is expected at about 0.3-0.9. Criterion's throughput is in
//! audio-seconds per second; summary lines convert the best run to audio-hours per CPU-second
//! (one thread, so wall time is CPU time).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group};
use jobs::audio::{RedactionStyle, TimeRange, redact, redact_bytes, redact_in_place};

const HOUR_MS: u64 = 3_600_000;

fn synthetic_wav_hour() -> Vec<u8> {
    let (rate, channels) = (8000u32, 2u16);
    let data_len = rate as usize * 3600 * usize::from(channels) * 2;
    let mut file = Vec::with_capacity(44 + data_len);
    file.extend_from_slice(b"RIFF");
    file.extend_from_slice(&(36 + data_len as u32).to_le_bytes());
    file.extend_from_slice(b"WAVEfmt ");
    file.extend_from_slice(&16u32.to_le_bytes());
    file.extend_from_slice(&1u16.to_le_bytes());
    file.extend_from_slice(&channels.to_le_bytes());
    file.extend_from_slice(&rate.to_le_bytes());
    file.extend_from_slice(&(rate * 4).to_le_bytes());
    file.extend_from_slice(&4u16.to_le_bytes());
    file.extend_from_slice(&16u16.to_le_bytes());
    file.extend_from_slice(b"data");
    file.extend_from_slice(&(data_len as u32).to_le_bytes());
    let mut state = 0x1234_5678u32;
    file.extend((0..data_len).map(|_| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (state >> 24) as u8
    }));
    file
}

/// About an hour of MP3: the fixture's audio frames repeated after its Info frame.
fn synthetic_mp3_hour() -> Vec<u8> {
    repeated_mp3("mpeg1-stereo-crc-cbr.mp3", true, 3600.0)
}

/// `seconds` of MP3 from a CBR fixture: its audio frames repeated (after its Info frame, kept
/// once, when it has one).
fn repeated_mp3(name: &str, has_info_frame: bool, seconds: f64) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/audio")
        .join(name);
    let fixture = std::fs::read(path).expect("MP3 fixture");
    let header = jobs::audio::mp3::FrameHeader::parse(fixture[..4].try_into().unwrap()).unwrap();
    let (info, audio) = fixture.split_at(if has_info_frame { header.frame_len } else { 0 });
    let audio_seconds = (audio.len() / header.frame_len) as f64 * header.samples_per_frame() as f64
        / f64::from(header.sample_rate);
    let repeats = (seconds / audio_seconds).ceil() as usize;
    let mut file = info.to_vec();
    for _ in 0..repeats {
        file.extend_from_slice(audio);
    }
    file
}

/// An hour at telephony rate: MPEG-2.5 8 kHz mono, 16 kbps.
fn telephony_mp3_hour() -> Vec<u8> {
    repeated_mp3("mpeg25-mono-notag.mp3", false, 3600.0)
}

/// 20 ranges of 4 s spread over the hour, like card digits and a security code per 3 minutes.
fn twenty_ranges() -> Vec<TimeRange> {
    (0..20)
        .map(|i| TimeRange::new(i * 180_000 + 60_000, i * 180_000 + 64_000))
        .collect()
}

fn bench_audio(c: &mut Criterion) {
    let wav = synthetic_wav_hour();
    let mp3 = synthetic_mp3_hour();
    let ranges = twenty_ranges();
    let mut group = c.benchmark_group("audio_redact_1h");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(HOUR_MS / 1000));
    group.bench_function("wav_8k_s16_stereo_silence", |b| {
        b.iter(|| redact_bytes(black_box(&wav), &ranges, RedactionStyle::Silence).unwrap())
    });
    // In place, as a job holding the downloaded object does: no fresh 115 MB buffer to fault in.
    let mut scratch = wav.clone();
    group.bench_function("wav_8k_s16_stereo_silence_in_place", |b| {
        b.iter(|| {
            redact_in_place(black_box(&mut scratch), &ranges, RedactionStyle::Silence).unwrap()
        })
    });
    group.bench_function("wav_8k_s16_stereo_beep", |b| {
        b.iter(|| redact_bytes(black_box(&wav), &ranges, RedactionStyle::Beep).unwrap())
    });
    // Streaming through `redact`'s fixed buffer, as the job does (Read -> Write), into an
    // output buffer that keeps its capacity and pages from one run to the next.
    let mut reused = vec![0u8; wav.len()];
    group.bench_function("wav_8k_s16_stereo_silence_streamed_reused_buffer", |b| {
        b.iter(|| {
            reused.clear();
            redact(
                black_box(&wav[..]),
                &mut reused,
                &ranges,
                RedactionStyle::Silence,
            )
            .unwrap()
        })
    });
    group.bench_function("mp3_32k_stereo_native_silence", |b| {
        b.iter(|| redact_bytes(black_box(&mp3), &ranges, RedactionStyle::Silence).unwrap())
    });
    group.finish();

    // Decode, beep and LAME re-encode: two orders of magnitude slower, so fewer samples.
    let telephony = telephony_mp3_hour();
    let mut group = c.benchmark_group("audio_reencode_1h");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Elements(HOUR_MS / 1000));
    group.bench_function("mp3_8k_mono_beep_reencode", |b| {
        b.iter(|| redact_bytes(black_box(&telephony), &ranges, RedactionStyle::Beep).unwrap())
    });
    group.finish();
}

/// Where a summarized redaction writes.
#[derive(Clone, Copy)]
enum Output {
    /// `redact_bytes`: a fresh output buffer each run.
    NewBuffer,
    /// `redact` (streaming) into a buffer reused across runs.
    ReusedBuffer,
    /// `redact_in_place`.
    InPlace,
}

/// Best of a few runs, as audio-hours per CPU-second.
fn summarize(label: &str, input: &[u8], style: RedactionStyle, output: Output, runs: usize) {
    let ranges = twenty_ranges();
    let (_, report) = redact_bytes(input, &ranges, style).unwrap();
    let mut scratch = input.to_vec();
    let mut reused = vec![0u8; input.len() * 2];
    let best = (0..runs)
        .map(|_| {
            let started = Instant::now();
            match output {
                Output::NewBuffer => {
                    black_box(redact_bytes(black_box(input), &ranges, style).unwrap());
                }
                Output::ReusedBuffer => {
                    reused.clear();
                    black_box(redact(black_box(input), &mut reused, &ranges, style).unwrap());
                }
                Output::InPlace => {
                    black_box(redact_in_place(black_box(&mut scratch), &ranges, style).unwrap());
                }
            }
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    let hours = report.duration_ms as f64 / HOUR_MS as f64;
    println!(
        "{label}: {:.2} audio-hours per CPU-second ({hours:.2} h in {:.1} ms, {})",
        hours / best,
        best * 1e3,
        report.method
    );
}

criterion_group!(benches, bench_audio);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let (wav, mp3) = (synthetic_wav_hour(), synthetic_mp3_hour());
    use Output::{InPlace, NewBuffer, ReusedBuffer};
    let silence = RedactionStyle::Silence;
    let beep = RedactionStyle::Beep;
    summarize("wav silence, new buffer", &wav, silence, NewBuffer, 5);
    summarize(
        "wav silence, streamed into a reused buffer",
        &wav,
        silence,
        ReusedBuffer,
        5,
    );
    summarize("wav silence, in place", &wav, silence, InPlace, 5);
    summarize("wav beep, new buffer", &wav, beep, NewBuffer, 5);
    summarize(
        "wav beep, streamed into a reused buffer",
        &wav,
        beep,
        ReusedBuffer,
        5,
    );
    summarize("wav beep, in place", &wav, beep, InPlace, 5);
    summarize(
        "mp3 native silence, new buffer",
        &mp3,
        silence,
        NewBuffer,
        5,
    );
    summarize(
        "mp3 native silence, streamed into a reused buffer",
        &mp3,
        silence,
        ReusedBuffer,
        5,
    );
    summarize(
        "mp3 8k mono beep, re-encode",
        &telephony_mp3_hour(),
        beep,
        NewBuffer,
        3,
    );
    let stereo_32k = repeated_mp3("mpeg1-stereo-crc-cbr.mp3", true, 600.0);
    summarize(
        "mp3 32k stereo beep, re-encode",
        &stereo_32k,
        beep,
        NewBuffer,
        3,
    );
}

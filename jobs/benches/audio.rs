//! Redaction throughput, in memory: a synthetic 1-hour 8 kHz 16-bit stereo WAV with 20 ranges
//! (silence and beep), and a 1-hour native MP3 silence built from the committed fixture.
//! Target: >= 20 audio-hours per CPU-second. Criterion's throughput is in audio-seconds per
//! second; a summary line converts the best run to audio-hours per CPU-second (one thread, so
//! wall time is CPU time).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group};
use jobs::audio::{RedactionStyle, TimeRange, redact_bytes, redact_in_place};

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
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audio/mpeg1-stereo-crc-cbr.mp3");
    let fixture = std::fs::read(path).expect("MP3 fixture");
    let frame_len = jobs::audio::mp3::FrameHeader::parse(fixture[..4].try_into().unwrap())
        .unwrap()
        .frame_len;
    let (info, audio) = fixture.split_at(frame_len);
    let audio_seconds = (audio.len() / frame_len) as f64 * 1152.0 / 32_000.0;
    let repeats = (3600.0 / audio_seconds).ceil() as usize;
    let mut file = info.to_vec();
    for _ in 0..repeats {
        file.extend_from_slice(audio);
    }
    file
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
    group.bench_function("mp3_32k_stereo_native_silence", |b| {
        b.iter(|| redact_bytes(black_box(&mp3), &ranges, RedactionStyle::Silence).unwrap())
    });
    group.finish();
}

/// Best of a few runs, as audio-hours per CPU-second.
fn summarize(label: &str, input: &[u8], style: RedactionStyle, in_place: bool) {
    let ranges = twenty_ranges();
    let (_, report) = redact_bytes(input, &ranges, style).unwrap();
    let mut scratch = input.to_vec();
    let best = (0..5)
        .map(|_| {
            let started = Instant::now();
            if in_place {
                black_box(redact_in_place(black_box(&mut scratch), &ranges, style).unwrap());
            } else {
                black_box(redact_bytes(black_box(input), &ranges, style).unwrap());
            }
            started.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    let hours = report.duration_ms as f64 / HOUR_MS as f64;
    println!(
        "{label}: {:.1} audio-hours per CPU-second ({hours:.2} h in {:.1} ms)",
        hours / best,
        best * 1e3
    );
}

criterion_group!(benches, bench_audio);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let (wav, mp3) = (synthetic_wav_hour(), synthetic_mp3_hour());
    summarize(
        "wav silence, new buffer",
        &wav,
        RedactionStyle::Silence,
        false,
    );
    summarize("wav silence, in place", &wav, RedactionStyle::Silence, true);
    summarize("wav beep, new buffer", &wav, RedactionStyle::Beep, false);
    summarize("wav beep, in place", &wav, RedactionStyle::Beep, true);
    summarize(
        "mp3 native silence, new buffer",
        &mp3,
        RedactionStyle::Silence,
        false,
    );
}

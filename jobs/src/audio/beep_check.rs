//! Tolerant check that decoded audio holds only the beep, for re-encoded (lossy) output where
//! a sample-exact comparison is impossible.
//!
//! Each range's decoded span, less one granule at either edge (where the codec blends the
//! beep with its neighbours), is cut into blocks of about one granule. In every block and
//! channel the signal is fitted, by least squares, with a sine and a cosine at the beep's
//! frequency (so the phase does not matter), and two things are required:
//! - at least 90% of the block's energy is that tone: speech, noise or another tone leave a
//!   residual the fit cannot absorb;
//! - the energy is the beep's, within about ±1.5 dB: a beep that is missing, or shifted so
//!   that part of the block holds something else, comes out too quiet.
//!
//! Blocks, not whole ranges, so a second of speech cannot hide in an hour of beep. Near the
//! end of the stream a range may meet the encoder's end padding (an untagged stream does not
//! say where its audio ends), so a block there may be the beep's last stretch and silence: it
//! passes if it is no louder than the beep and what is not the tone stays 5 dB below the
//! beep (a beep cut off halfway leaves a quarter of its energy outside the fit). Elsewhere
//! such a block fails, once the stream is seen to go on.

use std::ops::Range;

use super::mp3::{DECODER_DELAY, DEFAULT_ENCODER_DELAY};
use super::tone::{BEEP_MEAN_SQUARE, beep_frequency_hz};

/// Frames skipped at each edge of a range and the length of a block: one Layer III granule,
/// the span over which the codec smears a transition.
const GRANULE_FRAMES: u64 = 576;
/// Share of a block's energy that must be the beep tone.
const MIN_TONAL_SHARE: f64 = 0.9;
/// Block energy relative to the beep's (about -1.5 dB .. +1.5 dB).
const LEVEL_BOUNDS: Range<f64> = 0.7..1.4;
/// Energy that is not the tone, relative to the beep's, tolerated in the stream's tail.
const MAX_TAIL_RESIDUAL: f64 = 0.3;

/// A failed check: the index of the range and why, without sample values.
pub(super) type Failure = (usize, String);

/// Streaming beep check over decoded frames, fed in order.
pub(super) struct BeepCheck {
    windows: Vec<Window>,
    /// The block being filled: window index and block index within it.
    cursor: (usize, u64),
    sums: BlockSums,
    tone: ToneTable,
    /// How far past a block the stream must go for the block not to be in the stream's tail:
    /// an untagged stream's end padding is under two frames, after the encoder's delay.
    tail_frames: u64,
    /// The first block that would pass only in the tail, held until the stream is known to go
    /// on past it.
    held: Option<(u64, Failure)>,
}

/// One analysis block: decoded frames `frames` of range `range_index`.
#[derive(Clone, Debug, PartialEq)]
struct Block {
    range_index: usize,
    frames: Range<u64>,
}

/// A range's decoded span less its edges, cut into `blocks` blocks of one to two granules
/// (computed as needed: a range may run far past the end of the audio).
struct Window {
    range_index: usize,
    start: u64,
    length: u64,
    blocks: u64,
}

impl Window {
    /// Trim a granule at both ends (a quarter of the span for short ranges).
    fn new(range_index: usize, (from, to): (u64, u64)) -> Self {
        let span = to.saturating_sub(from);
        let edge = GRANULE_FRAMES.min(span / 4);
        let length = span - 2 * edge;
        Self {
            range_index,
            start: from + edge,
            length,
            blocks: (length / GRANULE_FRAMES).max(1),
        }
    }

    fn block(&self, index: u64) -> Option<Block> {
        let boundary = |k: u64| {
            let offset = u128::from(k) * u128::from(self.length) / u128::from(self.blocks);
            self.start + offset as u64
        };
        (index < self.blocks && self.length > 0).then(|| Block {
            range_index: self.range_index,
            frames: boundary(index)..boundary(index + 1),
        })
    }
}

impl BeepCheck {
    /// `windows[i]` is range i's span in decoded frames.
    pub(super) fn new(windows: &[(u64, u64)], sample_rate: u32, samples_per_frame: u64) -> Self {
        let mut check = Self {
            windows: windows
                .iter()
                .enumerate()
                .map(|(index, &window)| Window::new(index, window))
                .collect(),
            cursor: (0, 0),
            sums: BlockSums::new(1),
            tone: ToneTable::new(sample_rate),
            tail_frames: 2 * samples_per_frame + DEFAULT_ENCODER_DELAY + DECODER_DELAY,
            held: None,
        };
        check.skip_finished_windows();
        check
    }

    /// The range whose next block overlaps decoded frames `[start, end)`, if any (frames
    /// that overlap none need not be fed).
    pub(super) fn overlapping(&self, start: u64, end: u64) -> Option<usize> {
        self.current_block()
            .filter(|block| block.frames.start < end && start < block.frames.end)
            .map(|block| block.range_index)
    }

    fn current_block(&self) -> Option<Block> {
        let (window, block) = self.cursor;
        self.windows.get(window).and_then(|w| w.block(block))
    }

    fn advance(&mut self) {
        self.cursor.1 += 1;
        self.skip_finished_windows();
    }

    /// Move the cursor past windows with no block left (or none at all: empty after trimming).
    fn skip_finished_windows(&mut self) {
        while let Some(window) = self.windows.get(self.cursor.0) {
            if window.block(self.cursor.1).is_some() {
                break;
            }
            self.cursor = (self.cursor.0 + 1, 0);
        }
    }

    /// Check the interleaved frames decoded at `position`.
    pub(super) fn feed(
        &mut self,
        position: u64,
        interleaved: &[f32],
        channels: usize,
    ) -> Result<(), Failure> {
        let channels = channels.max(1);
        if self.sums.channels.len() != channels {
            self.sums = BlockSums::new(channels);
        }
        let end = position + (interleaved.len() / channels) as u64;
        let mut at = position;
        while let Some(block) = self.current_block() {
            if block.frames.start >= end {
                break;
            }
            let lo = at.max(block.frames.start);
            let hi = end.min(block.frames.end);
            for frame in lo..hi {
                let offset = (frame - position) as usize * channels;
                let (sine, cosine) = self.tone.at(frame);
                self.sums
                    .add(&interleaved[offset..offset + channels], sine, cosine);
            }
            at = at.max(hi);
            if hi < block.frames.end {
                break;
            }
            self.close_block(&block)?;
        }
        self.reached(end)
    }

    /// The stream has been decoded up to `position`: a held block was not in its tail.
    pub(super) fn reached(&mut self, position: u64) -> Result<(), Failure> {
        match self.held.take() {
            Some((block_end, failure)) if position >= block_end + self.tail_frames => Err(failure),
            held => {
                self.held = held;
                Ok(())
            }
        }
    }

    /// The stream ended: a block it cut short is judged on what it has, as tail.
    pub(super) fn finish(mut self) -> Result<(), Failure> {
        if let Some(block) = self.current_block()
            && self.sums.frames >= GRANULE_FRAMES / 4
        {
            self.close_block(&block)?;
        }
        Ok(())
    }

    fn close_block(&mut self, block: &Block) -> Result<(), Failure> {
        for (channel, verdict) in self.sums.verdicts().into_iter().enumerate() {
            let reason = |what: String| {
                (
                    block.range_index,
                    format!(
                        "channel {channel}, decoded frames {}-{}: {what}",
                        block.frames.start, block.frames.end
                    ),
                )
            };
            match verdict {
                Verdict::Beep => {}
                Verdict::TailOnly(what) => {
                    if self.held.is_none() {
                        self.held = Some((block.frames.end, reason(what)));
                    }
                }
                Verdict::NotBeep(what) => return Err(reason(what)),
            }
        }
        self.sums.clear();
        self.advance();
        Ok(())
    }
}

enum Verdict {
    Beep,
    /// Not the beep, but no louder and with little that is not the tone: acceptable only in
    /// the stream's tail.
    TailOnly(String),
    NotBeep(String),
}

/// Least-squares sums for fitting `a·sin + b·cos` to each channel of a block.
struct BlockSums {
    frames: u64,
    sine_sine: f64,
    cosine_cosine: f64,
    sine_cosine: f64,
    channels: Vec<ChannelSums>,
}

#[derive(Clone, Copy, Default)]
struct ChannelSums {
    energy: f64,
    with_sine: f64,
    with_cosine: f64,
}

impl BlockSums {
    fn new(channels: usize) -> Self {
        Self {
            frames: 0,
            sine_sine: 0.0,
            cosine_cosine: 0.0,
            sine_cosine: 0.0,
            channels: vec![ChannelSums::default(); channels.max(1)],
        }
    }

    fn clear(&mut self) {
        *self = Self::new(self.channels.len());
    }

    fn add(&mut self, frame: &[f32], sine: f64, cosine: f64) {
        self.frames += 1;
        self.sine_sine += sine * sine;
        self.cosine_cosine += cosine * cosine;
        self.sine_cosine += sine * cosine;
        for (sums, &value) in self.channels.iter_mut().zip(frame) {
            let value = f64::from(value);
            sums.energy += value * value;
            sums.with_sine += value * sine;
            sums.with_cosine += value * cosine;
        }
    }

    fn verdicts(&self) -> Vec<Verdict> {
        let beep_energy = BEEP_MEAN_SQUARE * self.frames.max(1) as f64;
        let determinant = self.sine_sine * self.cosine_cosine - self.sine_cosine * self.sine_cosine;
        self.channels
            .iter()
            .map(|sums| {
                if !sums.energy.is_finite() {
                    return Verdict::NotBeep("does not decode to finite samples".into());
                }
                // Energy of the projection onto span{sin, cos}: what the best-fitting tone at
                // the beep's frequency, of any phase, explains.
                let tonal = if determinant > f64::EPSILON * self.frames as f64 {
                    (self.cosine_cosine * sums.with_sine * sums.with_sine
                        - 2.0 * self.sine_cosine * sums.with_sine * sums.with_cosine
                        + self.sine_sine * sums.with_cosine * sums.with_cosine)
                        / determinant
                } else {
                    0.0
                };
                let level = sums.energy / beep_energy;
                let share = if sums.energy > 0.0 {
                    (tonal / sums.energy).min(1.0)
                } else {
                    0.0
                };
                let residual = (sums.energy - tonal).max(0.0) / beep_energy;
                let describe = || {
                    format!(
                        "{:.0}% of the energy is the beep tone (need {:.0}%), level {:+.1} dB \
                         from the beep's",
                        share * 100.0,
                        MIN_TONAL_SHARE * 100.0,
                        10.0 * level.max(1e-12).log10()
                    )
                };
                if share >= MIN_TONAL_SHARE && LEVEL_BOUNDS.contains(&level) {
                    Verdict::Beep
                } else if residual <= MAX_TAIL_RESIDUAL && level < LEVEL_BOUNDS.end {
                    Verdict::TailOnly(describe())
                } else {
                    Verdict::NotBeep(describe())
                }
            })
            .collect()
    }
}

/// Sine and cosine of the beep's frequency over one period of its phase (the frequency and
/// rate are whole numbers, so the phase repeats exactly every `rate / gcd` frames).
struct ToneTable {
    sine_cosine: Vec<(f64, f64)>,
}

impl ToneTable {
    fn new(sample_rate: u32) -> Self {
        let rate = u64::from(sample_rate.max(1));
        let frequency = beep_frequency_hz(sample_rate);
        let period = rate / gcd(rate, frequency);
        let sine_cosine = (0..period)
            .map(|frame| {
                let phase =
                    std::f64::consts::TAU * ((frame * frequency) % rate) as f64 / rate as f64;
                (phase.sin(), phase.cos())
            })
            .collect();
        Self { sine_cosine }
    }

    fn at(&self, frame: u64) -> (f64, f64) {
        self.sine_cosine[(frame % self.sine_cosine.len() as u64) as usize]
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a.max(1) } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::super::tone::beep_value;
    use super::*;

    const RATE: u32 = 8000;

    /// Run the check over `signal` (mono) with one window covering `window`.
    fn check(signal: &[f32], window: (u64, u64)) -> Result<(), Failure> {
        let mut check = BeepCheck::new(&[window], RATE, 576);
        // Feed in frame-sized pieces, as the verifier does.
        for (index, piece) in signal.chunks(576).enumerate() {
            check.feed(index as u64 * 576, piece, 1)?;
        }
        check.finish()
    }

    fn beep(frames: usize, phase_offset: u64) -> Vec<f32> {
        (0..frames as u64)
            .map(|i| beep_value(i + phase_offset, RATE) as f32)
            .collect()
    }

    fn noise(frames: usize, level: f32, seed: u32) -> Vec<f32> {
        let mut state = seed;
        (0..frames)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                level * ((state >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0)
            })
            .collect()
    }

    #[test]
    fn a_beep_of_any_phase_passes_and_its_absence_fails() {
        for offset in [0, 1, 3, 5] {
            check(&beep(40_000, offset), (1000, 30_000)).unwrap();
        }
        let error = check(&vec![0.0; 40_000], (1000, 30_000)).unwrap_err();
        assert_eq!(error.0, 0);
        assert!(error.1.contains("0% of the energy"), "{}", error.1);
        let error = check(&noise(40_000, 0.3, 1), (1000, 30_000)).unwrap_err();
        assert!(error.1.contains("beep tone"), "{}", error.1);
    }

    #[test]
    fn speech_hidden_in_one_block_of_a_long_beep_fails() {
        let mut signal = beep(80_000, 0);
        for (sample, noise) in signal[40_000..40_800].iter_mut().zip(noise(800, 0.2, 7)) {
            *sample += noise;
        }
        let error = check(&signal, (0, 80_000)).unwrap_err();
        assert!(error.1.contains("decoded frames 40000-"), "{}", error.1);
        // A slightly louder or quieter beep, and faint noise, are within tolerance.
        let mut signal: Vec<f32> = beep(20_000, 0).iter().map(|v| v * 1.1).collect();
        for (sample, noise) in signal.iter_mut().zip(noise(20_000, 0.01, 3)) {
            *sample += noise;
        }
        check(&signal, (0, 20_000)).unwrap();
    }

    #[test]
    fn another_tone_or_a_misplaced_beep_fails() {
        let other: Vec<f32> = (0..20_000)
            .map(|i| 0.25 * (std::f32::consts::TAU * 1200.0 * i as f32 / RATE as f32).sin())
            .collect();
        assert!(check(&other, (0, 20_000)).is_err());
        // The beep starts 2000 frames (a quarter of a second) late: silent blocks, then one
        // half silence, half beep.
        let mut late = vec![0.0; 2000];
        late.extend(beep(40_000, 0));
        let error = check(&late, (0, 30_000)).unwrap_err();
        assert_eq!(error.0, 0);
        // Silent blocks alone fail too, once the stream goes on past them.
        let mut silent_start = vec![0.0; 1200];
        silent_start.extend(beep(40_000, 1200));
        let error = check(&silent_start, (0, 30_000)).unwrap_err();
        assert!(error.1.contains("decoded frames 576-1152"), "{}", error.1);
    }

    #[test]
    fn a_quiet_tail_passes_but_loud_noise_in_it_does_not() {
        // The range runs past the end: beep to 10_000, then the encoder's silent end padding
        // until the stream ends.
        for padding in [100, 300, 500, 1000] {
            let mut signal = beep(10_000, 0);
            signal.extend(vec![0.0; padding]);
            check(&signal, (0, 50_000)).unwrap_or_else(|e| panic!("{padding}: {}", e.1));
        }
        let mut noisy = beep(10_000, 0);
        noisy.extend(noise(500, 0.3, 5));
        assert!(check(&noisy, (0, 50_000)).is_err());
    }

    #[test]
    fn tone_table_matches_the_beep_at_every_telephony_and_music_rate() {
        for rate in [
            8000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000,
        ] {
            let table = ToneTable::new(rate);
            for frame in [0u64, 1, 7, 440, 44_101, 3_600 * 48_000] {
                let expected = beep_value(frame, rate) / super::super::tone::BEEP_LEVEL;
                assert!(
                    (table.at(frame).0 - expected).abs() < 1e-9,
                    "{rate} {frame}"
                );
            }
        }
    }
}

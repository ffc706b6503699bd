//! The beep that replaces a redacted range: a steady sine tone, so a listener hears that
//! something was removed, at a moderate level so it does not startle.

use std::f64::consts::TAU;

/// Nominal beep frequency; the conventional "bleep".
pub const BEEP_FREQUENCY_HZ: f64 = 1000.0;
/// Peak amplitude as a fraction of full scale (-12 dBFS).
pub const BEEP_LEVEL: f64 = 0.25;

/// Mean square of the beep (a sine's is half its peak squared): the energy per sample a
/// decoded beep should have.
pub const BEEP_MEAN_SQUARE: f64 = BEEP_LEVEL * BEEP_LEVEL / 2.0;

/// Value in [-1, 1] of the beep `index` frames after the start of a redacted range.
pub fn beep_value(index: u64, sample_rate: u32) -> f64 {
    let rate = f64::from(sample_rate.max(1));
    // Reduce the phase in integer arithmetic so hour-long ranges keep full precision.
    let cycle_position = (u128::from(index) * u128::from(beep_frequency_hz(sample_rate)))
        % u128::from(sample_rate.max(1));
    BEEP_LEVEL * (TAU * cycle_position as f64 / rate).sin()
}

/// The beep's frequency in whole hertz: [`BEEP_FREQUENCY_HZ`], or a quarter of the sample rate
/// for odd, very low rates, to keep the tone well below Nyquist.
pub fn beep_frequency_hz(sample_rate: u32) -> u64 {
    (BEEP_FREQUENCY_HZ as u64).min(u64::from(sample_rate.max(1)) / 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beep_is_a_moderate_tone_that_starts_at_zero() {
        assert_eq!(beep_value(0, 8000), 0.0);
        let peak = (0..8000)
            .map(|i| beep_value(i, 8000).abs())
            .fold(0.0, f64::max);
        assert!((peak - BEEP_LEVEL).abs() < 1e-9, "peak {peak}");
        // 1 kHz at 8 kHz repeats every 8 samples.
        assert!((beep_value(2, 8000) - beep_value(10, 8000)).abs() < 1e-12);
        assert!((beep_value(2, 8000) - BEEP_LEVEL).abs() < 1e-12);
    }

    #[test]
    fn very_low_sample_rates_stay_below_nyquist() {
        // 1 kHz cannot exist at 1 kHz sampling; the tone drops to rate / 4.
        assert!((beep_value(1, 1000) - BEEP_LEVEL).abs() < 1e-12);
    }
}

//! Time ranges to redact: padding, merging, and conversion to sample positions.

use serde::{Deserialize, Serialize};

/// A span of a recording, in milliseconds from its start, end exclusive.
/// Ordered by start, then end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TimeRange {
    pub start_ms: u64,
    pub end_ms: u64,
}

impl TimeRange {
    pub fn new(start_ms: u64, end_ms: u64) -> Self {
        Self { start_ms, end_ms }
    }

    /// This range made at least [`MIN_WORD_MS`] long, its ends in order: a word the recognizer
    /// timed `end <= start` still covers audio, so it is silenced rather than dropped.
    pub fn widened(&self) -> TimeRange {
        let start_ms = self.start_ms.min(self.end_ms);
        let end_ms = self
            .start_ms
            .max(self.end_ms)
            .max(start_ms.saturating_add(MIN_WORD_MS));
        TimeRange { start_ms, end_ms }
    }

    pub fn is_empty(&self) -> bool {
        self.end_ms <= self.start_ms
    }

    pub fn duration_ms(&self) -> u64 {
        self.end_ms.saturating_sub(self.start_ms)
    }

    /// Sample frames `[start, end)` this range covers at `sample_rate`: rounded outwards, so a
    /// range never leaves a partial sample of speech at either edge.
    pub fn to_frames(&self, sample_rate: u32) -> (u64, u64) {
        let rate = u128::from(sample_rate);
        let start = u128::from(self.start_ms) * rate / 1000;
        let end = (u128::from(self.end_ms) * rate).div_ceil(1000);
        (saturate_u64(start), saturate_u64(end))
    }
}

/// The shortest a redacted word's range is taken to be (see [`TimeRange::widened`]).
pub const MIN_WORD_MS: u64 = 100;

/// Default padding on each side of a detected range: word timings from speech recognition are
/// approximate, and the edges of a spoken digit must go too.
pub const DEFAULT_PAD_MS: u64 = 250;

/// Pad each range by `pad_ms` on both sides (clamped at 0) and merge overlapping or adjacent
/// ones. Degenerate ranges are widened first, never dropped; the output is sorted and disjoint.
pub fn pad_and_merge(ranges: &[TimeRange], pad_ms: u64) -> Vec<TimeRange> {
    let padded: Vec<TimeRange> = ranges
        .iter()
        .map(TimeRange::widened)
        .map(|range| TimeRange {
            start_ms: range.start_ms.saturating_sub(pad_ms),
            end_ms: range.end_ms.saturating_add(pad_ms),
        })
        .collect();
    merge_sorted(padded)
}

/// Sort and merge without padding: the redactors accept ranges in any order and overlapping,
/// so a caller's mistake can never leave a gap unredacted; a degenerate range is widened.
pub(crate) fn normalize(ranges: &[TimeRange]) -> Vec<TimeRange> {
    merge_sorted(ranges.iter().map(TimeRange::widened).collect())
}

fn merge_sorted(mut ranges: Vec<TimeRange>) -> Vec<TimeRange> {
    ranges.sort_by_key(|range| (range.start_ms, range.end_ms));
    let mut merged: Vec<TimeRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start_ms <= last.end_ms => {
                last.end_ms = last.end_ms.max(range.end_ms);
            }
            _ => merged.push(range),
        }
    }
    merged
}

fn saturate_u64(value: u128) -> u64 {
    u64::try_from(value).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn r(start_ms: u64, end_ms: u64) -> TimeRange {
        TimeRange::new(start_ms, end_ms)
    }

    #[test]
    fn pads_clamps_at_zero_and_merges_overlaps() {
        let merged = pad_and_merge(&[r(1000, 1200), r(100, 300), r(1600, 1700)], 250);
        assert_eq!(merged, vec![r(0, 550), r(750, 1950)]);
    }

    #[test]
    fn merges_adjacent_ranges_and_widens_degenerate_ones() {
        let merged = pad_and_merge(&[r(0, 100), r(100, 200), r(500, 500), r(900, 800)], 0);
        assert_eq!(merged, vec![r(0, 200), r(500, 600), r(800, 900)]);
    }

    #[test]
    fn a_word_timed_with_no_duration_is_still_silenced() {
        // end == start and end < start: both must leave a range to silence.
        let merged = pad_and_merge(&[r(4000, 4000), r(7000, 6990)], 250);
        assert_eq!(merged, vec![r(3750, 4350), r(6740, 7340)]);
        assert_eq!(normalize(&[r(10, 10)]), vec![r(10, 110)]);
    }

    #[test]
    fn frames_round_outwards() {
        // 8 kHz: 1 ms = 8 frames; 44.1 kHz: 1 ms = 44.1 frames.
        assert_eq!(r(1, 2).to_frames(8000), (8, 16));
        assert_eq!(r(1, 2).to_frames(44_100), (44, 89));
        assert_eq!(r(u64::MAX - 1, u64::MAX).to_frames(u32::MAX).1, u64::MAX);
    }

    proptest! {
        #[test]
        fn merged_output_is_sorted_disjoint_and_covers_every_padded_input(
            raw in proptest::collection::vec((0u64..100_000, 0u64..5_000), 0..30),
            pad in 0u64..1_000,
        ) {
            let ranges: Vec<TimeRange> = raw.iter().map(|&(s, len)| r(s, s + len)).collect();
            let merged = pad_and_merge(&ranges, pad);
            for pair in merged.windows(2) {
                prop_assert!(pair[0].end_ms < pair[1].start_ms);
            }
            for range in ranges.iter().map(TimeRange::widened) {
                let (start, end) = (range.start_ms.saturating_sub(pad), range.end_ms + pad);
                prop_assert!(merged.iter().any(|m| m.start_ms <= start && end <= m.end_ms));
            }
        }
    }
}

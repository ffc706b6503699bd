//! Scores the detector with the rule of shared/tools/score.py (a gold span is masked when every
//! letter/digit in it, filler words aside, is covered by a predicted span; a predicted span is
//! false when it covers no letter/digit of any gold span) on three corpora: the shared dev
//! corpus, the shared varied-phrasing corpus (dev2), and this repository's own probe set,
//! written independently of both (scripts/probes/README.md). The floors sit a little under the
//! measured figures so that a regression fails, not noise.

use std::collections::BTreeMap;
use std::io::BufRead;

use jobs::detect::{EntityType, InputKind, detect};
use serde_json::Value;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/pii-dev.jsonl"
);
const CORPUS2: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/pii-dev2.jsonl"
);
const PROBES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/probes.jsonl");
const BLIND: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blind.jsonl");
const BLIND2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blind2.jsonl");
const BLIND3: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blind3.jsonl");
const BLIND4: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blind4.jsonl");
const BLIND5: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blind5.jsonl");
const PUBLIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/public_cases.jsonl");
const FILLERS: &[&str] = &["um", "uh", "okay", "and", "then", "so", "mm-hmm"];

struct Score {
    gold: BTreeMap<EntityType, (usize, usize)>, // (total, masked)
    predicted: usize,
    false_spans: usize,
}

fn score(path: &str) -> Score {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("corpus {path}: {e}"));
    let mut s = Score {
        gold: BTreeMap::new(),
        predicted: 0,
        false_spans: 0,
    };
    for line in std::io::BufReader::new(f).lines() {
        let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
        let text = v["text"].as_str().unwrap();
        let kind: InputKind = v["kind"].as_str().unwrap().parse().unwrap();
        let chars: Vec<char> = text.chars().collect();
        // byte offset -> code point index
        let mut cp_of = vec![0usize; text.len() + 1];
        for (ci, (bi, ch)) in text.char_indices().enumerate() {
            for b in bi..bi + ch.len_utf8() {
                cp_of[b] = ci;
            }
        }
        cp_of[text.len()] = chars.len();
        let pred: Vec<(usize, usize)> = detect(text, kind)
            .iter()
            .map(|p| (cp_of[p.start], cp_of[p.end]))
            .collect();
        let mut covered = vec![false; chars.len()];
        for &(a, b) in &pred {
            covered[a..b].iter_mut().for_each(|c| *c = true);
        }
        let mut gold_chars = vec![false; chars.len()];
        for g in v["spans"].as_array().unwrap() {
            let (a, b) = (
                g["start"].as_u64().unwrap() as usize,
                g["end"].as_u64().unwrap() as usize,
            );
            let ty = EntityType::parse(g["type"].as_str().unwrap()).unwrap();
            // alphanumeric chars of non-filler space-separated tokens
            let mut idx = Vec::new();
            let mut pos = a;
            let span: String = chars[a..b].iter().collect();
            for tok in span.split(' ') {
                let n = tok.chars().count();
                if !FILLERS.contains(&tok) {
                    idx.extend((pos..pos + n).filter(|&i| chars[i].is_alphanumeric()));
                }
                pos += n + 1;
            }
            idx.iter().for_each(|&i| gold_chars[i] = true);
            let e = s.gold.entry(ty).or_default();
            e.0 += 1;
            if idx.iter().all(|&i| covered[i]) {
                e.1 += 1;
            }
        }
        for &(a, b) in &pred {
            s.predicted += 1;
            if !(a..b).any(|i| gold_chars[i] && chars[i].is_alphanumeric()) {
                s.false_spans += 1;
            }
        }
    }
    s
}

impl Score {
    fn recall(&self, ty: EntityType) -> f64 {
        let (t, m) = self.gold[&ty];
        m as f64 / t as f64
    }

    fn core_recall(&self) -> f64 {
        let (t, m) = self
            .gold
            .iter()
            .filter(|(ty, _)| ty.is_core())
            .fold((0, 0), |(t, m), (_, (a, b))| (t + a, m + b));
        m as f64 / t as f64
    }

    fn precision(&self) -> f64 {
        (self.predicted - self.false_spans) as f64 / self.predicted.max(1) as f64
    }

    fn print(&self, name: &str) {
        for (ty, (t, m)) in &self.gold {
            println!(
                "{name} {:16} {:5} recall {:.4}",
                ty.as_str(),
                t,
                *m as f64 / *t as f64
            );
        }
        println!(
            "{name} core recall {:.4} precision {:.4} ({} false of {})",
            self.core_recall(),
            self.precision(),
            self.false_spans,
            self.predicted
        );
    }

    /// Fails with every floor that was missed, not just the first.
    fn assert_floors(&self, name: &str, core: f64, precision: f64, per_type: &[(EntityType, f64)]) {
        self.print(name);
        let mut missed = Vec::new();
        if self.core_recall() < core {
            missed.push(format!("core recall {:.4} < {core}", self.core_recall()));
        }
        if self.precision() < precision {
            missed.push(format!("precision {:.4} < {precision}", self.precision()));
        }
        for &(ty, floor) in per_type {
            if self.recall(ty) < floor {
                missed.push(format!(
                    "{} recall {:.4} < {floor}",
                    ty.as_str(),
                    self.recall(ty)
                ));
            }
        }
        assert!(missed.is_empty(), "{name}: {}", missed.join("; "));
    }
}

use EntityType::*;

#[test]
fn detect_dev_corpus_recall_and_precision() {
    score(CORPUS).assert_floors(
        "dev",
        0.995,
        0.99,
        &[
            (CreditCard, 0.995),
            (CardCvv, 0.995),
            (PersonName, 0.95),
            (StreetAddress, 0.98),
            (DateOfBirth, 0.98),
        ],
    );
}

#[test]
fn detect_varied_phrasing_corpus_recall_and_precision() {
    score(CORPUS2).assert_floors(
        "dev2",
        0.997,
        0.995,
        &[
            (CreditCard, 0.995),
            (CardExpiry, 0.995),
            (CardCvv, 0.995),
            (Ssn, 0.995),
            (PhoneNumber, 0.99),
            (EmailAddress, 0.99),
            (BankAccount, 0.995),
            (PersonName, 0.98),
            (StreetAddress, 0.98),
            (DateOfBirth, 0.975),
        ],
    );
}

#[test]
fn detect_independent_probe_set_recall_and_precision() {
    score(PROBES).assert_floors(
        "probes",
        0.995,
        0.985,
        &[
            (CreditCard, 0.995),
            (CardExpiry, 0.99),
            (CardCvv, 0.99),
            (Ssn, 0.99),
            (PhoneNumber, 0.97),
            (EmailAddress, 0.99),
            (BankAccount, 0.98),
            (PersonName, 0.95),
            (StreetAddress, 0.96),
            (DateOfBirth, 0.98),
        ],
    );
}

/// A second set written later by someone who had not seen the detector or the first probe
/// set (scripts/probes/blind): the honest measure of phrasing never tuned on.
#[test]
fn detect_blind_set_recall_and_precision() {
    score(BLIND).assert_floors(
        "blind",
        0.99,
        0.975,
        &[
            (CreditCard, 0.95),
            (CardExpiry, 0.99),
            (CardCvv, 0.99),
            (EmailAddress, 0.99),
            (PersonName, 0.92),
            (StreetAddress, 0.98),
        ],
    );
}

/// A third set (scripts/probes/blind2), written this round by someone who had seen neither
/// the detector nor the other sets: its first score (core 0.876) drove the chat-split,
/// form-key and CSV changes; the floors sit under today's figures.
#[test]
fn detect_second_blind_set_recall_and_precision() {
    score(BLIND2).assert_floors(
        "blind2",
        0.975,
        0.965,
        &[
            (CreditCard, 0.975),
            (CardExpiry, 0.97),
            (CardCvv, 0.975),
            (EmailAddress, 0.97),
            (PersonName, 0.94),
            (StreetAddress, 0.96),
        ],
    );
}

/// A fourth set (scripts/probes/blind3), written at the start of the last round by a helper
/// that saw neither the detector nor the other sets: its first score (core 0.873) is what
/// unseen phrasing costs; it drove the slip, timestamp-only, pipe- and bracket-label,
/// read-back expiry, typed-halves card, echo, split e-mail and sentence-subject name changes
/// (core 0.968, names 0.943 after). The floors sit under today's figures.
#[test]
fn detect_third_blind_set_recall_and_precision() {
    score(BLIND3).assert_floors(
        "blind3",
        0.968,
        0.98,
        &[
            (CreditCard, 0.98),
            (CardExpiry, 0.96),
            (CardCvv, 0.955),
            (Ssn, 0.99),
            (EmailAddress, 0.975),
            (PersonName, 0.935),
        ],
    );
}

/// The fifth blind set (scripts/probes/blind4, 700 items), written by a helper that saw
/// neither the detector nor the other sets, around transcript and form shapes the others
/// lack (SRT/WebVTT cues, JSON-lines exports, labels with timestamps, chat exports, vCard,
/// logfmt, XML) and recogniser styles (numerals mixed with words, stuck tens, hyphenated
/// digits). First score core 0.824, precision 0.810; after the changes it drove, core 0.939,
/// precision 0.957, names 0.915. The floors sit under today's figures.
#[test]
fn detect_fifth_blind_set_recall_and_precision() {
    score(BLIND4).assert_floors(
        "blind4",
        0.95,
        0.955,
        &[
            (CreditCard, 0.975),
            (CardExpiry, 0.955),
            (CardCvv, 0.98),
            (Ssn, 0.89),
            (EmailAddress, 0.89),
            (PersonName, 0.90),
        ],
    );
}

/// A sixth blind set (scripts/probes/blind5), written this round without seeing the detector:
/// conversational phrasing (payment exchanges read over turns with pauses, slips, echoes and
/// corrections; closings and desk introductions with names that are words). First score,
/// with only this round's earlier changes: core 0.918, card 0.891, CVV 0.927, names 0.851,
/// precision 0.950; after the changes it drove, core 0.977, names 0.954, precision 0.967.
#[test]
fn detect_sixth_blind_set_recall_and_precision() {
    score(BLIND5).assert_floors(
        "blind5",
        0.97,
        0.96,
        &[
            (CreditCard, 0.955),
            (CardExpiry, 0.975),
            (CardCvv, 0.975),
            (Ssn, 0.98),
            (EmailAddress, 0.975),
            (PersonName, 0.945),
        ],
    );
}

/// Other tools' public test cases (Presidio, DataFog, scrubadub, Google DLP samples,
/// pii-codex; scripts/probes/public): typed text, their labels mapped to ours.
#[test]
fn detect_other_tools_public_cases() {
    score(PUBLIC).assert_floors(
        "public",
        0.945,
        0.945,
        &[
            (CreditCard, 0.96),
            (EmailAddress, 0.97),
            (BankAccount, 0.95),
            (PersonName, 0.85),
        ],
    );
}

/// Writes predictions for score.py: `cargo test -p jobs --test detect_corpus -- --ignored`
/// then `python3 shared/tools/score.py shared/corpus/pii-dev.jsonl /tmp/pred.jsonl`.
#[test]
#[ignore]
fn detect_write_predictions() {
    let path = std::env::var("MUFFLE_PRED").unwrap_or_else(|_| "/tmp/pred.jsonl".into());
    let src = std::env::var("MUFFLE_INPUT").unwrap_or_else(|_| CORPUS.into());
    let input = std::io::BufReader::new(std::fs::File::open(src).expect("dev corpus present"));
    let out = std::fs::File::create(path).unwrap();
    let bad = jobs::detect::jsonl::run(
        input,
        std::io::BufWriter::new(out),
        std::io::stderr(),
        false,
    )
    .unwrap();
    assert_eq!(bad, 0);
}

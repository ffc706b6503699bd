//! Scores the detector on the dev corpus with the rule of shared/tools/score.py: a gold span
//! is masked when every letter/digit in it (filler words aside) is covered by a predicted span;
//! a predicted span is false when it covers no letter/digit of any gold span.

use std::collections::BTreeMap;
use std::io::BufRead;

use jobs::detect::{EntityType, InputKind, detect};
use serde_json::Value;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/pii-dev.jsonl"
);
const FILLERS: &[&str] = &["um", "uh", "okay", "and", "then", "so", "mm-hmm"];

struct Score {
    gold: BTreeMap<EntityType, (usize, usize)>, // (total, masked)
    predicted: usize,
    false_spans: usize,
}

fn score() -> Score {
    let f = std::fs::File::open(CORPUS).expect("dev corpus missing at shared/corpus/pii-dev.jsonl");
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

#[test]
fn detect_dev_corpus_recall_and_precision() {
    let s = score();
    let (mut core_t, mut core_m) = (0, 0);
    for (ty, (t, m)) in &s.gold {
        println!(
            "{:16} {:5} recall {:.4}",
            ty.as_str(),
            t,
            *m as f64 / *t as f64
        );
        if ty.is_core() {
            core_t += t;
            core_m += m;
        }
    }
    let recall = core_m as f64 / core_t as f64;
    let precision = (s.predicted - s.false_spans) as f64 / s.predicted.max(1) as f64;
    println!(
        "core recall {recall:.4} precision {precision:.4} ({} false of {})",
        s.false_spans, s.predicted
    );
    assert!(recall >= 0.99, "core recall {recall:.4} < 0.99");
    assert!(precision >= 0.95, "precision {precision:.4} < 0.95");
    let (ct, cm) = s.gold[&EntityType::CreditCard];
    assert!(cm as f64 / ct as f64 >= 0.99, "card recall too low");
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

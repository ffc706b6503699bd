//! `detect_words` on the shared timed transcripts: every gold word range (the words that must
//! be silenced) lies inside the time range of a detected word span.

use jobs::detect::detect_words;
use serde_json::Value;

const AUDIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/audio");

#[test]
fn detect_words_cover_gold_audio_ranges() {
    let mut checked = 0;
    for entry in std::fs::read_dir(AUDIO).expect("shared/audio present") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".transcript.json") else {
            continue;
        };
        let tr: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_file_name(format!("{stem}.gold.json"))).unwrap(),
        )
        .unwrap();
        let words = tr["words"].as_array().unwrap();
        let pairs: Vec<(&str, &str)> = words
            .iter()
            .map(|w| (w["speaker"].as_str().unwrap(), w["text"].as_str().unwrap()))
            .collect();
        let ms = |i: usize, k: &str| words[i][k].as_u64().unwrap();
        let ranges: Vec<(u64, u64)> = detect_words(&pairs)
            .iter()
            .map(|s| (ms(s.first_word, "start_ms"), ms(s.last_word, "end_ms")))
            .collect();
        for g in gold.as_array().unwrap() {
            let (a, b) = (
                g["start_ms"].as_u64().unwrap(),
                g["end_ms"].as_u64().unwrap(),
            );
            assert!(
                ranges.iter().any(|&(s, e)| s <= a && b <= e),
                "{stem}: gold {} range {a}-{b} ms not covered",
                g["type"]
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no gold ranges found");
}

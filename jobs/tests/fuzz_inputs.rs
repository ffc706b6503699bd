//! Property tests over everything a job reads that someone else wrote (issue 16): payloads,
//! transcripts, form JSON of any shape, and audio bytes. Arbitrary input gets an error or a
//! result, never a panic; payload errors never quote the input.

use jobs::audio::{RedactionStyle, TimeRange, redact_bytes};
use proptest::prelude::*;
use serde_json::Value;

/// Arbitrary JSON, nested a few levels, with strings that look like values.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z0-9 @.+_-]{0,24}".prop_map(Value::String),
        Just(Value::String("4111 1111 1111 1111".into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_]{1,12}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Every job's payload check takes any JSON and explains a refusal without its values.
    #[test]
    fn payload_validation_never_panics_nor_echoes(payload in json()) {
        for spec in jobs::registry::JOBS {
            if let Err(reason) = (spec.validate)(&payload) {
                prop_assert!(!reason.contains("4111"), "{}: {reason}", spec.name);
            }
            let _ = (spec.kept_on_failure)(&payload);
        }
    }

    /// Transcripts of any shape parse or fail with an error.
    #[test]
    fn transcripts_of_any_shape_never_panic(transcript in json()) {
        if let Ok(words) = jobs::transcript::words(&transcript) {
            let _ = jobs::transcript::end_ms(&words);
            let _ = jobs::transcript::detect(&words);
        }
    }

    /// Word-timed transcripts with arbitrary timings (negative, reversed, huge).
    #[test]
    fn arbitrary_word_timings_never_panic(
        words in prop::collection::vec(("[a-z]{1,8}", any::<f64>(), any::<f64>()), 0..40)
    ) {
        let words: Vec<Value> = words
            .into_iter()
            .map(|(text, start, end)| serde_json::json!({"speaker": 1, "text": text, "start_ms": start, "end_ms": end}))
            .collect();
        let transcript = serde_json::json!({"words": words});
        if let Ok(words) = jobs::transcript::words(&transcript) {
            let _ = jobs::transcript::detect(&words);
        }
    }

    /// Form JSON of any shape: every string leaf is read, none panics.
    #[test]
    fn forms_of_any_shape_never_panic(fields in json()) {
        let texts: Vec<String> = jobs::redaction::form_texts(&fields).collect();
        for text in texts {
            let _ = jobs::detect::detect(&text, jobs::detect::InputKind::Form);
        }
    }

    /// Audio parsers: arbitrary bytes, and real headers followed by garbage, fail closed.
    #[test]
    fn audio_bytes_never_panic(
        head in prop_oneof![Just(b"RIFF".to_vec()), Just(b"ID3".to_vec()), Just(vec![0xFF, 0xFB]), Just(Vec::new())],
        body in prop::collection::vec(any::<u8>(), 0..4096),
        start in 0u64..10_000,
        len in 0u64..5_000,
    ) {
        let mut bytes = head;
        bytes.extend(body);
        let ranges = [TimeRange::new(start, start + len)];
        for style in [RedactionStyle::Silence, RedactionStyle::Beep] {
            let _ = redact_bytes(&bytes, &ranges, style);
        }
    }
}

//! Property tests: arbitrary input never panics; spans are on char boundaries, sorted,
//! non-overlapping and in bounds; redaction keeps everything outside the spans.

use jobs::detect::{InputKind, detect, detect_words, redact};
use proptest::prelude::*;

fn check(text: &str, kind: InputKind) {
    let spans = detect(text, kind);
    let mut prev = 0;
    for s in &spans {
        assert!(s.start < s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(s.start >= prev, "sorted and non-overlapping");
        assert!((0.0..=1.0).contains(&s.confidence));
        prev = s.end;
    }
    let r = redact(text, &spans);
    let kept: usize = text.len() - spans.iter().map(|s| s.end - s.start).sum::<usize>();
    let added: usize = spans.iter().map(|s| s.entity.placeholder().len()).sum();
    assert_eq!(r.len(), kept + added);
}

fn kinds() -> impl Strategy<Value = InputKind> {
    prop_oneof![
        Just(InputKind::Call),
        Just(InputKind::Text),
        Just(InputKind::Chat),
        Just(InputKind::Form)
    ]
}

/// Text built from the detector's own vocabulary, so the interesting paths are exercised.
fn wordy() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "one",
        "two",
        "oh",
        "zero",
        "forty",
        "eleven",
        "double",
        "triple",
        "hundred",
        "thousand",
        "um",
        "and",
        "then",
        "card",
        "security",
        "code",
        "social",
        "last",
        "four",
        "at",
        "dot",
        "com",
        "gmail",
        "underscore",
        "routing",
        "account",
        "order",
        "ticket",
        "my",
        "name",
        "is",
        "this",
        "agent:",
        "customer:",
        "\n",
        "4111",
        "12/29",
        "-",
        "/",
        "$",
        ".",
        ",",
        "555-1234",
        "may",
        "july",
        "street",
        "oak",
        "é",
        "名",
        "😀",
        "Name:",
        "expires",
        "cvv",
        "phone",
        "1999",
        "07",
        "ext",
        ":",
        "mm-hmm",
        "'",
        "’s",
    ]);
    prop::collection::vec(words, 0..60).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn detect_arbitrary_text_never_panics(text in any::<String>(), kind in kinds()) {
        check(&text, kind);
    }

    #[test]
    fn detect_vocabulary_soup_never_panics(text in wordy(), kind in kinds()) {
        check(&text, kind);
    }

    #[test]
    fn detect_words_api_in_bounds(ws in prop::collection::vec((prop::sample::select(vec!["agent", "customer", ""]), wordy()), 0..20)) {
        let pairs: Vec<(&str, &str)> = ws.iter().map(|(s, w)| (*s, w.as_str())).collect();
        for s in detect_words(&pairs) {
            prop_assert!(s.first_word <= s.last_word && s.last_word < pairs.len());
        }
    }
}

use super::*;

#[test]
fn stored_text_aligns_with_the_original_on_its_placeholders() {
    let (before, after) = align(
        "and card 5500 0000 0000 0004 exp 11/28",
        "and card [CREDIT_CARD] exp [CARD_EXPIRY]",
    )
    .unwrap();
    assert_eq!(
        before,
        vec![
            Piece::plain("and card "),
            Piece::found("5500 0000 0000 0004", "CREDIT_CARD"),
            Piece::plain(" exp "),
            Piece::found("11/28", "CARD_EXPIRY"),
        ]
    );
    assert_eq!(after[1], Piece::found("[CREDIT_CARD]", "CREDIT_CARD"));
    // Unchanged text, and text that does not line up, show unmarked.
    assert_eq!(align("hi", "hi").unwrap().0, vec![Piece::plain("hi")]);
    assert!(align("hi there", "bye [PHONE]").is_none());
    assert_eq!(
        placeholder_segments("a [note] b"),
        vec![("a [note] b", false)]
    );
}

#[test]
fn a_spoken_value_is_one_placeholder_in_the_human_view() {
    let original =
        transcript("agent: the card number\ncustomer: four one one one\ncustomer: one thanks");
    let mut stored = original.clone();
    for index in 3..8 {
        stored["words"][index]["text"] = Value::from("[CREDIT_CARD]");
    }
    let spans = [WordSpan {
        first: 3,
        last: 7,
        entity: "CREDIT_CARD".into(),
    }];
    let lines = call_lines(&original, &stored, &spans);
    assert_eq!(lines.len(), 2);
    assert!(!lines[0].changed());
    assert_eq!(lines[1].label.as_deref(), Some("customer"));
    assert_eq!(lines[1].before_text(), "four one one one one thanks");
    assert_eq!(lines[1].after_text(), "[CREDIT_CARD] thanks");
    assert_eq!(
        lines[1].before[0],
        Piece::found("four one one one one", "CREDIT_CARD")
    );
}

#[test]
fn colour_only_on_a_terminal() {
    let piece = |colour| Style { colour }.found("4111");
    assert_eq!(piece(false), "4111");
    assert_eq!(piece(true), "\x1b[1;31m4111\x1b[0m");
}

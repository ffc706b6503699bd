//! Unit tests for the detector's phenomena (own sentences, not corpus ones).

use super::EntityType::*;
use super::*;

pub(super) fn found(text: &str) -> Vec<(String, EntityType)> {
    detect(text, InputKind::infer(text))
        .into_iter()
        .map(|s| (text[s.start..s.end].to_string(), s.entity))
        .collect()
}

/// `value` is detected (covered by one span) with type `e`.
#[track_caller]
pub(super) fn has(text: &str, value: &str, e: EntityType) {
    let f = found(text);
    assert!(
        f.iter().any(|(v, t)| v.contains(value) && *t == e),
        "expected {e} covering {value:?} in {text:?}; got {f:?}"
    );
}

/// Nothing in `text` is detected.
#[track_caller]
fn none(text: &str) {
    let f = found(text);
    assert!(f.is_empty(), "expected nothing in {text:?}; got {f:?}");
}

/// `value` is not covered by any span.
#[track_caller]
pub(super) fn not_covered(text: &str, value: &str) {
    let at = text.find(value).expect("value in text");
    let spans = detect(text, InputKind::infer(text));
    assert!(
        !spans
            .iter()
            .any(|s| s.start < at + value.len() && at < s.end),
        "expected {value:?} untouched in {text:?}; got {:?}",
        found(text)
    );
}

// ---- spoken digits ---------------------------------------------------------------------

#[test]
fn card_spoken_digit_by_digit_with_oh_and_zero() {
    let t = "agent: which card will you be paying with\ncaller: it's four oh one two eight eight eight eight eight eight eight eight one eight eight one\n";
    has(
        t,
        "four oh one two eight eight eight eight eight eight eight eight one eight eight one",
        CreditCard,
    );
}

#[test]
fn card_double_triple() {
    let t = "rep: go ahead with the card number when ready\ncustomer: five five double five triple four one two three four five six seven eight nine\n";
    has(
        t,
        "five five double five triple four one two three four five six seven eight nine",
        CreditCard,
    );
}

#[test]
fn card_pairs_and_hundreds() {
    let t = "agent: what's the long number on the front of the card\ncustomer: forty one eleven eleven eleven eleven eleven eleven eleven\n";
    has(
        t,
        "forty one eleven eleven eleven eleven eleven eleven eleven",
        CreditCard,
    );
    let t = "agent: read me the card number please\ncustomer: four eleven one one one one one one one one one one one one one\n";
    has(t, "four eleven one one one one", CreditCard);
}

#[test]
fn card_mixed_digits_and_words_with_fillers() {
    let t = "customer: i'd like to put it on my visa\nagent: sure go ahead\ncustomer: 4532 um seven five eight uh two 0150 then three three six six\n";
    has(
        t,
        "4532 um seven five eight uh two 0150 then three three six six",
        CreditCard,
    );
}

#[test]
fn card_split_across_turns() {
    let t = "agent: okay what's the card number\ncustomer: five one oh five one oh five one\nagent: mm-hmm\ncustomer: oh five one oh five one oh zero\n";
    has(t, "five one oh five one oh five one", CreditCard);
    has(t, "oh five one oh five one oh zero", CreditCard);
}

#[test]
fn card_agent_read_back() {
    let t = "agent: what card number should i charge\ncustomer: 4111 1111 1111 1111\nagent: let me repeat that back four one one one one one one one one one one one one one one one is that right\n";
    has(t, "4111 1111 1111 1111", CreditCard);
    has(
        t,
        "four one one one one one one one one one one one one one one one",
        CreditCard,
    );
}

#[test]
fn card_asr_slip_fails_luhn_but_payment_context() {
    // 15 digits, Luhn fails, said after a payment request.
    let t = "agent: i can take that payment now\ncustomer: three seven two two two three three three four four four five five five six six\n";
    has(t, "three seven two two two", CreditCard);
}

#[test]
fn card_typed_forms() {
    has(
        "CC#: 4929-1234-5678-9012",
        "4929-1234-5678-9012",
        CreditCard,
    );
    has(
        "pls charge my mastercard 5500 0055 5555 5559 thx",
        "5500 0055 5555 5559",
        CreditCard,
    );
    // Luhn-valid Visa with no cue at all still masked by shape.
    has(
        "use 4111111111111111 for it",
        "4111111111111111",
        CreditCard,
    );
}

// ---- expiry and CVV ---------------------------------------------------------------------

#[test]
fn expiry_forms() {
    has("my card expires 05/27", "05/27", CardExpiry);
    has("Exp: 5/2027", "5/2027", CardExpiry);
    has(
        "agent: and when does it expire\ncustomer: oh five twenty seven\n",
        "oh five twenty seven",
        CardExpiry,
    );
    has(
        "agent: the expiration date please\ncustomer: may twenty twenty seven\n",
        "may twenty twenty seven",
        CardExpiry,
    );
    has("Valid thru 11-29", "11-29", CardExpiry);
}

#[test]
fn cvv_from_context() {
    has(
        "agent: and the three digits on the back\ncustomer: seven two nine\n",
        "seven two nine",
        CardCvv,
    );
    has("Security code: 4417", "4417", CardCvv);
    has("cvv is 031", "031", CardCvv);
    has(
        "agent: what's the security code\ncustomer: uh it's six six one\n",
        "six six one",
        CardCvv,
    );
}

#[test]
fn card_then_expiry_then_cvv_on_one_line() {
    let t = "card 4111 1111 1111 1111 12/29 123";
    has(t, "4111 1111 1111 1111", CreditCard);
    has(t, "12/29", CardExpiry);
    has(t, "123", CardCvv);
}

// ---- SSN ---------------------------------------------------------------------------------

#[test]
fn ssn_forms() {
    has("Social Security #: 078-05-1120", "078-05-1120", Ssn);
    has(
        "agent: i need your social security number\ncaller: five two one oh seven six six four four\n",
        "five two one oh seven six six four four",
        Ssn,
    );
    has("my ssn 219 09 9999", "219 09 9999", Ssn);
    has("ssn: 219099999", "219099999", Ssn);
    has(
        "customer: the last four of my social are eight eight one two\n",
        "eight eight one two",
        Ssn,
    );
    has(
        "agent: can you give me the last 4 of your ssn\ncustomer: 7701\n",
        "7701",
        Ssn,
    );
    // dashed 3-2-4 with no cue
    has("it is 123-45-6789 i think", "123-45-6789", Ssn);
}

// ---- phones -----------------------------------------------------------------------------

#[test]
fn phone_forms() {
    has("Mobile: (415) 555-2671", "415) 555-2671", PhoneNumber);
    has("Phone: 415.555.2671", "415.555.2671", PhoneNumber);
    has("text me at 4155552671 tonight", "4155552671", PhoneNumber);
    has(
        "agent: what's a good callback number\ncustomer: four one five and five five five uh two six seven one\n",
        "four one five and five five five uh two six seven one",
        PhoneNumber,
    );
    has(
        "reach me on my cell 1-415-555-2671",
        "415-555-2671",
        PhoneNumber,
    );
}

// ---- e-mail -----------------------------------------------------------------------------

#[test]
fn email_forms() {
    has(
        "mail me: jo.ann+x@mail.example.org",
        "jo.ann+x@mail.example.org",
        EmailAddress,
    );
    has(
        "customer: it's tom dot baker at gmail dot com\n",
        "tom dot baker at gmail dot com",
        EmailAddress,
    );
    has(
        "customer: sure k underscore lee42 at proton dot me\n",
        "k underscore lee42 at proton dot me",
        EmailAddress,
    );
    has(
        "customer: rosa dash vega at my-isp dot net\n",
        "rosa dash vega at my-isp dot net",
        EmailAddress,
    );
}

// ---- bank -------------------------------------------------------------------------------

#[test]
fn bank_from_context() {
    let t = "customer: i'd rather pay from checking\nagent: okay the routing number first\ncustomer: one two one zero zero zero three five eight\nagent: and the account\ncustomer: 0012 3456 789\n";
    has(
        t,
        "one two one zero zero zero three five eight",
        BankAccount,
    );
    has(t, "0012 3456 789", BankAccount);
    has(
        "Routing number: 021000021\nAccount #: 9876543210",
        "021000021",
        BankAccount,
    );
    has(
        "Routing number: 021000021\nAccount #: 9876543210",
        "9876543210",
        BankAccount,
    );
}

// ---- second tier ------------------------------------------------------------------------

#[test]
fn names_from_context() {
    has(
        "agent: hi you're speaking with dana how can i help\ncustomer: hey this is marcus webb\n",
        "marcus webb",
        PersonName,
    );
    has(
        "Name: Grace Hopper\nEmail: g@navy.mil",
        "Grace Hopper",
        PersonName,
    );
    has("customer: hello my name is tobias\n", "tobias", PersonName);
    has(
        "agent: may i have your full name\ncustomer: yes it's anna kowalski\n",
        "anna kowalski",
        PersonName,
    );
}

#[test]
fn addresses_and_dob() {
    has(
        "agent: the address on file\ncustomer: twelve oh four birch lane\n",
        "twelve oh four birch lane",
        StreetAddress,
    );
    has("Address: 77 Sunset Blvd", "77 Sunset Blvd", StreetAddress);
    has(
        "agent: and your date of birth\ncustomer: march third nineteen eighty one\n",
        "march third nineteen eighty one",
        DateOfBirth,
    );
    has("DOB: 03/03/1981", "03/03/1981", DateOfBirth);
}

// ---- distractors ------------------------------------------------------------------------

#[test]
fn distractor_order_confirmation_reference_claim_ticket() {
    none("customer: my order number is four four one two nine eight seven six five\n");
    none("agent: your confirmation code is 5512 8890 1234 5567\n");
    none("Reference: 4111111111111111");
    none(
        "customer: the claim number is one one two two three three four four five five six six seven seven eight eight\n",
    );
    none("ticket 4539578763621486 is still open");
    none("case #0078051120 was escalated");
}

#[test]
fn distractor_prices_times_quantities_years() {
    none("agent: that comes to $1,249.00 today");
    none("agent: your total is four ninety nine\n");
    none("customer: can someone come at ten thirty tomorrow\n");
    none("we open at 9:45 am");
    none("customer: i need twelve hundred units\n");
    none("customer: we bought it in nineteen ninety eight\n");
    none("i'll take 300 of them");
}

#[test]
fn distractor_skus_tracking_extensions() {
    none("is model XR-44100 compatible");
    none("tracking 1Z999AA10123456784 shows delivered");
    none("agent: you can reach me at extension four four one\n");
    none("call the front desk ext 2231");
}

#[test]
fn payment_context_does_not_leak_to_later_numbers() {
    let t = "agent: what's the security code\ncustomer: 123\ncustomer: also the unit was bought in 2019\n";
    has(t, "123", CardCvv);
    not_covered(t, "2019");
}

// ---- API --------------------------------------------------------------------------------

#[test]
fn entity_type_names_roundtrip() {
    for e in EntityType::ALL {
        assert_eq!(EntityType::parse(e.as_str()), Some(e));
        assert_eq!(EntityType::parse(&e.as_str().to_lowercase()), Some(e));
        assert_eq!(e.placeholder(), format!("[{}]", e.as_str()));
        assert_eq!(e.to_string().parse::<EntityType>().unwrap(), e);
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            format!("\"{}\"", e.as_str())
        );
    }
    assert_eq!(EntityType::parse("nope"), None);
    assert_eq!("call".parse::<InputKind>().unwrap(), InputKind::Call);
    assert_eq!(serde_json::to_string(&InputKind::Form).unwrap(), "\"form\"");
}

#[test]
fn redact_replaces_only_spans() {
    let t = "café ssn 078-05-1120 ok";
    let spans = detect(t, InputKind::Text);
    assert_eq!(redact(t, &spans), "café ssn [SSN] ok");
    // invalid spans are ignored rather than panicking
    let bad = [Span {
        start: 1,
        end: 4,
        entity: Ssn,
        confidence: 1.0,
        why: Default::default(),
    }];
    assert_eq!(redact(t, &bad), t);
}

#[test]
fn detect_words_maps_to_word_indices() {
    let words: Vec<(&str, &str)> = "what card would you like to use"
        .split(' ')
        .map(|w| ("agent", w))
        .chain(
            "four one one one one one one one one one one one one one one one thanks"
                .split(' ')
                .map(|w| ("customer", w)),
        )
        .collect();
    let spans = detect_words(&words);
    assert_eq!(spans.len(), 1);
    assert_eq!((spans[0].first_word, spans[0].last_word), (7, 22));
    assert_eq!(spans[0].entity, CreditCard);
}

#[test]
fn infer_kind() {
    assert_eq!(
        InputKind::infer("agent: hi\ncustomer: hello\n"),
        InputKind::Call
    );
    assert_eq!(
        InputKind::infer("visitor: hi\nagent: Hello!\n"),
        InputKind::Chat
    );
    assert_eq!(InputKind::infer("Name: a\nEmail: b\n"), InputKind::Form);
    assert_eq!(InputKind::infer("just a text"), InputKind::Text);
}

// ---- later additions ---------------------------------------------------------------------

#[test]
fn two_answers_joined_by_and_are_split_in_question_order() {
    let t = "agent: now the expiry and the cvv\ncaller: oh three twenty nine and six one eight\n";
    has(t, "oh three twenty nine", CardExpiry);
    has(t, "six one eight", CardCvv);
}

#[test]
fn spoken_separators_and_month_of_year() {
    has(
        "agent: expiration\ncustomer: one one slash twenty eight\n",
        "one one slash twenty eight",
        CardExpiry,
    );
    has(
        "agent: when does it expire\ncustomer: june of twenty nine\n",
        "june of twenty nine",
        CardExpiry,
    );
}

#[test]
fn dob_day_first() {
    has(
        "agent: what's your birthday\ncustomer: the ninth of april nineteen seventy\n",
        "ninth of april nineteen seventy",
        DateOfBirth,
    );
}

#[test]
fn spoken_email_with_number_and_initial() {
    has(
        "customer: send it to r kaur ninety one at outlook dot com\n",
        "r kaur ninety one at outlook dot com",
        EmailAddress,
    );
}

#[test]
fn answer_to_name_question_needs_a_name_not_chatter() {
    none("agent: and your name please\ncustomer: give me a second\n");
    none("agent: what name is the account under\ncustomer: under my husband's name\n");
}

#[test]
fn card_read_as_sixteen_digits_without_card_word() {
    let t = "agent: go ahead with the sixteen digits\ncaller: six oh one one three three three three four four four four five five five five\n";
    has(
        t,
        "six oh one one three three three three four four four four five five five five",
        CreditCard,
    );
}

// ---- numbers split across turns, read-backs (detector v2) ------------------------------

/// Every one of `values` is covered, with type `e`.
#[track_caller]
fn all(text: &str, values: &[&str], e: EntityType) {
    for v in values {
        has(text, v, e);
    }
}

#[test]
fn card_in_four_turns_with_backchannels() {
    let t = "agent: can i have the long number on the card\ncaller: six zero one one\ncaller: two two four four\nagent: uh-huh\ncaller: eight eight oh oh\ncaller: nine one nine one\nagent: thanks\n";
    all(
        t,
        &[
            "six zero one one",
            "two two four four",
            "eight eight oh oh",
            "nine one nine one",
        ],
        CreditCard,
    );
    let t = "agent: card number whenever you're ready\ncaller: 5105\nagent: go ahead\ncaller: 1051\nagent: got it\ncaller: 0510\nagent: keep going\ncaller: 5100\n";
    all(t, &["5105", "1051", "0510", "5100"], CreditCard);
}

#[test]
fn split_number_takes_the_longest_run_the_question_accepts() {
    // The first part alone would already be an account number.
    let t = "agent: and the checking account number\ncaller: three three seven one\nagent: okay\ncaller: two two nine oh\nagent: mhm\ncaller: five five\n";
    all(
        t,
        &["three three seven one", "two two nine oh", "five five"],
        BankAccount,
    );
}

#[test]
fn split_number_answers_the_nearest_question_not_an_older_cue() {
    // "the service address" could take a short number; the card question is nearer.
    let t = "agent: what's the service address\ncaller: ninety one oak road\nagent: and which card today\ncaller: it's the number three seven one two nine nine\ncaller: eight four four two one oh oh\nagent: sure\ncaller: six\n";
    all(
        t,
        &[
            "three seven one two nine nine",
            "eight four four two one oh oh",
            "six",
        ],
        CreditCard,
    );
    // The question names two things; the run fits only one of them.
    let t = "agent: i'll need your social security number for the credit check\ncaller: six one one four two\nagent: yeah\ncaller: seven seven oh nine\n";
    all(t, &["six one one four two", "seven seven oh nine"], Ssn);
}

#[test]
fn split_number_with_the_agent_echoing_each_group() {
    let t = "agent: what's the card number\ncaller: three four one one\nagent: three four one one\ncaller: two two nine two\nagent: two two nine two\ncaller: six six seven\nagent: six six seven\ncaller: zero zero eight one\n";
    let spans = detect(t, InputKind::Call);
    let covered = |v: &str| {
        t.match_indices(v).all(|(at, _)| {
            spans
                .iter()
                .any(|s| s.start <= at && at + v.len() <= s.end && s.entity == CreditCard)
        })
    };
    for v in [
        "three four one one",
        "two two nine two",
        "six six seven",
        "zero zero eight one",
    ] {
        assert!(covered(v), "{v:?} not covered as card everywhere");
    }
}

#[test]
fn split_phone_and_ssn() {
    let t = "agent: what number can we text\ncaller: six one seven\nagent: okay\ncaller: two two oh\ncaller: nine nine one four\n";
    all(
        t,
        &["six one seven", "two two oh", "nine nine one four"],
        PhoneNumber,
    );
    let t = "agent: your social please\ncaller: three one one\nagent: mm-hmm\ncaller: eight two\nagent: sorry go on\ncaller: four four one seven\n";
    all(
        t,
        &["three one one", "eight two", "four four one seven"],
        Ssn,
    );
}

#[test]
fn split_run_stops_at_a_new_question_or_a_distractor() {
    let t = "agent: card number please\ncaller: six zero one one two two four four eight eight oh oh nine one nine one\nagent: okay\ncaller: my order number is seven seven one two three\n";
    has(t, "six zero one one", CreditCard);
    not_covered(t, "seven seven one two three");
    let t = "agent: your ticket number is six zero one one\nagent: two two four four\ncaller: mm-hmm\nagent: eight eight oh oh nine one nine one\n";
    none(t);
}

#[test]
fn read_back_of_a_number_given_over_two_turns_with_a_slip() {
    // 15 digits (one dropped by the recognizer), given in two turns, read back in one.
    let t = "agent: go ahead with the card number\ncaller: six zero one one\nagent: okay\ncaller: two two four four eight eight oh oh nine one nine\nagent: got it six zero one one two two four four eight eight oh oh nine one nine\n";
    let spans = detect(t, InputKind::Call);
    let rb = t.rfind("six zero one one").unwrap();
    assert!(
        spans
            .iter()
            .any(|s| s.start <= rb && s.end >= t.len() - 1 && s.entity == CreditCard),
        "read-back not masked: {:?}",
        found(t)
    );
}

#[test]
fn read_back_with_a_changed_digit_over_turns_and_by_last_digits() {
    let card = "six zero one one two two four four eight eight oh oh nine one nine one";
    let t = format!(
        "agent: the card number\ncaller: {card}\nagent: i have six zero one one two two four four eight eight zero zero nine one nine seven\n"
    );
    let rb = t.rfind("six zero one one").unwrap();
    assert!(detect(&t, InputKind::Call).iter().any(|s| s.start == rb));
    let t = format!(
        "agent: the card number\ncaller: {card}\nagent: so that's six zero one one two two four four\ncaller: yes\nagent: eight eight zero zero nine one nine one\n"
    );
    let spans = detect(&t, InputKind::Call);
    assert_eq!(spans.len(), 3, "{:?}", found(&t));
    let t = "agent: your social\ncaller: three one one eight two four four one seven\nagent: the one ending in four four one seven\n";
    let spans = detect(t, InputKind::Call);
    assert_eq!(spans.len(), 2, "{:?}", found(t));
}

#[test]
fn commas_and_small_words_inside_spoken_numbers() {
    let t = "agent: what's the card number\ncaller: six zero one one, two two four four, eight eight oh oh, nine one nine one\n";
    has(
        t,
        "six zero one one, two two four four, eight eight oh oh, nine one nine one",
        CreditCard,
    );
    let t = "agent: best number to reach you\ncaller: six one seven, two two oh, ninety nine fourteen\n";
    has(
        t,
        "six one seven, two two oh, ninety nine fourteen",
        PhoneNumber,
    );
    let t = "agent: card number\ncaller: six zero one one yeah two two four four sorry eight eight oh oh nine one nine one\n";
    has(
        t,
        "six zero one one yeah two two four four sorry eight eight oh oh nine one nine one",
        CreditCard,
    );
    none("we have 1, 2, 3 options and 10, 20 or 30 seats");
    none("customer: i need three yeah three of them\n");
}

#[test]
fn phone_with_brackets_and_plus_one_masks_the_punctuation() {
    let t = "Cell: +1 (617) 220-9914";
    let s = detect(t, InputKind::Form);
    assert!(
        s.iter().any(|s| s.start == t.find('+').unwrap()
            && s.end == t.len()
            && s.entity == PhoneNumber),
        "{:?}",
        found(t)
    );
    let t = "reach me at (617) 220-9914 tonight";
    let s = detect(t, InputKind::Text);
    assert!(
        s.iter()
            .any(|s| s.start == t.find('(').unwrap() && s.entity == PhoneNumber),
        "{:?}",
        found(t)
    );
    has(
        "hi my number is +1 617 220 9914",
        "+1 617 220 9914",
        PhoneNumber,
    );
    none("we sold (120) units and (15) came back, +15 points");
}

#[test]
fn more_cue_wordings() {
    has(
        "customer: r singh at sign proton dot me\n",
        "r singh at sign proton dot me",
        EmailAddress,
    );
    let t = "agent: and the expiration month and year\ncaller: nine twenty eight\n";
    has(t, "nine twenty eight", CardExpiry);
    let t = "agent: and when does it expire\ncaller: oh nine of twenty eight\n";
    has(t, "oh nine of twenty eight", CardExpiry);
    let t = "agent: and the verification number\ncaller: three three eight\n";
    has(t, "three three eight", CardCvv);
    let t = "agent: the nine digits at the bottom left of your check\ncaller: oh one one oh oh oh oh one five\n";
    has(t, "oh one one oh oh oh oh one five", BankAccount);
    has("Date of birth: June 9, 1979", "June 9, 1979", DateOfBirth);
}

#[test]
fn read_back_of_a_last_four_after_an_address_question() {
    let t = "agent: what's the service address\ncaller: twelve oak road\nagent: last four of your social\ncaller: it's 7702\nagent: let me read that back seven seven oh two\n";
    has(t, "7702", Ssn);
    has(t, "seven seven oh two", Ssn);
}

/// Phenomena of this round's blind set, as general shapes: each a sentence of our own.
#[test]
fn chat_exports_forms_and_goodbyes() {
    // A header line ("Name 10:12") above each message.
    let t = "Desk 09:02\nwhat card should we use?\nTomasz Wren 09:03\nok 4111\nTomasz Wren 09:04\n1111 1111 (cont)\nTomasz Wren 09:05\n1111\nTomasz Wren 09:06\n11/29 code 845\n";
    has(t, "4111", CreditCard);
    has(t, "1111 1111", CreditCard);
    has(t, "11/29", CardExpiry);
    has(t, "845", CardCvv);
    has(t, "Tomasz Wren", PersonName);
    // Chat timestamps in brackets, dashed halves, "after that" lead-ins.
    let t = "[2025-01-02 10:00] Agent: go ahead with the card details\n[2025-01-02 10:01] Me: 4111-1111\n[2025-01-02 10:01] Me: 1111-1111\n";
    has(t, "4111-1111", CreditCard);
    has(t, "1111-1111", CreditCard);
    let t = "rep: the card you're using\ncaller: four one one one\ncaller: after that one one one one\ncaller: then one one one one\ncaller: one one one one\n";
    has(t, "one one one one", CreditCard);
    // Form keys split at '-', '_' and case changes; CSV columns.
    has(
        "{\"card-month\": \"03\", \"card-cvv2\": 475}",
        "03",
        CardExpiry,
    );
    has(
        "{\"cardExpMonth\": \"09\", \"cardCvc\": \"827\"}",
        "827",
        CardCvv,
    );
    let csv = "payer;pan;exp;cvc\nLiv Osei;4111 1111 1111 1111;0931;612\n";
    has(csv, "0931", CardExpiry);
    has(csv, "612", CardCvv);
    // The name that closes a goodbye; letters spelled after "spelled".
    has("agent: have a great day oyelowo\n", "oyelowo", PersonName);
    has(
        "caller: it's kofi mensah spelled m e n s a h\n",
        "m e n s a h",
        PersonName,
    );
    // A number run into the next word.
    has(
        "here 4111111111111111valid thru 02-31",
        "4111111111111111",
        CreditCard,
    );
}

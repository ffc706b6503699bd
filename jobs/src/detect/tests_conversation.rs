//! Phenomena from the sixth blind set (scripts/probes/blind5): how people read a card, a
//! code or a name out over a conversation, in our own sentences.

use super::EntityType::*;
use super::tests::{has, not_covered};

#[test]
fn a_pause_phrase_inside_a_read_out_number_does_not_end_it() {
    let call = "agent: go ahead with the card number\n\
                caller: four one one one, hold on, one one one one, let me see, one one one one \
                one one one one\n";
    has(
        call,
        "four one one one, hold on, one one one one",
        CreditCard,
    );
    // A slip right before the pause still counts as a digit.
    has(
        "agent: and the card number\ncaller: six zero one one one one one too hold on one one \
         one one one one one seven\n",
        "too hold on one",
        CreditCard,
    );
}

#[test]
fn a_card_read_over_turns_with_prompts_and_an_echo_between() {
    // Two-word labels: "Speaker 1" is not "Speaker 2", so the echo is seen as one.
    let call = "Speaker 1: Go ahead with the card number.\n\
                Speaker 2: Okay, hang on, let me grab my wallet.\n\
                Speaker 1: Take your time.\n\
                Speaker 2: four one one one\n\
                Speaker 1: Okay, next?\n\
                Speaker 2: Then 1111.\n\
                Speaker 1: Sorry, you cut out. Was that one one one one?\n\
                Speaker 2: Yeah.\n\
                Speaker 2: one one one one, one one one one\n";
    has(call, "four one one one", CreditCard);
    has(call, "1111", CreditCard);
    has(call, "one one one one, one one one one", CreditCard);
}

#[test]
fn expiry_corrections_and_code_in_one_breath() {
    let card = "agent: what card\ncaller: 4111 1111 1111 1111\n";
    let corrected = format!(
        "{card}agent: and valid through\ncaller: zero nine no zero eight twenty five\n\
         caller: 750\n"
    );
    has(&corrected, "zero eight twenty five", CardExpiry);
    has(&corrected, "750", CardCvv);
    let breath =
        format!("{card}agent: what's the exp date?\ncaller: Um, 5/28, eight seven three.\n");
    has(&breath, "5/28", CardExpiry);
    has(&breath, "eight seven three", CardCvv);
    let slash = format!(
        "{card}agent: and the date on the card\ncaller: it's 07 slash 25 one hundred eighty three\n"
    );
    has(&slash, "07 slash 25", CardExpiry);
    has(&slash, "one hundred eighty three", CardCvv);
    let hundreds = format!(
        "{card}agent: and the verification code?\ncaller: Um, five hundred and forty-one.\n"
    );
    has(&hundreds, "five hundred and forty-one", CardCvv);
}

#[test]
fn a_month_given_alone_before_its_year() {
    let call = "agent: what card\ncaller: 4111 1111 1111 1111\nagent: and the date on the card\n\
                caller: uh, eleven, and then\nagent: mm-hm, and the year?\ncaller: twenty nine\n";
    has(call, "eleven", CardExpiry);
    let named = "agent: what card\ncaller: 4111 1111 1111 1111\nagent: good through date\n\
                 caller: um december\nagent: and the year\ncaller: twenty nine\n";
    has(named, "december", CardExpiry);
    let comma = "agent: what card\ncaller: 4111 1111 1111 1111\nagent: and the valid-thru date?\n\
                 caller: Let me see, March, two thousand twenty nine.\n";
    has(comma, "March, two thousand twenty nine", CardExpiry);
}

#[test]
fn an_amex_code_may_read_like_a_year() {
    let call = "agent: which card\ncaller: 3782 822463 10005\nagent: and the expiry\n\
                caller: 04/29\nagent: since it's an amex, the four digits printed on the front\n\
                caller: it's nineteen fifty two\n";
    has(call, "nineteen fifty two", CardCvv);
}

#[test]
fn what_the_question_names_first_is_what_is_asked() {
    // "…social security number to open the claim": the claim is what it is for.
    let call = "Rep: I'll need your Social Security number to open the claim.\n\
                Member: oh four five.\nRep: Go on.\nMember: forty three\nRep: Okay, got that.\n\
                Member: oh one twenty four...\n";
    has(call, "oh four five", Ssn);
    // "the name on the account" asks for a name, not an account number.
    let chat = "Support: Can I get the name on the account?\nYou: Temitope Cardenas\n\
                You: 4111111111111111\nYou: 01/27\nYou: 843\n";
    has(chat, "4111111111111111", CreditCard);
    has(chat, "843", CardCvv);
    // A confirmation number for a payment is no card (and fails Luhn).
    not_covered(
        "agent: your confirmation number for today's payment is five seven two eight two seven \
         three three five six oh five five seven six three\n",
        "five seven two eight",
    );
}

#[test]
fn typed_groups_people_split_with_slashes_and_full_stops() {
    has(
        "> Card: 6011 / 1111 / 1111 / 1117\n> 03/31\n",
        "6011 / 1111 / 1111 / 1117",
        CreditCard,
    );
    has(
        "Oskar: 378282246310005\nOskar: 2032-08 8787\n",
        "8787",
        CardCvv,
    );
}

#[test]
fn names_that_are_words_in_a_speakers_slot() {
    has(
        "spk_0: Hey, you've reached Will with Bluefin Travel.",
        "Will",
        PersonName,
    );
    has(
        "Rep: Good morning, Stonefield Storage billing, Drew speaking.",
        "Drew",
        PersonName,
    );
    has(
        "agent: okay bill you're all set\ncaller: thanks",
        "bill",
        PersonName,
    );
    has(
        "agent: thanks so much spyros take care\ncaller: bye",
        "spyros",
        PersonName,
    );
    has(
        "B: Sure, first name Amber, last name Brennan-Yates.",
        "Brennan-Yates",
        PersonName,
    );
    has(
        "Hi, payment question - Søren Karimi (account holder)",
        "Søren Karimi",
        PersonName,
    );
    has(
        "Hi team,\n\n* Guarantor: OLUWASEUN MACAULAY\n* DOB: 6 April 1938\n",
        "OLUWASEUN MACAULAY",
        PersonName,
    );
    // A word with a clitic is never a name; nor is a company thanked for the call.
    not_covered(
        "agent: It'll post tonight, and you'll get two emails about it.",
        "you'll",
    );
    not_covered(
        "agent: thanks for calling copperline have a good one",
        "copperline",
    );
}

#[test]
fn ibans_in_lower_case_and_mails_over_turns() {
    has(
        "IBAN - gb82 west 1234 5698 7654 32\n",
        "gb82 west 1234 5698 7654 32",
        BankAccount,
    );
    // One case throughout: a mixed-case test string is not an IBAN.
    not_covered("GB82 wEST 1234 5698 7654 32", "wEST");
    let call = "spk_0: WHAT EMAIL SHOULD WE SEND THE RECEIPT TO\nspk_1: RIZALJAMS\n\
                spk_0: GO ON\nspk_1: AT OUTLOOK DOT COM\n";
    has(call, "RIZALJAMS", EmailAddress);
    has(call, "AT OUTLOOK DOT COM", EmailAddress);
    not_covered(
        "agent: what email\ncaller: okay so willruns\nagent: mm-hm\ncaller: at proton dot me\n",
        "mm-hm",
    );
}

#[test]
fn a_recognisers_full_stop_between_spoken_groups_is_a_pause() {
    has(
        "SPEAKER_00: And the policyholder's social?\nSPEAKER_01: Seven 56. Twenty three, forty \
         one zero nine\n",
        "Seven 56. Twenty three, forty one zero nine",
        Ssn,
    );
}

#[test]
fn pronouns_and_placeholders_are_not_names() {
    not_covered(
        "His SSN is 123-45-6789. He lives at 123 Main St, New York.",
        "He lives",
    );
    not_covered("name of patient: REDACTED", "REDACTED");
    not_covered("My Israeli number is 09-7625400", "Israeli");
    has("What's your last name? Krylova", "Krylova", PersonName);
}

#[test]
fn prices_counts_event_days_and_serials_after_card_talk_are_not_values() {
    let after_code = "agent: and the three on the back\ncustomer: three eight zero\n";
    not_covered(
        &format!("{after_code}agent: you have nine payments left at forty nine ninety nine each\n"),
        "forty nine ninety nine",
    );
    not_covered(
        &format!("{after_code}agent: you have nine payments left at forty nine ninety nine each\n"),
        "nine payments",
    );
    not_covered(
        &format!("{after_code}customer: the charge says nine ninety nine a month\n"),
        "nine ninety nine",
    );
    not_covered(
        &format!("{after_code}agent: we'll follow up by october twenty fifth\n"),
        "october",
    );
    not_covered(
        &format!("{after_code}agent: i have an opening saturday may twenty fourth at two\n"),
        "may",
    );
    not_covered(
        &format!("{after_code}customer: it says l n f nine y seven seven four c e nine d\n"),
        "seven seven four",
    );
    // A birth date keeps its year.
    has(
        "agent: your date of birth\ncustomer: october twenty fifth nineteen eighty\n",
        "nineteen eighty",
        DateOfBirth,
    );
}

#[test]
fn codes_currencies_and_city_state_lines_are_not_names() {
    not_covered(
        "support: Perfect, thanks. Your confirmation is SAN-GLNHH.",
        "SAN-GLNHH",
    );
    not_covered("Reminder: invoice 15333 for USD 995 is due.", "USD");
    not_covered("Maricela Gresham\n60 Ridge Blvd\nAlbany NY", "Albany NY");
    // Capitals with their vowel outside ASCII are still a name.
    has(
        "Dispatcher: what's the name on the account\nBJØRN BAUTISTA: it's bjørn bautista\n",
        "bjørn bautista",
        PersonName,
    );
}

#[test]
fn amounts_hosts_and_dates_in_forms_are_not_values() {
    let text = "hey Leisa its Mitchell, can you run my card again for the USD 1551 \
                4134701128853755 exp 0332 cvv 576";
    has(text, "4134701128853755", CreditCard);
    not_covered(text, "1551");
    not_covered(
        "Comments: my card 5337-6472-2445-5486 was charged USD 1754 twice, please refund.",
        "1754",
    );
    not_covered(
        "agent: and the expiry\ncustomer: 02/31\ncustomer: the charge on my statement says \
         twelve fifty on thursday the fifteenth\n",
        "twelve fifty",
    );
    not_covered(
        "Best email: lgarvey@gmail.com\nReferred from: shop.metrocable.com/c/82246482842119032\n",
        "shop.metrocable.com",
    );
    not_covered(
        "Routing #: 321 43 3709\nAccount #: 5422510385\nSignature date: 2024-11-12\n",
        "2024-11-12",
    );
}

#[test]
fn timestamps_and_counts_of_digits_or_minutes_are_not_values() {
    not_covered(
        "\"social\": \"400637658\", \"submitted_at\": \"2025-11-05 23:29:34\"",
        "2025-11-05",
    );
    not_covered(
        "coapp_ssn=528-47-1673&submitted=2025-11-10+15%3A30%3A07",
        "2025-11-10",
    );
    not_covered(
        "Customer: exp 03-26\nAgent: 3 digit code?\nCustomer: 174\n",
        "3 digit",
    );
    not_covered(
        "Your verification code is 021 833. It expires in 42 min.",
        "42",
    );
}

#[test]
fn a_name_spelled_with_a_phonetic_alphabet_is_one_name() {
    let call = "agent: can you spell your last name for me\n\
                caller: n as in nora a s s as in sam e r as in robert\n";
    has(
        call,
        "n as in nora a s s as in sam e r as in robert",
        PersonName,
    );
    has(
        "agent: how do you spell your last name\ncaller: it's b a n e r j as in juliet double e\n",
        "b a n e r j as in juliet double e",
        PersonName,
    );
}

#[test]
fn a_name_given_surname_first_with_a_comma() {
    has(
        "Agent: Your full name please?\nCustomer: its Beaumont, Alasdair\n",
        "Beaumont, Alasdair",
        PersonName,
    );
}

#[test]
fn a_name_after_a_relation_and_a_comma_but_not_after_a_title() {
    has(
        "Client: Hi, I'm calling on behalf of my mother, Jóhann D'Souza. I'm Rizal.",
        "Jóhann D'Souza",
        PersonName,
    );
    not_covered(
        "visitor: Here's my info: Claudette Weinstein, 767 Magnolia Dr., Fresno, CA",
        "Fresno",
    );
}

#[test]
fn a_routing_and_account_pair_split_by_a_slash() {
    has(
        "Sigrid: direct deposit info: rtn 229629864 / 84175435453",
        "84175435453",
        BankAccount,
    );
    has(
        "for the deposit: rt 312246727 / 2469255778",
        "312246727",
        BankAccount,
    );
}

#[test]
fn a_slip_opening_a_number_before_tens_or_another_slip() {
    has(
        "agent: what card will you use\ncaller: for eleven eleven eleven eleven eleven eleven \
         eleven one\n",
        "for eleven eleven",
        CreditCard,
    );
    not_covered("caller: we drove to forty towns", "to forty");
}

#[test]
fn a_card_typed_in_two_messages_with_a_word_after_and_its_code_asked_as_the_last_bit() {
    let sms = "[9/1 10:59 AM] babe: can u send me ur card # for the order\n\
               [9/1 11:08 AM] Me: 54361014\n\
               [9/1 11:13 AM] Me: 84188577 (2nd half)\n\
               [9/1 11:14 AM] Me: 10-31\n";
    has(sms, "54361014", CreditCard);
    has(sms, "84188577", CreditCard);
    has(sms, "10-31", CardExpiry);
    has(
        "agent: what card\ncaller: 4111 1111 1111 1111\nagent: and the expiry\ncaller: 04/29\n\
         caller: and the last bit is nine twenty three\n",
        "nine twenty three",
        CardCvv,
    );
}

#[test]
fn my_kind_of_number_is_a_phone() {
    has("My Israeli number is 09-7625400", "09-7625400", PhoneNumber);
    has(
        "My Japanese number is 090-1234-5678",
        "090-1234-5678",
        PhoneNumber,
    );
    // A cue word of its own keeps its meaning.
    not_covered("my order number is 4815162342", "4815162342");
}

#[test]
fn ten_digits_with_an_extension_are_a_phone() {
    has("Desk: 5551234567 ext 9", "5551234567", PhoneNumber);
    not_covered("Order 5551234567 shipped", "5551234567");
}

#[test]
fn a_person_at_a_desk_and_greeted_by_a_name_that_is_a_word() {
    has(
        "spk_0: thank you for calling lakeshore energy you've reached art how can i help you today",
        "art",
        PersonName,
    );
    has(
        "left: thank you for calling keystone credit union this is will how may i help",
        "will",
        PersonName,
    );
    has("Oi Hope me manda o pix", "Hope", PersonName);
    has(
        "callee: and your surname\ncaller: qureshi like it sounds\n",
        "qureshi",
        PersonName,
    );
    has(
        "1: yes it's mrs nikolaidis but everyone calls me Desmond",
        "Desmond",
        PersonName,
    );
}

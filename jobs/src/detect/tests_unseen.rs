//! Phenomena from the fourth blind set (scripts/probes/blind3), in our own sentences: what
//! unseen phrasing broke, kept fixed.

use super::EntityType::*;
use super::tests::{found, has, not_covered};

#[test]
fn a_recognizer_slip_can_start_or_end_a_spoken_number() {
    let call = "agent: the sixteen digits please\ncaller: yeah it's for zero four nine\n\
                agent: ok go on\ncaller: next is double three oh nine eighty four zero seven\n\
                agent: okay\ncaller: and six three oh three\n";
    has(call, "for zero four nine", CreditCard);
    has(
        "agent: and the account number\ncaller: it's seven one six two four for\n",
        "six two four for",
        BankAccount,
    );
    // One digit after a slip is not a number.
    not_covered("caller: we booked it for three nights", "for three");
}

#[test]
fn lines_with_only_a_timestamp_are_turns_like_labelled_ones() {
    let call = "(0:20) and what card will you be using today\n(0:22) five double three nine\n\
                (0:31) yeah\n(0:42) next is two two two six\n(0:56) then seven two nine three\n\
                (1:07) then five three double seven\n";
    has(call, "five double three nine", CreditCard);
    has(call, "five three double seven", CreditCard);
}

#[test]
fn pipe_framed_and_bracketed_speaker_labels() {
    let chat = "[00:00:55] | Speaker 1 | what's the card number\n\
                [00:01:00] | Speaker 2 | okay it's four five four two,\n\
                [00:01:13] | Speaker 1 | sorry go ahead\n\
                [00:01:25] | Speaker 2 | one zero two six four nine eight five eight nine six seven\n";
    has(chat, "four five four two", CreditCard);
    let named =
        "CSR (Matthias): good afternoon\nClient (Achieng): hi\nCSR (Matthias): how can i help\n";
    has(named, "Matthias", PersonName);
    let roles = "Beatrice (Support): Hello\nVisitor: hi\nBeatrice (Support): go ahead\n";
    has(roles, "Beatrice", PersonName);
    // A markdown table row is cells, not a label.
    has(
        "| Owner | Email |\n| Nina Patel | nina@co.com |",
        "Nina Patel",
        PersonName,
    );
}

#[test]
fn typed_card_shapes_people_use() {
    has(
        "Customer: 5323\u{2012}6206\u{2012}6736\u{2012}6771",
        "5323",
        CreditCard,
    );
    has(
        "ok here: 5588499965191110 | Jul '30, cvc 496",
        "Jul '30",
        CardExpiry,
    );
    let split =
        "Customer: 4467\nCustomer: sorry hit enter 387658230015\nCustomer: February 2028 261\n";
    has(split, "4467", CreditCard);
    has(split, "387658230015", CreditCard);
    has(split, "February 2028", CardExpiry);
    has(split, "261", CardCvv);
    has(
        "5137 4023 1742 5927, until 11/32, the 3 on back 860",
        "860",
        CardCvv,
    );
}

#[test]
fn an_expiry_read_back_in_another_rendering_is_the_expiry() {
    let call = "agent: and the card number\ncaller: four oh four five seven six two six nine two \
                eight seven nine five five eight\nagent: and after that\n\
                caller: july twenty twenty nine\nagent: okay july twenty nine\n";
    let f = found(call);
    assert!(
        f.iter().filter(|(_, t)| *t == CardExpiry).count() == 2,
        "both renderings of the expiry: {f:?}"
    );
}

#[test]
fn e_mails_spelled_with_words_split_over_turns_or_url_encoded() {
    let spelled = "agent: what email should we send it to\n\
                   caller: i s h as in henry a a n eighty six at m a i l dot c o m\n";
    has(
        spelled,
        "i s h as in henry a a n eighty six at m a i l dot c o m",
        EmailAddress,
    );
    let split = "S1: what email should we send the confirmation to\nS2: it's yerlan underscore dang\n\
                 S1: sure\nS2: at hotmail dot co dot uk\n";
    has(split, "yerlan underscore dang", EmailAddress);
    has(split, "at hotmail dot co dot uk", EmailAddress);
    has(
        "https://x.example/f?contact_email=nguyet.o%40kestrelglass.com&a=1",
        "nguyet.o%40kestrelglass.com",
        EmailAddress,
    );
    has(
        "o l e n a underscore l at sign g mail dot com",
        "g mail dot com",
        EmailAddress,
    );
    let phonetic = "Customer: it's p r e as in edward c i as in india o as in oscar s dot l at outlook dot com";
    has(phonetic, "p r e as in edward c i as in india", EmailAddress);
    let timestamped = "00:00:32 and an email for the receipt\n00:00:44 baraka underscore lundgren\n\
                       00:00:49 hang on, okay go\n00:01:02 at fastmail dot f m\n";
    has(timestamped, "baraka underscore lundgren", EmailAddress);
    has(timestamped, "at fastmail dot f m", EmailAddress);
}

#[test]
fn phones_with_a_spoken_plus_and_values_in_query_strings() {
    has(
        "caller: it's an indian number, plus nine one nine four three five two seven six eight nine four",
        "plus nine one nine four",
        PhoneNumber,
    );
    has(
        "https://x.example/f?phone=+61%20409%20519%20151&m=1",
        "409",
        PhoneNumber,
    );
    has(
        "https://x.example/f?soc_sec_no=548+47+1942&ref=1",
        "548+47+1942",
        Ssn,
    );
}

#[test]
fn names_that_open_a_sentence_or_are_spoken_to() {
    has(
        "Filip lives on Nassaustraat 123 street.",
        "Filip",
        PersonName,
    );
    has(
        "Marisca, can I please speak to your boss?",
        "Marisca",
        PersonName,
    );
    has(
        "\"I'm glad to hear that,\" says Eklund.",
        "Eklund",
        PersonName,
    );
    has(
        "perfect missus okoro that's been processed",
        "okoro",
        PersonName,
    );
    // A business is not a person, nor is "ty" (thank you) signing off.
    not_covered(
        "Staff: Hi, this is Sakura with Harborline Insurance support",
        "Harborline",
    );
    not_covered("User: welcome to Cedar and Sage Florists", "Sage");
    not_covered("Me: see you at 5\nMe: Ty\n", "Ty");
    // A notice is not a person.
    let f = found("Appt confirmed for 1/25 at 7am. Reply C to confirm");
    assert!(f.iter().all(|(_, t)| *t != PersonName), "{f:?}");
}

// Precision on other tools' public cases: what is plainly something else stays unmasked.

#[test]
fn places_and_employers_found_by_loose_cues_are_not_names() {
    not_covered("They relocated to Austin, Texas in 2023.", "Texas");
    not_covered("Conference moved from Paris to Berlin.", "Berlin");
    not_covered("He grew up in Monroe and still visits.", "Monroe");
    not_covered("I work for Geoscape", "Geoscape");
    not_covered("Apple reported quarterly revenue to investors.", "Apple");
    // A label or an introduction still decides: a person.
    has("Name: Georgia Petrakis", "Georgia Petrakis", PersonName);
    has("hi, my name is Paris", "Paris", PersonName);
    has(
        "Olena: hi\nSupport: I've looped in Hunter Thistlewood from billing",
        "Hunter Thistlewood",
        PersonName,
    );
    has(
        "Marie-Claire Dubois submitted the report.",
        "Dubois",
        PersonName,
    );
}

#[test]
fn dates_of_events_and_timestamps_are_not_birth_dates() {
    not_covered("I bought my car on May 1st, 1977", "1977");
    not_covered("When: 1998-06-28 14:48:14\nWhere: the lobby", "1998");
    not_covered("It's been like that since 12/1/1977", "1977");
    has(
        "customer: my birthday is May 1st, 1977",
        "1977",
        DateOfBirth,
    );
    has("DOB 03/15/1989", "03/15/1989", DateOfBirth);
    // An IP address near a birth-date cue is still an IP address; an MRN is a record number.
    not_covered(
        "His IP address is 192.168.1.1 and his birthday is 01/01/1980.",
        "192.168",
    );
    not_covered("Patient DOB 03/15/1989, MRN 00987654.", "00987654");
}

#[test]
fn numbers_never_issued_as_ssns_are_not_ssns() {
    for placeholder in ["000-00-0000", "666-12-9999", "078-05-0000", "123-00-4567"] {
        let text = format!("SSN: {placeholder}");
        assert!(
            !found(&text).iter().any(|(_, e)| *e == Ssn),
            "{placeholder}: {:?}",
            found(&text)
        );
    }
    has("SSN: 078-05-1120", "078-05-1120", Ssn);
    has("ssn is 912-34-5678", "912-34-5678", Ssn);
}

// Phenomena from the fifth blind set (scripts/probes/blind4), in our own sentences.

#[test]
fn tens_and_units_run_together_are_numbers_not_names() {
    let call = "agent: and the card number\ncaller: fortyone eleven, eleven eleven, \
                eleven eleven, eleven eleven\n";
    has(call, "fortyone eleven", CreditCard);
    not_covered(
        "agent: that'll be sixty dollars and fiftyfive cents",
        "fiftyfive",
    );
}

#[test]
fn names_in_xml_logfmt_and_input_fields() {
    has(
        "<applicant>\n  <first>Selam</first>\n  <last>Bondarenko</last>\n</applicant>",
        "Bondarenko",
        PersonName,
    );
    has(
        "level=info msg=\"form submitted\" first=Oluwaseun last=\"Bergström\" plan=\"gold\"",
        "Bergström",
        PersonName,
    );
    has(
        "<input type=\"text\" name=\"first\" value=\"Rashid\">",
        "Rashid",
        PersonName,
    );
    not_covered("<City>Olympia</City>\n<Qty>45</Qty>", "Olympia");
}

#[test]
fn the_company_someone_speaks_for_is_not_a_name() {
    not_covered(
        "agent: thanks for holding this is maximiliano okafor with halcyon dental",
        "halcyon",
    );
    not_covered(
        "Support: your appointment is at our Florence office on Monday.",
        "Florence",
    );
    not_covered(
        "caller: it's at four five five one mesquite way asheville north carolina",
        "carolina",
    );
    has(
        "caller: pls add Bayani Dlamini as an authorized user",
        "Bayani Dlamini",
        PersonName,
    );
}

#[test]
fn unicode_spaces_underscores_and_hyphenated_digit_words_join_a_card() {
    has(
        "Agent: card number please\nVisitor: 4965\u{a0}6774\u{a0}1696\u{a0}9590\nAgent: thanks",
        "4965\u{a0}6774",
        CreditCard,
    );
    has(
        "Agent: card number please\nVisitor: 5348\u{2009}7092\u{2009}9505\u{2009}6572",
        "5348",
        CreditCard,
    );
    has(
        "Agent: card number please\nVisitor: ok its 4835_6012_4067_6682",
        "4835_6012",
        CreditCard,
    );
    not_covered(
        "System: Visitor uploaded IMG_20240312_104455.jpg",
        "20240312",
    );
    has(
        "agent: card number please\ncaller: four-five-one-eight two-five-five-five \
         five-oh-seven-eight four-one-seven-oh",
        "five-oh-seven-eight",
        CreditCard,
    );
}

#[test]
fn a_timestamp_between_the_label_and_its_colon_or_dash() {
    let call = "Speaker 1 15:30:38: And the card number?\n\
                Speaker 2 15:30:42: It's thirty four sixty.\nSpeaker 1 15:30:45: alright\n\
                Speaker 2 15:30:49: then 9441\nSpeaker 1 15:30:52: mhm\n\
                Speaker 2 15:30:56: 2817 5512 then 334\n";
    has(call, "thirty four sixty", CreditCard);
    // The label's seconds are not part of the number.
    not_covered(call, "15:30:49");
    let stamped = "[96.5s] Rep - card number whenever you're ready.\n\
                   [98.5s] Customer - It's four five one eight... Two five five five.\n\
                   [101.3s] Rep - got it\n\
                   [104.4s] Customer - Five-oh-seven-eight, four-one-seven-oh\n";
    has(stamped, "four five one eight", CreditCard);
    has(stamped, "four-one-seven-oh", CreditCard);
    let named = "Staff [01:11]: and your name?\nHarpreet Singh [01:13]: Harpreet Singh\n\
                 Staff [01:15]: thanks\n";
    has(named, "Harpreet Singh", PersonName);
}

#[test]
fn subtitle_cues_are_timing_and_turns_count_across_them() {
    let srt = "5\n00:00:43,058 --> 00:00:48,341\nSPEAKER_00: okay go ahead with the card number\n\n\
               6\n00:00:49,372 --> 00:00:52,597\nSPEAKER_01: okay six four nine one\n\n\
               7\n00:00:53,024 --> 00:00:55,328\nSPEAKER_00: sure\n\n\
               8\n00:00:56,628 --> 00:00:58,846\nSPEAKER_01: four two nine nine nine three five zero nine one one zero\n";
    has(srt, "six four nine one", CreditCard);
    has(srt, "four two nine nine", CreditCard);
    not_covered(srt, "00:00:49,372");
    let vtt = "WEBVTT\n\n00:00:28.444 --> 00:00:32.524\n<v Ayu N.>what's the card number\n\n\
               00:00:33.100 --> 00:00:36.000\n<v Member>it's fifty five forty one\n\n\
               00:00:36.200 --> 00:00:38.000\n<v Ayu N.>mm-hmm\n\n\
               00:00:38.100 --> 00:00:41.000\n<v Member>o six seventy six and then twenty two eleven four three seven one\n";
    has(vtt, "fifty five forty one", CreditCard);
    has(vtt, "Ayu", PersonName);
}

#[test]
fn typed_shapes_from_the_fifth_blind_set() {
    has(
        "agent: and your social?\ncaller: It's 742, 99, 4726.\nagent: thanks",
        "742, 99, 4726",
        Ssn,
    );
    has(
        "Agent: exp?\nMe: 2031-06 and back is 1915",
        "2031-06",
        CardExpiry,
    );
    has(
        "Agent: exp date?\nYou: it says 11\\30",
        "11\\30",
        CardExpiry,
    );
    has(
        "Best callback #?\ncell is 480/682-6012",
        "480/682-6012",
        PhoneNumber,
    );
    has(
        "cc# 2593 4944 9789 4141 exp3/25 cvv:063",
        "3/25",
        CardExpiry,
    );
    has(
        "Client: malai7\u{ff20}silverlinemovers.com pls",
        "silverlinemovers.com",
        EmailAddress,
    );
}

#[test]
fn iso_date_times_are_never_values() {
    let chat = "[2025-01-23T13:45:55Z] Support: can you confirm the account number?\n\
                [2025-01-23T13:46:49Z] Guest: sure one sec\n";
    not_covered(chat, "2025-01-23T13:45:55Z");
    not_covered(
        "{\"from\": \"Guest\", \"sent_at\": \"2024-02-20T17:28:14.866Z\", \"body\": \"my account number is below\"}",
        "2024-02-20",
    );
}

#[test]
fn chat_export_dates_and_query_string_times_are_not_values() {
    let chat = "10/09/2024, 19:51 - Agent: What's the card number?\n\
                10/09/2024, 19:52 - Dolores H: ok its 4215907929295714\n\
                10/09/2024, 19:55 - Agent: thanks Dolores\n";
    not_covered(chat, "10/09/2024");
    has(chat, "4215907929295714", CreditCard);
    has(chat, "Dolores H", PersonName);
    not_covered(
        "https://x.org/apply?name=A&income=%248%2C201.09&submitted=2025-11-10+15%3A30%3A07",
        "2025-11-10",
    );
    not_covered(
        "https://x.org/apply?name=A&income=%248%2C201.09&submitted=2025-11-10+15%3A30%3A07",
        "201.09",
    );
}

#[test]
fn json_lines_transcripts_read_as_labelled_turns() {
    let call = "{\"start\": 54.64, \"end\": 58.86, \"speaker\": \"Speaker 1\", \"text\": \"Okay, and the digits on the card?\"}\n\
                {\"start\": 60.01, \"end\": 63.15, \"speaker\": \"Speaker 3\", \"text\": \"4057... Seventy seven thirteen 2047... 2681\"}\n\
                {\"start\": 64.04, \"end\": 67.31, \"speaker\": \"SPEAKER_01\", \"text\": \"Got it.\"}\n";
    has(call, "Seventy seven thirteen", CreditCard);
    not_covered(call, "60.01");
    not_covered(call, "SPEAKER_01");
}

#[test]
fn dashed_labels_after_timestamps_and_companies_after_people() {
    let call = "00:00:58.100 CALLER - it's two six at copperline dot net\n\
                00:00:59.955 AGENT - mailing address for the policy\n\
                00:01:02.000 CALLER - sure\n";
    not_covered(call, "mailing");
    not_covered(
        "(0:50) Representative - want to try another one\n(0:56) Policyholder - ugh okay try this one\n",
        "ugh",
    );
    let named = "Staff [01:09]: sorry your name again?\n\
                 Staff [01:11]: It's Khalid. Khalid Tuilagi with Harlow.";
    has(named, "Khalid Tuilagi", PersonName);
    not_covered(named, "Harlow");
    not_covered(
        "Advisor: It's Evangelos. Evangelos Ávila with Brennan Brothers.",
        "Brennan",
    );
}

#[test]
fn call_the_verb_and_a_line_cue_a_phone_but_this_call_does_not() {
    has(
        "Dispatcher: if you need to reschedule just call eight one six eight oh six nineteen seventy eight\nDispatcher: thanks",
        "eight one six",
        PhoneNumber,
    );
    has(
        "Operator: write this down the claims line is eight one six eight oh six one nine seven eight\nOperator: ok",
        "eight one six",
        PhoneNumber,
    );
    let ssn = "agent: this call may be recorded\nagent: and your s s n\n\
               customer: five thirty eight twenty nine forty three ninety\n";
    has(ssn, "five thirty eight", Ssn);
}

#[test]
fn names_in_voice_tags_vcards_sms_threads_and_hyphen_spelling() {
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Yaw>hi there\n\n\
               00:00:03.500 --> 00:00:05.000\n<v Homeowner>hello\n";
    has(vtt, "Yaw", PersonName);
    not_covered(vtt, "Homeowner");
    let card = "BEGIN:VCARD\nVERSION:3.0\nN:Tuilagi;Şükrü;;;\nFN:Şükrü Tuilagi\nORG:Piedmont Pest Control\nEND:VCARD";
    has(card, "Tuilagi", PersonName);
    has(card, "Şükrü Tuilagi", PersonName);
    not_covered(card, "Piedmont");
    let sms = "Farhana: whats ur address again? sending the invite\nHarpreet: 2 Kingsley Crescent";
    has(sms, "Farhana", PersonName);
    has(sms, "Harpreet", PersonName);
    has(
        "Agent: your last name?\nVisitor: Temitope Ngata (Ngata is spelled N-G-A-T-A)\nAgent: thanks",
        "N-G-A-T-A",
        PersonName,
    );
    let chat =
        "Xiaoling B: hi, i need to update my payment\nTupac: Go ahead\nXiaoling B: nope, bye";
    has(chat, "Xiaoling B", PersonName);
}

#[test]
fn run_out_asks_for_the_expiry() {
    let call = "agent: when does the card run out\ncaller: um december\nagent: and the year\n\
                caller: twenty eight\nagent: ok";
    has(call, "december", CardExpiry);
    has(call, "twenty eight", CardExpiry);
}

#[test]
fn a_street_ends_after_its_quadrant() {
    has(
        "Ship replacement parts to 1600 Pennsylvania Avenue NW.",
        "Pennsylvania Avenue NW",
        StreetAddress,
    );
}

#[test]
fn containers_hide_nothing_from_detection() {
    // Another field of a JSON-lines turn is still read.
    let call = "{\"start\": 1.0, \"speaker\": \"Agent\", \"text\": \"and your number?\"}\n\
                {\"start\": 2.0, \"speaker\": \"Caller\", \"phone\": \"415-555-0134\", \"text\": \"that one\"}\n";
    has(call, "415-555-0134", PhoneNumber);
    // A line with an arrow and words keeps its words.
    let srt = "1\n00:00:01,000 --> 00:00:02,000\nAgent: the card number?\n\n\
               2\n00:00:02,500 --> 00:00:04,000 Caller: 4111 1111 1111 1111\n\n\
               3\n00:00:04,500 --> 00:00:05,000\nAgent: thanks\n";
    has(srt, "4111 1111 1111 1111", CreditCard);
}

#[test]
fn a_comma_before_and_then_keeps_a_card_together() {
    let call =
        "agent: What's the card number?\ncaller: 4111 1111, and then 1111, 1111\nagent: Got it.";
    has(call, "4111 1111, and then 1111, 1111", CreditCard);
    let mixed = "agent: What's the card number?\n\
                 caller: 2470 seven 998, and then 5774, 7293\nagent: Got it.";
    has(mixed, "2470 seven 998, and then 5774, 7293", CreditCard);
    // Two SSNs joined by "and" stay two values.
    let two = found("Values 123-45-6789 and 111-22-3333");
    assert_eq!(two.len(), 2, "{two:?}");
}

//! The `muffle detect` JSON Lines contract (`jobs::detect::jsonl::run`).

use jobs::detect::jsonl::run;
use serde_json::Value;

fn go(input: &str, redact: bool) -> (Vec<Value>, String, usize) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let bad = run(input.as_bytes(), &mut out, &mut err, redact).unwrap();
    let lines = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (lines, String::from_utf8(err).unwrap(), bad)
}

#[test]
fn detect_spans_in_code_points_and_order_kept() {
    let input = concat!(
        r#"{"id":"a","text":"café — ssn 078-05-1120","kind":"text"}"#,
        "\n",
        r#"{"id":2,"text":"nothing here"}"#,
        "\n",
    );
    let (out, err, bad) = go(input, false);
    assert_eq!(bad, 0, "{err}");
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["id"], "a");
    let s = &out[0]["spans"][0];
    // "café — ssn " is 11 code points (but 14 bytes)
    assert_eq!(
        (s["start"].as_u64(), s["end"].as_u64()),
        (Some(11), Some(22))
    );
    assert_eq!(s["type"], "SSN");
    assert_eq!(out[1]["id"], 2);
    assert_eq!(out[1]["spans"].as_array().unwrap().len(), 0);
}

#[test]
fn detect_redact_mode() {
    let (out, _, bad) = go(
        r#"{"id":"x","text":"agent: the security code\ncustomer: four four one\n"}"#,
        true,
    );
    assert_eq!(bad, 0);
    assert_eq!(
        out[0]["text"],
        "agent: the security code\ncustomer: [CARD_CVV]\n"
    );
}

#[test]
fn detect_malformed_lines_are_reported_by_number_without_content() {
    let input = concat!(
        r#"{"id":"ok1","text":"hi"}"#,
        "\n",
        r#"{"id":"s","text":"ssn 078-05-1120" "#,
        "\n", // broken JSON holding PII
        r#"{"text":"4111111111111111"}"#,
        "\n",
        r#"{"id":"k","text":"x","kind":"fax"}"#,
        "\n",
        r#"{"id":"ok2","text":"hi"}"#,
        "\n",
    );
    let (out, err, bad) = go(input, false);
    assert_eq!(bad, 3);
    assert_eq!(
        out.iter()
            .map(|v| v["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["ok1", "ok2"]
    );
    assert!(
        err.contains("line 2") && err.contains("line 3") && err.contains("line 4"),
        "{err}"
    );
    assert!(
        !err.contains("078") && !err.contains("4111") && !err.contains("fax"),
        "{err}"
    );
}

#[test]
fn detect_explain_names_the_rule_and_cue_but_never_the_value() {
    let input = concat!(
        r#"{"id":1,"kind":"chat","text":"agent: card number?\ncustomer: 4111 1111 1111 1111\nagent: and the code on the back\ncustomer: 12/27 and 321"}"#,
        "\n",
    );
    let mut out = Vec::new();
    let mut err = Vec::new();
    let bad = jobs::detect::jsonl::explain(input.as_bytes(), &mut out, &mut err).unwrap();
    assert_eq!(bad, 0);
    let shown = String::from_utf8(out).unwrap();
    let v: Value = serde_json::from_str(shown.trim()).unwrap();
    let spans = v["spans"].as_array().unwrap();
    let types: Vec<&str> = spans.iter().map(|s| s["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["CREDIT_CARD", "CARD_EXPIRY", "CARD_CVV"]);
    assert_eq!(spans[0]["cue"], "card number");
    assert!(
        spans[1]["rule"]
            .as_str()
            .unwrap()
            .starts_with("payment exchange"),
        "{shown}"
    );
    assert_eq!(spans[2]["cue"], "code");
    for value in ["4111", "1111", "12/27", "321"] {
        assert!(
            !shown.contains(value),
            "{value} leaked into the explanation: {shown}"
        );
    }
}

//! Forms: a submission's `fields` may be any JSON shape (`[{name, value}]`, `[{label,
//! answer}]`, a nested object, …). Every string or number is text, keys and `name`-like
//! strings are its labels (context for detection, as a field name is). Sensitive data in a
//! label cannot be removed without changing the form's shape, so that row fails, visibly:
//! it is never reported redacted with the value intact.

use super::*;

/// Keys whose string, beside other keys, names the object's other values (`{"label": "Card
/// number", "answer": "4111…"}`).
const LABEL_KEYS: [&str; 6] = ["name", "label", "question", "title", "key", "field"];

/// A text leaf of the form: where it is (a JSON pointer, never logged), which top-level field
/// it belongs to, the label detection reads before it, and its text.
struct Leaf {
    pointer: String,
    field: usize,
    label: String,
    text: String,
}

pub(super) fn redact_fields(
    fields: &Value,
    form_id: i64,
    policy: &Policy,
    findings: &mut Findings,
) -> Result<Value, JobError> {
    let mut leaves = Vec::new();
    walk(fields, String::new(), "", None, &mut leaves);
    let mut out = fields.clone();
    let mut set = |leaf: &Leaf, text: &str| {
        if let Some(slot) = out.pointer_mut(&leaf.pointer) {
            *slot = Value::from(text);
        }
    };

    if policy.mode == Mode::All {
        let mut changed = 0;
        let mut locations = Vec::new();
        for (ordinal, leaf) in leaves.iter().enumerate() {
            if leaf.text.is_empty() {
                continue;
            }
            changed += i32::from(leaf.text != REDACTED);
            set(leaf, REDACTED);
            locations.push(location(leaf, ordinal, 0, REDACTED.len()));
        }
        findings.add(None, changed, locations);
        return Ok(out);
    }

    let parts: Vec<(&str, &str)> = leaves
        .iter()
        .map(|leaf| (leaf.label.as_str(), leaf.text.as_str()))
        .collect();
    let (text, ranges) = joined_lines(&parts);
    let spans = wanted_spans(&text, InputKind::Form, policy);
    if spans.iter().any(|span| touches_a_label(span, &ranges)) {
        return Err(JobError::permanent(format!(
            "form {form_id} has sensitive data in a field name (it cannot be redacted in place)"
        )));
    }
    let (per_leaf, counts) = split_spans(&text, &spans, &ranges);
    let mut locations: BTreeMap<EntityType, Vec<Value>> = BTreeMap::new();
    for (ordinal, (leaf, spans)) in leaves.iter().zip(per_leaf).enumerate() {
        if spans.is_empty() {
            continue;
        }
        let (redacted, placed) = replace_spans(&leaf.text, &spans);
        set(leaf, &redacted);
        for (entity, start, end) in placed {
            locations
                .entry(entity)
                .or_default()
                .push(location(leaf, ordinal, start, end));
        }
    }
    for (entity, count) in counts {
        findings.add(
            Some(entity),
            count,
            locations.remove(&entity).unwrap_or_default(),
        );
    }
    Ok(out)
}

/// Every text a form holds, its labels included (one shape-blind reading for whoever looks
/// for a value in forms, e.g. an erasure finding a contact).
pub fn form_texts(fields: &Value) -> impl Iterator<Item = String> {
    let mut leaves = Vec::new();
    walk(fields, String::new(), "", None, &mut leaves);
    leaves.into_iter().flat_map(|leaf| [leaf.label, leaf.text])
}

/// Where a placeholder is: indices only (a key or a pointer could hold a value).
fn location(leaf: &Leaf, ordinal: usize, start: usize, end: usize) -> Value {
    json!({"field": leaf.field, "leaf": ordinal, "start": start, "end": end})
}

/// Collects the text leaves under `value` in document order. `field` is the top-level array
/// index (0 for any other shape).
fn walk(value: &Value, pointer: String, label: &str, field: Option<usize>, out: &mut Vec<Leaf>) {
    let leaf = |text: String| Leaf {
        pointer: pointer.clone(),
        field: field.unwrap_or(0),
        label: label.to_owned(),
        text,
    };
    match value {
        Value::String(text) => out.push(leaf(text.clone())),
        Value::Number(number) => out.push(leaf(number.to_string())),
        Value::Null | Value::Bool(_) => {}
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let field = field.or(Some(index).filter(|_| pointer.is_empty()));
                walk(item, format!("{pointer}/{index}"), label, field, out);
            }
        }
        Value::Object(object) => {
            let label_key = (object.len() > 1)
                .then(|| {
                    LABEL_KEYS
                        .into_iter()
                        .find(|key| object.get(*key).is_some_and(Value::is_string))
                })
                .flatten();
            for (key, child) in object {
                if Some(key.as_str()) == label_key {
                    continue;
                }
                let child_label = match label_key {
                    Some(label_key) => object[label_key].as_str().unwrap_or_default().to_owned(),
                    None => format!("{label} {key}").trim().to_owned(),
                };
                let escaped = key.replace('~', "~0").replace('/', "~1");
                walk(
                    child,
                    format!("{pointer}/{escaped}"),
                    &child_label,
                    field,
                    out,
                );
            }
        }
    }
}

/// A span reaching into the label before any part (labels sit between one part's line end
/// and the next part's start, less the `": "` separator).
fn touches_a_label(span: &Span, ranges: &[(usize, usize)]) -> bool {
    let mut line_start = 0;
    ranges.iter().any(|&(start, end)| {
        let label = (line_start, start.saturating_sub(2));
        line_start = end + 1;
        span.start < label.1 && label.0 < span.end
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redact(fields: Value, mode: Mode) -> Result<(Value, Findings), JobError> {
        let policy = Policy {
            mode,
            types: EntityType::ALL.to_vec(),
            forget_contact: false,
            pad_ms: 0,
        };
        let mut findings = Findings::default();
        redact_fields(&fields, 7, &policy, &mut findings).map(|out| (out, findings))
    }

    #[test]
    fn any_shape_is_read_labels_and_answers_objects_and_arrays() {
        let (out, _) = redact(
            json!([
                {"label": "Card number", "answer": "4111 1111 1111 1111"},
                {"name": "Payment", "value": {"card": "4111111111111111", "exp": "12/29"}},
                {"name": "Cards", "value": ["4111 1111 1111 1111", "none"]},
                {"name": "Notes", "value": null, "required": true},
            ]),
            Mode::Detected,
        )
        .unwrap();
        assert_eq!(out[0]["answer"], "[CREDIT_CARD]");
        assert_eq!(out[0]["label"], "Card number", "labels stay");
        assert_eq!(out[1]["value"]["card"], "[CREDIT_CARD]");
        assert_eq!(out[2]["value"][0], "[CREDIT_CARD]");
        assert_eq!(out[2]["value"][1], "none");
        assert_eq!(
            out[3],
            json!({"name": "Notes", "value": null, "required": true})
        );

        // Not a list at all: keys are the labels.
        let (out, _) = redact(
            json!({"customer": {"card number": "4111 1111 1111 1111"}}),
            Mode::Detected,
        )
        .unwrap();
        assert_eq!(out, json!({"customer": {"card number": "[CREDIT_CARD]"}}));
    }

    #[test]
    fn sensitive_data_in_a_key_fails_the_row_without_the_value() {
        let error = redact(json!({"4111 1111 1111 1111": "yes"}), Mode::Detected)
            .err()
            .expect("a value in a key fails");
        assert!(error.is_permanent());
        assert_eq!(
            error.to_string(),
            "form 7 has sensitive data in a field name (it cannot be redacted in place)"
        );
    }

    #[test]
    fn erasure_empties_every_value_of_any_shape_and_keeps_labels() {
        let (out, findings) = redact(
            json!([
                {"label": "Email", "answer": "jane@example.com"},
                {"name": "Address", "value": {"street": "1 Main St", "zip": 94105}},
            ]),
            Mode::All,
        )
        .unwrap();
        assert_eq!(
            out,
            json!([
                {"label": "Email", "answer": REDACTED},
                {"name": "Address", "value": {"street": REDACTED, "zip": REDACTED}},
            ])
        );
        assert_eq!(findings.0[&None].count, 3);
    }
}

//! Texts, chats and forms: placeholders, span bookkeeping, and the per-kind redaction.

use super::*;

// --- Placeholders -------------------------------------------------------------------------

pub(super) fn placeholders() -> impl Iterator<Item = &'static str> {
    EntityType::ALL
        .into_iter()
        .map(EntityType::placeholder)
        .chain([REDACTED])
}

/// True when `text` holds nothing but placeholders, spaces and punctuation: what an earlier
/// pass left. Re-detecting over it must change nothing.
pub(super) fn is_placeholder_only(text: &str) -> bool {
    let mut rest = text.to_owned();
    for placeholder in placeholders() {
        if rest.contains(placeholder) {
            rest = rest.replace(placeholder, " ");
        }
    }
    !rest.chars().any(char::is_alphanumeric)
}

/// Shrinks `span` past placeholders and whitespace at its edges; `None` when nothing new is
/// left inside it.
pub(super) fn fresh_part(text: &str, span: Span) -> Option<Span> {
    let (mut start, mut end) = (span.start, span.end);
    loop {
        let inner = &text[start..end];
        let trimmed = inner.trim_start();
        if let Some(p) = placeholders().find(|p| trimmed.starts_with(p)) {
            start += inner.len() - trimmed.len() + p.len();
            continue;
        }
        start += inner.len() - trimmed.len();
        break;
    }
    loop {
        let inner = &text[start..end];
        let trimmed = inner.trim_end();
        if let Some(p) = placeholders().find(|p| trimmed.ends_with(p)) {
            end -= inner.len() - trimmed.len() + p.len();
            continue;
        }
        end -= inner.len() - trimmed.len();
        break;
    }
    (start < end && !is_placeholder_only(&text[start..end])).then_some(Span { start, end, ..span })
}

/// Replaces each span (sorted, disjoint) by its placeholder; returns the new text and where
/// each placeholder is in it, in code points.
pub(super) fn replace_spans(
    text: &str,
    spans: &[Span],
) -> (String, Vec<(EntityType, usize, usize)>) {
    let mut out = String::with_capacity(text.len());
    let mut placed = Vec::with_capacity(spans.len());
    let mut chars = 0;
    let mut pos = 0;
    for span in spans {
        let before = &text[pos..span.start];
        out.push_str(before);
        chars += before.chars().count();
        let placeholder = span.entity.placeholder();
        out.push_str(placeholder);
        placed.push((span.entity, chars, chars + placeholder.chars().count()));
        chars += placeholder.chars().count();
        pos = span.end;
    }
    out.push_str(&text[pos..]);
    (out, placed)
}

/// Detected spans the policy wants, cut to what earlier passes did not already replace.
pub(super) fn wanted_spans(text: &str, kind: InputKind, policy: &Policy) -> Vec<Span> {
    detect::detect(text, kind)
        .into_iter()
        .filter(|span| policy.allows(span.entity))
        .filter_map(|span| fresh_part(text, span))
        .collect()
}

// --- Texts --------------------------------------------------------------------------------

pub(super) fn redact_body(body: &str, policy: &Policy, findings: &mut Findings) -> String {
    if policy.mode == Mode::All {
        if body.is_empty() {
            findings.add(None, 0, Vec::new());
            return String::new();
        }
        let changed = i32::from(body != REDACTED);
        findings.add(
            None,
            changed,
            vec![json!({"start": 0, "end": REDACTED.len()})],
        );
        return REDACTED.to_owned();
    }
    let spans = wanted_spans(body, InputKind::Text, policy);
    let (redacted, placed) = replace_spans(body, &spans);
    for (entity, start, end) in placed {
        findings.add(Some(entity), 1, vec![json!({"start": start, "end": end})]);
    }
    redacted
}

// --- Chats and forms: detect over the whole conversation, map back to each part ----------

/// `label: part` lines, one per part, so context crosses messages (or fields); returns the
/// text and each part's byte range in it. Line breaks inside a part become spaces (same
/// length, so offsets map back unchanged). Labels lose colons and line breaks; field names
/// keep their spaces ("Card number" is a cue), chat senders are squashed into one word as
/// transcript speakers are.
pub(super) fn joined_lines(parts: &[(&str, &str)]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(parts.len());
    for (label, part) in parts {
        let label: String = label
            .chars()
            .map(|c| {
                if c == ':' || c.is_whitespace() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        text.push_str(if label.is_empty() { "field" } else { &label });
        text.push_str(": ");
        let start = text.len();
        text.extend(
            part.chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
        );
        ranges.push((start, text.len()));
        text.push('\n');
    }
    (text, ranges)
}

/// Spans over the joined text cut into per-part spans (offsets relative to each part).
/// Returns, per part, its spans; and per entity type how many joined spans were kept.
pub(super) fn split_spans(
    text: &str,
    spans: &[Span],
    ranges: &[(usize, usize)],
) -> (Vec<Vec<Span>>, BTreeMap<EntityType, i32>) {
    let mut per_part: Vec<Vec<Span>> = vec![Vec::new(); ranges.len()];
    let mut counts = BTreeMap::new();
    for span in spans {
        let mut kept = false;
        for (index, &(start, end)) in ranges.iter().enumerate() {
            let (from, to) = (span.start.max(start), span.end.min(end));
            if from >= to {
                continue;
            }
            let piece = Span {
                start: from,
                end: to,
                ..*span
            };
            if let Some(piece) = fresh_part(text, piece) {
                per_part[index].push(Span {
                    start: piece.start - start,
                    end: piece.end - start,
                    ..piece
                });
                kept = true;
            }
        }
        if kept {
            *counts.entry(span.entity).or_insert(0) += 1;
        }
    }
    (per_part, counts)
}

pub(super) fn redact_messages(
    messages: &[chat_messages::Model],
    policy: &Policy,
    findings: &mut Findings,
) -> Vec<String> {
    if policy.mode == Mode::All {
        let mut changed = 0;
        let mut locations = Vec::new();
        let bodies = messages
            .iter()
            .map(|message| {
                if message.body.is_empty() {
                    return String::new();
                }
                changed += i32::from(message.body != REDACTED);
                locations
                    .push(json!({"message_id": message.id, "start": 0, "end": REDACTED.len()}));
                REDACTED.to_owned()
            })
            .collect();
        findings.add(None, changed, locations);
        return bodies;
    }
    let senders: Vec<String> = messages
        .iter()
        .map(|m| m.sender.split_whitespace().collect())
        .collect();
    let parts: Vec<(&str, &str)> = senders
        .iter()
        .zip(messages)
        .map(|(sender, m)| (sender.as_str(), m.body.as_str()))
        .collect();
    let (text, ranges) = joined_lines(&parts);
    let spans = wanted_spans(&text, InputKind::Chat, policy);
    let (per_message, counts) = split_spans(&text, &spans, &ranges);
    let mut locations: BTreeMap<EntityType, Vec<Value>> = BTreeMap::new();
    let bodies = messages
        .iter()
        .zip(per_message)
        .map(|(message, spans)| {
            let (body, placed) = replace_spans(&message.body, &spans);
            for (entity, start, end) in placed {
                locations
                    .entry(entity)
                    .or_default()
                    .push(json!({"message_id": message.id, "start": start, "end": end}));
            }
            body
        })
        .collect();
    for (entity, count) in counts {
        findings.add(
            Some(entity),
            count,
            locations.remove(&entity).unwrap_or_default(),
        );
    }
    bodies
}

pub(super) fn redact_fields(
    fields: &Value,
    form_id: i64,
    policy: &Policy,
    findings: &mut Findings,
) -> Result<Value, JobError> {
    let malformed = || JobError::permanent(format!("form {form_id} has malformed fields"));
    if policy.mode == Mode::All {
        let Value::Array(list) = fields else {
            // Unreadable content is still content: erasure leaves none.
            findings.add(None, 1, Vec::new());
            return Ok(json!([]));
        };
        let mut changed = 0;
        let mut locations = Vec::new();
        let mut out = list.clone();
        for (index, field) in out.iter_mut().enumerate() {
            let slot = match field {
                Value::Object(object) => match object.get_mut("value") {
                    Some(value) => value,
                    None => continue,
                },
                other => other,
            };
            if slot.is_null() || slot.as_str() == Some("") {
                continue;
            }
            changed += i32::from(slot.as_str() != Some(REDACTED));
            *slot = Value::from(REDACTED);
            locations.push(json!({"field": index, "start": 0, "end": REDACTED.len()}));
        }
        findings.add(None, changed, locations);
        return Ok(Value::Array(out));
    }

    let Value::Array(list) = fields else {
        return Err(malformed());
    };
    // (field index, name, value as text) for every field with a scalar value.
    let mut scanned: Vec<(usize, String, String)> = Vec::new();
    for (index, field) in list.iter().enumerate() {
        let Value::Object(object) = field else {
            return Err(malformed());
        };
        let name = object
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("field");
        let value = match object.get("value") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => continue,
        };
        scanned.push((index, name.to_owned(), value));
    }
    let parts: Vec<(&str, &str)> = scanned
        .iter()
        .map(|(_, name, value)| (name.as_str(), value.as_str()))
        .collect();
    let (text, ranges) = joined_lines(&parts);
    let spans = wanted_spans(&text, InputKind::Form, policy);
    let (per_field, counts) = split_spans(&text, &spans, &ranges);
    let mut out = list.clone();
    let mut locations: BTreeMap<EntityType, Vec<Value>> = BTreeMap::new();
    for ((index, _, value), spans) in scanned.iter().zip(per_field) {
        if spans.is_empty() {
            continue;
        }
        let (redacted, placed) = replace_spans(value, &spans);
        out[*index]["value"] = Value::from(redacted);
        for (entity, start, end) in placed {
            locations
                .entry(entity)
                .or_default()
                .push(json!({"field": index, "start": start, "end": end}));
        }
    }
    for (entity, count) in counts {
        findings.add(
            Some(entity),
            count,
            locations.remove(&entity).unwrap_or_default(),
        );
    }
    Ok(Value::Array(out))
}

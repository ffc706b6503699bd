//! Staging computed redactions as bulk row updates and audit rows.

use super::*;

/// A computed redaction, ready to be written.
pub(super) struct Change {
    pub(super) row: Row,
    pub(super) content: Content,
    pub(super) tags: Value,
    pub(super) findings: Findings,
    pub(super) forget_contact: bool,
}

impl Change {
    /// Adds this change's row (and message) updates to `writes`; the audit rows are
    /// [`Change::events`]. Returns the call whose recording must be rewritten once this
    /// commits. Every written column is set, unchanged ones to the value read under the row
    /// lock, so one statement shape serves every row of a kind.
    pub(super) fn stage(&self, writes: &mut Writes, now: DateTime<Utc>) -> Option<i64> {
        let mut rewrite = None;
        match (&self.row, &self.content) {
            (Row::Call(call), Content::Call(new)) => {
                let mut recording_redacted_at = call.recording_redacted_at;
                if new.ranges != call.redaction_ranges {
                    // The stored audio no longer matches the ranges: a rewrite is owed.
                    recording_redacted_at = None;
                    if call.recording_key.is_some()
                        && call.recording_deleted_at.is_none()
                        && has_ranges(new.ranges.as_ref())
                    {
                        rewrite = Some(call.id);
                    }
                }
                writes.calls.push(vec![
                    call.id.into(),
                    new.transcript.clone().into(),
                    self.tags.clone().into(),
                    call.detector_version.max(Some(DETECTOR_VERSION)).into(),
                    Some(now).into(),
                    new.ranges.clone().into(),
                    recording_redacted_at.into(),
                    self.kept(&call.caller_number).into(),
                ]);
            }
            (Row::Text(text), Content::Text(body)) => writes.texts.push(vec![
                text.id.into(),
                body.clone().into(),
                self.tags.clone().into(),
                text.detector_version.max(Some(DETECTOR_VERSION)).into(),
                Some(now).into(),
                self.kept(&text.from_number).into(),
                self.kept(&text.to_number).into(),
            ]),
            (Row::Chat(chat, messages), Content::Chat(bodies)) => {
                for (message, body) in messages.iter().zip(bodies) {
                    if *body != message.body {
                        writes
                            .messages
                            .push(vec![message.id.into(), body.clone().into()]);
                    }
                }
                writes.chats.push(vec![
                    chat.id.into(),
                    self.tags.clone().into(),
                    chat.detector_version.max(Some(DETECTOR_VERSION)).into(),
                    Some(now).into(),
                    self.kept(&chat.visitor_email).into(),
                    self.kept(&chat.visitor_phone).into(),
                ]);
            }
            (Row::Form(form), Content::Form(fields)) => writes.forms.push(vec![
                form.id.into(),
                fields.clone().into(),
                self.tags.clone().into(),
                form.detector_version.max(Some(DETECTOR_VERSION)).into(),
                Some(now).into(),
            ]),
            _ => unreachable!("content is computed from its own row"),
        }
        rewrite
    }

    /// A contact column as it stays: gone when erasure forgets the person.
    pub(super) fn kept(&self, value: &Option<String>) -> Option<String> {
        if self.forget_contact {
            None
        } else {
            value.clone()
        }
    }

    /// The audit rows of this change, one per entity type (never a value), as
    /// [`EVENT_COLUMNS`] values.
    pub(super) fn events(
        &self,
        kind: Kind,
        id: i64,
        job_id: &str,
        actor: Actor,
        now: DateTime<Utc>,
    ) -> impl Iterator<Item = Vec<DbValue>> + '_ {
        let account_id = self.row.account_id();
        let job_id = job_id.to_owned();
        self.findings.iter().map(move |(entity_type, found)| {
            vec![
                account_id.into(),
                kind.singular().into(),
                id.into(),
                entity_type.into(),
                found.count.into(),
                Value::Array(found.locations.clone()).into(),
                DETECTOR_VERSION.into(),
                job_id.clone().into(),
                actor.as_str().into(),
                now.into(),
            ]
        })
    }
}

/// Row updates staged by a batch, one `Vec` of bound values per row (id first), in the
/// order of the table's [`Columns`].
#[derive(Default)]
pub(super) struct Writes {
    pub(super) calls: Vec<Vec<DbValue>>,
    pub(super) texts: Vec<Vec<DbValue>>,
    pub(super) chats: Vec<Vec<DbValue>>,
    pub(super) messages: Vec<Vec<DbValue>>,
    pub(super) forms: Vec<Vec<DbValue>>,
}

/// A table's written columns with their Postgres types (VALUES lists need them).

pub(super) const CALL_COLUMNS: Columns = &[
    ("transcript", "jsonb"),
    ("tags", "jsonb"),
    ("detector_version", "integer"),
    ("redacted_at", "timestamptz"),
    ("redaction_ranges", "jsonb"),
    ("recording_redacted_at", "timestamptz"),
    ("caller_number", "text"),
];
pub(super) const TEXT_COLUMNS: Columns = &[
    ("body", "text"),
    ("tags", "jsonb"),
    ("detector_version", "integer"),
    ("redacted_at", "timestamptz"),
    ("from_number", "text"),
    ("to_number", "text"),
];
pub(super) const CHAT_COLUMNS: Columns = &[
    ("tags", "jsonb"),
    ("detector_version", "integer"),
    ("redacted_at", "timestamptz"),
    ("visitor_email", "text"),
    ("visitor_phone", "text"),
];
pub(super) const MESSAGE_COLUMNS: Columns = &[("body", "text")];
pub(super) const EVENT_COLUMNS: Columns = &[
    ("account_id", "bigint"),
    ("interaction_kind", "text"),
    ("interaction_id", "bigint"),
    ("entity_type", "text"),
    ("count", "integer"),
    ("locations", "jsonb"),
    ("detector_version", "integer"),
    ("job_id", "text"),
    ("actor", "text"),
    ("created_at", "timestamptz"),
];
pub(super) const FORM_COLUMNS: Columns = &[
    ("fields", "jsonb"),
    ("tags", "jsonb"),
    ("detector_version", "integer"),
    ("redacted_at", "timestamptz"),
];

impl Writes {
    pub(super) async fn flush(self, txn: &DatabaseTransaction) -> Result<(), JobError> {
        bulk_update(txn, "calls", CALL_COLUMNS, self.calls).await?;
        bulk_update(txn, "texts", TEXT_COLUMNS, self.texts).await?;
        bulk_update(txn, "chat_messages", MESSAGE_COLUMNS, self.messages).await?;
        bulk_update(txn, "chats", CHAT_COLUMNS, self.chats).await?;
        bulk_update(txn, "form_submissions", FORM_COLUMNS, self.forms).await
    }
}

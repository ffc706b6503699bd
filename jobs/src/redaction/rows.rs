//! Loading and locking the rows of a batch, and computing each row's redaction.

use super::*;

/// An interaction as loaded (and locked) for redaction.
pub(super) enum Row {
    Call(calls::Model),
    Text(texts::Model),
    Chat(chats::Model, Vec<chat_messages::Model>),
    Form(form_submissions::Model),
}

/// The largest row content (a text's body, a chat's messages, a form's or a transcript's
/// JSON) Muffle redacts: above it a row fails visibly instead of risking the worker's memory.
/// Detection reads long content in bounded windows; what remains is the row itself, its
/// redacted copy and the write. Documented in the README.
pub const MAX_CONTENT_BYTES: usize = 32 * 1024 * 1024;

/// The size of a JSON value's strings and keys, without serialising it.
fn json_bytes(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::String(s) => s.len(),
        serde_json::Value::Array(items) => items.iter().map(json_bytes).sum(),
        serde_json::Value::Object(map) => map.iter().map(|(k, v)| k.len() + json_bytes(v)).sum(),
        _ => 8,
    }
}

/// `FOR UPDATE` where the backend has it; SQLite transactions are serialized anyway.
pub(super) fn locked<E: EntityTrait>(select: Select<E>, backend: DbBackend) -> Select<E> {
    if backend == DbBackend::Postgres {
        select.lock_exclusive()
    } else {
        select
    }
}

impl Row {
    /// The rows of `ids` that exist, locked, by id.
    pub(super) async fn lock_many(
        txn: &DatabaseTransaction,
        kind: Kind,
        ids: &[i64],
    ) -> Result<HashMap<i64, Row>, JobError> {
        let backend = txn.get_database_backend();
        let ids = ids.to_vec();
        Ok(match kind {
            Kind::Call => locked(
                calls::Entity::find()
                    .filter(calls::Column::Id.is_in(ids))
                    .order_by_asc(calls::Column::Id),
                backend,
            )
            .all(txn)
            .await?
            .into_iter()
            .map(|call| (call.id, Row::Call(call)))
            .collect(),
            Kind::Text => locked(
                texts::Entity::find()
                    .filter(texts::Column::Id.is_in(ids))
                    .order_by_asc(texts::Column::Id),
                backend,
            )
            .all(txn)
            .await?
            .into_iter()
            .map(|text| (text.id, Row::Text(text)))
            .collect(),
            Kind::Form => locked(
                form_submissions::Entity::find()
                    .filter(form_submissions::Column::Id.is_in(ids))
                    .order_by_asc(form_submissions::Column::Id),
                backend,
            )
            .all(txn)
            .await?
            .into_iter()
            .map(|form| (form.id, Row::Form(form)))
            .collect(),
            Kind::Chat => {
                // Messages belong to their chat: its lock covers them.
                let chats = locked(
                    chats::Entity::find()
                        .filter(chats::Column::Id.is_in(ids))
                        .order_by_asc(chats::Column::Id),
                    backend,
                )
                .all(txn)
                .await?;
                let mut messages: HashMap<i64, Vec<chat_messages::Model>> = HashMap::new();
                if !chats.is_empty() {
                    for message in chat_messages::Entity::find()
                        .filter(chat_messages::Column::ChatId.is_in(chats.iter().map(|c| c.id)))
                        .order_by_asc(chat_messages::Column::ChatId)
                        .order_by_asc(chat_messages::Column::SentAt)
                        .order_by_asc(chat_messages::Column::Id)
                        .all(txn)
                        .await?
                    {
                        messages.entry(message.chat_id).or_default().push(message);
                    }
                }
                chats
                    .into_iter()
                    .map(|chat| {
                        let own = messages.remove(&chat.id).unwrap_or_default();
                        (chat.id, Row::Chat(chat, own))
                    })
                    .collect()
            }
        })
    }

    pub(super) fn account_id(&self) -> i64 {
        match self {
            Row::Call(call) => call.account_id,
            Row::Text(text) => text.account_id,
            Row::Chat(chat, _) => chat.account_id,
            Row::Form(form) => form.account_id,
        }
    }

    pub(super) fn detector_version(&self) -> Option<i32> {
        match self {
            Row::Call(call) => call.detector_version,
            Row::Text(text) => text.detector_version,
            Row::Chat(chat, _) => chat.detector_version,
            Row::Form(form) => form.detector_version,
        }
    }

    pub(super) fn tags(&self) -> &Value {
        match self {
            Row::Call(call) => &call.tags,
            Row::Text(text) => &text.tags,
            Row::Chat(chat, _) => &chat.tags,
            Row::Form(form) => &form.tags,
        }
    }

    /// Computes the redacted row; `None` when there is nothing to write (a full redaction
    /// that was already done). Takes the row: a large one is not copied on the way.
    pub(super) fn redact(self, id: i64, policy: &Policy) -> Result<Option<Change>, JobError> {
        let size = self.content_bytes();
        if size > MAX_CONTENT_BYTES {
            return Err(JobError::permanent(format!(
                "{} {id} holds {size} bytes of content, over the {MAX_CONTENT_BYTES}-byte limit \
                 per row; it was not redacted",
                self.kind_name()
            )));
        }
        let mut findings = Findings::default();
        let content = match &self {
            Row::Call(call) => Content::Call(redact_transcript(call, id, policy, &mut findings)?),
            Row::Text(text) => Content::Text(redact_body(&text.body, policy, &mut findings)),
            Row::Chat(_, messages) => {
                Content::Chat(redact_messages(messages, policy, &mut findings))
            }
            Row::Form(form) => {
                Content::Form(redact_fields(&form.fields, id, policy, &mut findings)?)
            }
        };
        let tags = merged_tags(self.tags(), &findings);
        let unchanged = !content.differs(&self)
            && tags == *self.tags()
            && !(policy.forget_contact && self.has_contact());
        // A detection pass always writes (it records the detector version); a full
        // redaction that is already complete does not.
        if policy.mode == Mode::All && unchanged {
            return Ok(None);
        }
        Ok(Some(Change {
            row: self,
            content,
            tags,
            findings,
            forget_contact: policy.forget_contact,
        }))
    }

    /// Roughly what detection reads of this row, in bytes.
    fn content_bytes(&self) -> usize {
        match self {
            Row::Call(call) => call.transcript.as_ref().map_or(0, json_bytes),
            Row::Text(text) => text.body.len(),
            Row::Chat(_, messages) => messages.iter().map(|m| m.body.len()).sum(),
            Row::Form(form) => json_bytes(&form.fields),
        }
    }

    fn kind_name(&self) -> &'static str {
        match self {
            Row::Call(_) => "call",
            Row::Text(_) => "text",
            Row::Chat(..) => "chat",
            Row::Form(_) => "form",
        }
    }

    pub(super) fn has_contact(&self) -> bool {
        match self {
            Row::Call(call) => call.caller_number.is_some(),
            Row::Text(text) => text.from_number.is_some() || text.to_number.is_some(),
            Row::Chat(chat, _) => chat.visitor_email.is_some() || chat.visitor_phone.is_some(),
            Row::Form(_) => false,
        }
    }
}

/// The redacted content of a row.
pub(super) enum Content {
    /// The new transcript (None: there was none, or an unreadable one erased) and ranges.
    Call(RedactedTranscript),
    Text(String),
    /// New bodies, by position in the loaded messages.
    Chat(Vec<String>),
    Form(Value),
}

pub(super) struct RedactedTranscript {
    pub(super) transcript: Option<Value>,
    pub(super) ranges: Option<Value>,
}

impl Content {
    pub(super) fn differs(&self, row: &Row) -> bool {
        match (self, row) {
            (Content::Call(new), Row::Call(call)) => {
                new.transcript != call.transcript || new.ranges != call.redaction_ranges
            }
            (Content::Text(body), Row::Text(text)) => *body != text.body,
            (Content::Chat(bodies), Row::Chat(_, messages)) => bodies
                .iter()
                .zip(messages)
                .any(|(body, message)| *body != message.body),
            (Content::Form(fields), Row::Form(form)) => *fields != form.fields,
            _ => true,
        }
    }
}

pub(super) async fn accounts_of(
    txn: &DatabaseTransaction,
    rows: impl Iterator<Item = &Row>,
) -> Result<HashMap<i64, accounts::Model>, JobError> {
    let mut ids: Vec<i64> = rows.map(Row::account_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|account| (account.id, account))
        .collect())
}

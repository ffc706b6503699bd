//! Redacting one interaction (call, text, chat or form) in one transaction: content, tags,
//! audit rows, `detector_version` and `redacted_at` change together, under a row lock
//! (`SELECT … FOR UPDATE` on Postgres; SQLite serializes writers anyway). A crash leaves the
//! old row or the fully redacted one. Shared by the redaction jobs, retention sweeps and
//! erasure.
//!
//! **Tags** (merged into the row's `tags`): `CREDIT_CARD` → `pci:card`, `CARD_EXPIRY` →
//! `pci:expiry`, `CARD_CVV` → `pci:cvv`, `SSN` → `pii:ssn`, `PHONE_NUMBER` → `pii:phone`,
//! `EMAIL_ADDRESS` → `pii:email`, `BANK_ACCOUNT` → `pii:bank`, `PERSON_NAME` → `pii:name`,
//! `STREET_ADDRESS` → `pii:address`, `DATE_OF_BIRTH` → `pii:dob`; full redaction → `erased`.
//!
//! **Audit** (`redaction_events`): one row per entity type per pass (`ALL` for full
//! redaction) with the count and where the placeholders now are, never the value:
//! - text: `{"start","end"}`, code-point offsets into the redacted body;
//! - chat: `{"message_id","start","end"}`, likewise within that message;
//! - form: `{"field","start","end"}`, `field` being the index in `fields`;
//! - call: `{"first_word","last_word","start_ms","end_ms"}`, word indices and their times.
//!
//! **Recording contract**: `calls.redaction_ranges` is a JSON array of `{"start_ms","end_ms"}`
//! covering every redacted word, padded by `JobSettings::audio_pad_ms` (default
//! [`DEFAULT_PAD_MS`](crate::audio::DEFAULT_PAD_MS)) and merged: what
//! `rewrite_recording` silences. When the ranges change, `recording_redacted_at` is cleared
//! (the stored audio no longer matches them) and `rewrite_recording {call_id}` is enqueued
//! after the commit; a later run of the same job re-enqueues it while it is still owed, so a
//! crash between commit and enqueue is not lost.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{DateTime, Utc};
use entity::{accounts, calls, chat_messages, chats, form_submissions, texts};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Statement, TransactionTrait, Value as DbValue,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::audio::{TimeRange, pad_and_merge};
use crate::detect::{self, DETECTOR_VERSION, EntityType, InputKind, Span};
use crate::job::{JobContext, JobError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Call,
    Text,
    Chat,
    Form,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 4] = [
        InteractionKind::Call,
        InteractionKind::Text,
        InteractionKind::Chat,
        InteractionKind::Form,
    ];

    /// The name stored in `redaction_events.interaction_kind` and used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Call => "call",
            InteractionKind::Text => "text",
            InteractionKind::Chat => "chat",
            InteractionKind::Form => "form",
        }
    }
}

impl fmt::Display for InteractionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who asked for a redaction; recorded in `redaction_events.actor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Platform,
    Schedule,
    Erasure,
}

impl Actor {
    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Platform => "platform",
            Actor::Schedule => "schedule",
            Actor::Erasure => "erasure",
        }
    }
}

/// What to remove.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Detected sensitive data, per the account's `redact_types`.
    Detected,
    /// All content (erasure, `redact_all` retention).
    All,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// False when the interaction was already redacted at this detector version (or the
    /// account's policy skips it): nothing was written.
    pub changed: bool,
    /// Entity types found, e.g. `CREDIT_CARD` (`ALL` for full redaction).
    pub entity_types: Vec<String>,
}

/// What full redaction puts in place of content.
pub const REDACTED: &str = "[REDACTED]";
/// The tag and audit entity type of full redaction.
pub const ERASED_TAG: &str = "erased";
pub const ALL_ENTITIES: &str = "ALL";

/// The tag a row gets when `entity` was redacted from it.
pub fn tag(entity: EntityType) -> &'static str {
    match entity {
        EntityType::CreditCard => "pci:card",
        EntityType::CardExpiry => "pci:expiry",
        EntityType::CardCvv => "pci:cvv",
        EntityType::Ssn => "pii:ssn",
        EntityType::PhoneNumber => "pii:phone",
        EntityType::EmailAddress => "pii:email",
        EntityType::BankAccount => "pii:bank",
        EntityType::PersonName => "pii:name",
        EntityType::StreetAddress => "pii:address",
        EntityType::DateOfBirth => "pii:dob",
    }
}

/// Redacts one interaction; idempotent and safe against concurrent workers.
/// Unknown id → `JobError::Permanent`.
///
/// `Mode::Detected` by the platform or a schedule is skipped for accounts without secure
/// transcription, and for rows already redacted at this detector version. `Mode::All` by
/// `Actor::Erasure` also forgets the contact columns (caller and text numbers, chat visitor
/// e-mail and phone): erasure removes the person, not only what they said.
pub async fn redact_interaction(
    ctx: &JobContext,
    kind: InteractionKind,
    id: i64,
    actor: Actor,
    mode: Mode,
) -> Result<Outcome, JobError> {
    let txn = ctx.db.begin().await?;
    let batch = redact_batch(&txn, ctx, kind, &[id], actor, mode).await?;
    txn.commit().await?;
    enqueue_rewrites(ctx, &batch.rewrites).await?;
    let (_, result) = batch.results.into_iter().next().expect("one result per id");
    let outcome = result?;
    if outcome.changed {
        tracing::info!(%kind, id, actor = actor.as_str(), types = ?outcome.entity_types, "redacted");
    }
    Ok(outcome)
}

/// What [`redact_batch`] did.
#[derive(Debug, Default)]
pub struct Batch {
    /// One result per requested id, in the order given. A row that is gone, whose account is
    /// gone or whose content is malformed has a permanent error; the others were written.
    pub results: Vec<(i64, Result<Outcome, JobError>)>,
    /// Calls whose recording must be rewritten once the transaction commits (new ranges, or a
    /// rewrite an earlier commit still owes): pass them to [`enqueue_rewrites`].
    pub rewrites: Vec<i64>,
}

impl Batch {
    pub fn changed(&self) -> usize {
        self.results
            .iter()
            .filter(|(_, r)| matches!(r, Ok(o) if o.changed))
            .count()
    }
}

/// Redacts many interactions of one kind inside the caller's transaction: one lock query,
/// detection off the async threads, and the audit rows in bulk, so a retention sweep pays one
/// commit per batch instead of one per row. Rows are locked in id order (no deadlock with
/// single-row redactions). Per-row problems are results; database trouble is the error, and
/// the caller's rollback then leaves every row as it was.
pub async fn redact_batch(
    txn: &DatabaseTransaction,
    ctx: &JobContext,
    kind: InteractionKind,
    ids: &[i64],
    actor: Actor,
    mode: Mode,
) -> Result<Batch, JobError> {
    let mut rows = Row::lock_many(txn, kind, ids).await?;
    let accounts = accounts_of(txn, rows.values()).await?;

    let mut batch = Batch::default();
    let mut todo = Vec::with_capacity(rows.len());
    let mut slot_of = Vec::with_capacity(ids.len());
    for &id in ids {
        let result = match rows.remove(&id) {
            None => Err(JobError::permanent(format!("{kind} {id} not found"))),
            Some(row) => match accounts.get(&row.account_id()) {
                None => Err(JobError::permanent(format!(
                    "account {} of {kind} {id} not found",
                    row.account_id()
                ))),
                Some(account) => match skip_reason(&row, account, actor, mode) {
                    Some(skip) => {
                        if skip == Skip::AlreadyDone
                            && let Row::Call(call) = &row
                            && owes_rewrite(call)
                        {
                            batch.rewrites.push(call.id);
                        }
                        Ok(Outcome::default())
                    }
                    None => {
                        let policy = Policy {
                            mode,
                            types: allowed_types(account.redact_types.as_ref()),
                            forget_contact: mode == Mode::All && actor == Actor::Erasure,
                            pad_ms: ctx.settings.audio_pad_ms,
                        };
                        slot_of.push(batch.results.len());
                        todo.push((id, row, policy));
                        Ok(Outcome::default())
                    }
                },
            },
        };
        batch.results.push((id, result));
    }

    // Detection is CPU work: keep it off the async worker threads. A panic on one row fails
    // that row alone (and its message, which could quote the text, is dropped), so one bad
    // row cannot stall a sweep by failing its whole batch on every retry.
    let computed = tokio::task::spawn_blocking(move || {
        todo.into_iter()
            .map(|(id, row, policy)| {
                let redacted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    row.redact(id, &policy)
                }))
                .unwrap_or_else(|_| {
                    Err(JobError::permanent(format!(
                        "redaction of {kind} {id} panicked"
                    )))
                });
                (id, redacted)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|_| JobError::transient("redaction task was cancelled"))?;

    let now = Utc::now();
    let mut writes = Writes::default();
    let mut events = Vec::new();
    for ((id, computed), slot) in computed.into_iter().zip(slot_of) {
        let change = match computed {
            Ok(Some(change)) => change,
            Ok(None) => continue,
            Err(error) => {
                batch.results[slot].1 = Err(error);
                continue;
            }
        };
        let rewrite = change.stage(&mut writes, now);
        if let Some(call_id) = rewrite.filter(|_| actor != Actor::Erasure) {
            batch.rewrites.push(call_id);
        }
        events.extend(change.events(kind, id, &ctx.job_id, actor, now));
        batch.results[slot].1 = Ok(Outcome {
            changed: true,
            entity_types: change.findings.names().map(str::to_owned).collect(),
        });
    }
    writes.flush(txn).await?;
    bulk_insert(txn, "redaction_events", EVENT_COLUMNS, events).await?;
    Ok(batch)
}

/// Why a row needs no redaction pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Skip {
    /// Automatic detection on an account without secure transcription.
    PolicyOff,
    /// Already redacted at this detector version.
    AlreadyDone,
}

fn skip_reason(row: &Row, account: &accounts::Model, actor: Actor, mode: Mode) -> Option<Skip> {
    if mode != Mode::Detected {
        return None;
    }
    if actor != Actor::Erasure && !account.secure_transcription {
        return Some(Skip::PolicyOff);
    }
    (row.detector_version() >= Some(DETECTOR_VERSION)).then_some(Skip::AlreadyDone)
}

async fn accounts_of(
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

/// The account's `redact_types` (NULL = every type). A malformed policy redacts everything:
/// a typo must not let card numbers through.
fn allowed_types(redact_types: Option<&Value>) -> Vec<EntityType> {
    match redact_types {
        None | Some(Value::Null) => EntityType::ALL.to_vec(),
        Some(Value::Array(names)) => EntityType::ALL
            .into_iter()
            .filter(|entity| {
                names
                    .iter()
                    .any(|name| name.as_str().and_then(EntityType::parse) == Some(*entity))
            })
            .collect(),
        Some(_) => {
            tracing::warn!("redact_types is not a JSON array: redacting every type");
            EntityType::ALL.to_vec()
        }
    }
}

struct Policy {
    mode: Mode,
    types: Vec<EntityType>,
    forget_contact: bool,
    /// Padding of the audio ranges (`JobSettings::audio_pad_ms`).
    pad_ms: u64,
}

impl Policy {
    fn allows(&self, entity: EntityType) -> bool {
        self.types.contains(&entity)
    }
}

/// An interaction as loaded (and locked) for redaction.
enum Row {
    Call(calls::Model),
    Text(texts::Model),
    Chat(chats::Model, Vec<chat_messages::Model>),
    Form(form_submissions::Model),
}

/// `FOR UPDATE` where the backend has it; SQLite transactions are serialized anyway.
fn locked<E: EntityTrait>(select: Select<E>, backend: DbBackend) -> Select<E> {
    if backend == DbBackend::Postgres {
        select.lock_exclusive()
    } else {
        select
    }
}

impl Row {
    /// The rows of `ids` that exist, locked, by id.
    async fn lock_many(
        txn: &DatabaseTransaction,
        kind: InteractionKind,
        ids: &[i64],
    ) -> Result<HashMap<i64, Row>, JobError> {
        let backend = txn.get_database_backend();
        let ids = ids.to_vec();
        Ok(match kind {
            InteractionKind::Call => locked(
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
            InteractionKind::Text => locked(
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
            InteractionKind::Form => locked(
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
            InteractionKind::Chat => {
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

    fn account_id(&self) -> i64 {
        match self {
            Row::Call(call) => call.account_id,
            Row::Text(text) => text.account_id,
            Row::Chat(chat, _) => chat.account_id,
            Row::Form(form) => form.account_id,
        }
    }

    fn detector_version(&self) -> Option<i32> {
        match self {
            Row::Call(call) => call.detector_version,
            Row::Text(text) => text.detector_version,
            Row::Chat(chat, _) => chat.detector_version,
            Row::Form(form) => form.detector_version,
        }
    }

    fn tags(&self) -> &Value {
        match self {
            Row::Call(call) => &call.tags,
            Row::Text(text) => &text.tags,
            Row::Chat(chat, _) => &chat.tags,
            Row::Form(form) => &form.tags,
        }
    }

    /// Computes the redacted row; `None` when there is nothing to write (a full redaction
    /// that was already done).
    fn redact(&self, id: i64, policy: &Policy) -> Result<Option<Change>, JobError> {
        let mut findings = Findings::default();
        let content = match self {
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
        let unchanged = !content.differs(self)
            && tags == *self.tags()
            && !(policy.forget_contact && self.has_contact());
        // A detection pass always writes (it records the detector version); a full
        // redaction that is already complete does not.
        if policy.mode == Mode::All && unchanged {
            return Ok(None);
        }
        Ok(Some(Change {
            row: self.clone_models(),
            content,
            tags,
            findings,
            forget_contact: policy.forget_contact,
        }))
    }

    fn has_contact(&self) -> bool {
        match self {
            Row::Call(call) => call.caller_number.is_some(),
            Row::Text(text) => text.from_number.is_some() || text.to_number.is_some(),
            Row::Chat(chat, _) => chat.visitor_email.is_some() || chat.visitor_phone.is_some(),
            Row::Form(_) => false,
        }
    }

    fn clone_models(&self) -> Row {
        match self {
            Row::Call(call) => Row::Call(call.clone()),
            Row::Text(text) => Row::Text(text.clone()),
            Row::Chat(chat, messages) => Row::Chat(chat.clone(), messages.clone()),
            Row::Form(form) => Row::Form(form.clone()),
        }
    }
}

/// The redacted content of a row.
enum Content {
    /// The new transcript (None: there was none, or an unreadable one erased) and ranges.
    Call(RedactedTranscript),
    Text(String),
    /// New bodies, by position in the loaded messages.
    Chat(Vec<String>),
    Form(Value),
}

struct RedactedTranscript {
    transcript: Option<Value>,
    ranges: Option<Value>,
}

impl Content {
    fn differs(&self, row: &Row) -> bool {
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

/// A computed redaction, ready to be written.
struct Change {
    row: Row,
    content: Content,
    tags: Value,
    findings: Findings,
    forget_contact: bool,
}

impl Change {
    /// Adds this change's row (and message) updates to `writes`; the audit rows are
    /// [`Change::events`]. Returns the call whose recording must be rewritten once this
    /// commits. Every written column is set, unchanged ones to the value read under the row
    /// lock, so one statement shape serves every row of a kind.
    fn stage(&self, writes: &mut Writes, now: DateTime<Utc>) -> Option<i64> {
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
    fn kept(&self, value: &Option<String>) -> Option<String> {
        if self.forget_contact {
            None
        } else {
            value.clone()
        }
    }

    /// The audit rows of this change, one per entity type (never a value), as
    /// [`EVENT_COLUMNS`] values.
    fn events(
        &self,
        kind: InteractionKind,
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
                kind.as_str().into(),
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
struct Writes {
    calls: Vec<Vec<DbValue>>,
    texts: Vec<Vec<DbValue>>,
    chats: Vec<Vec<DbValue>>,
    messages: Vec<Vec<DbValue>>,
    forms: Vec<Vec<DbValue>>,
}

/// A table's written columns with their Postgres types (VALUES lists need them).
type Columns = &'static [(&'static str, &'static str)];

const CALL_COLUMNS: Columns = &[
    ("transcript", "jsonb"),
    ("tags", "jsonb"),
    ("detector_version", "integer"),
    ("redacted_at", "timestamptz"),
    ("redaction_ranges", "jsonb"),
    ("recording_redacted_at", "timestamptz"),
    ("caller_number", "text"),
];
const TEXT_COLUMNS: Columns = &[
    ("body", "text"),
    ("tags", "jsonb"),
    ("detector_version", "integer"),
    ("redacted_at", "timestamptz"),
    ("from_number", "text"),
    ("to_number", "text"),
];
const CHAT_COLUMNS: Columns = &[
    ("tags", "jsonb"),
    ("detector_version", "integer"),
    ("redacted_at", "timestamptz"),
    ("visitor_email", "text"),
    ("visitor_phone", "text"),
];
const MESSAGE_COLUMNS: Columns = &[("body", "text")];
const EVENT_COLUMNS: Columns = &[
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
const FORM_COLUMNS: Columns = &[
    ("fields", "jsonb"),
    ("tags", "jsonb"),
    ("detector_version", "integer"),
    ("redacted_at", "timestamptz"),
];

impl Writes {
    async fn flush(self, txn: &DatabaseTransaction) -> Result<(), JobError> {
        bulk_update(txn, "calls", CALL_COLUMNS, self.calls).await?;
        bulk_update(txn, "texts", TEXT_COLUMNS, self.texts).await?;
        bulk_update(txn, "chat_messages", MESSAGE_COLUMNS, self.messages).await?;
        bulk_update(txn, "chats", CHAT_COLUMNS, self.chats).await?;
        bulk_update(txn, "form_submissions", FORM_COLUMNS, self.forms).await
    }
}

/// Inserts many rows in one statement. On Postgres, rows without NULLs go as one array per
/// column through `unnest`: binary arrays cost the server nothing to parse (the audit rows of
/// a 500-text batch as JSON took longer to parse than to insert). Otherwise as
/// [`bulk_update`] passes them.
async fn bulk_insert(
    txn: &DatabaseTransaction,
    table: &str,
    columns: Columns,
    rows: Vec<Vec<DbValue>>,
) -> Result<(), JobError> {
    let backend = txn.get_database_backend();
    let names = columns
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ");
    let sources = match column_arrays(backend, columns, &rows) {
        Some(arrays) => {
            let casts = columns
                .iter()
                .enumerate()
                .map(|(i, (_, pg_type))| format!("${}::{pg_type}[]", i + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let definition = names.clone();
            vec![(format!("unnest({casts}) AS v({definition})"), arrays)]
        }
        None => row_source(backend, columns, &rows),
    };
    for (source, values) in sources {
        let sql = format!("INSERT INTO {table} ({names}) SELECT {names} FROM {source}");
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// One Postgres array per column, or None when the rows cannot go that way (another
/// backend, no rows, or a NULL: arrays are bound without NULL elements).
fn column_arrays(
    backend: DbBackend,
    columns: Columns,
    rows: &[Vec<DbValue>],
) -> Option<Vec<DbValue>> {
    use sea_orm::sea_query::ArrayType;
    if backend != DbBackend::Postgres || rows.is_empty() {
        return None;
    }
    columns
        .iter()
        .enumerate()
        .map(|(i, (_, pg_type))| {
            let element = match *pg_type {
                "bigint" => ArrayType::BigInt,
                "integer" => ArrayType::Int,
                "text" => ArrayType::String,
                "jsonb" => ArrayType::Json,
                "timestamptz" => ArrayType::ChronoDateTimeUtc,
                _ => return None,
            };
            let values = rows
                .iter()
                .map(|row| Some(row[i].clone()).filter(|v| !is_null(v)))
                .collect::<Option<Vec<_>>>()?;
            Some(DbValue::Array(element, Some(Box::new(values))))
        })
        .collect()
}

fn is_null(value: &DbValue) -> bool {
    json_of(value).is_null()
}

/// Updates many rows by id (each row's first value) in one statement:
/// `UPDATE t SET c = v.c, … FROM <rows> AS v WHERE t.id = v.id`. One round trip instead of
/// one per row is most of what makes a sweep of a million rows take minutes, not hours.
async fn bulk_update(
    txn: &DatabaseTransaction,
    table: &str,
    columns: Columns,
    rows: Vec<Vec<DbValue>>,
) -> Result<(), JobError> {
    let assignments = columns
        .iter()
        .map(|(name, _)| format!("{name} = v.{name}"))
        .collect::<Vec<_>>()
        .join(", ");
    let with_id: Vec<(&str, &str)> = std::iter::once(("id", "bigint"))
        .chain(columns.iter().copied())
        .collect();
    for (source, values) in row_source(txn.get_database_backend(), &with_id, &rows) {
        let sql = format!("UPDATE {table} SET {assignments} FROM {source} WHERE {table}.id = v.id");
        txn.execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    }
    Ok(())
}

/// Rows as a table named `v` with the given columns, as (SQL, bound values) per statement.
///
/// Postgres: the whole batch as one `jsonb` parameter through `jsonb_to_recordset`, so the
/// statement text never changes (prepared once per connection, whatever the batch size; a
/// VALUES list would be parsed and planned anew for every batch, with thousands of
/// parameters). SQLite, in process: a plain VALUES list per 500 rows (its columns are named
/// `columnN`, hence the aliasing subquery).
fn row_source(
    backend: DbBackend,
    columns: &[(&str, &str)],
    rows: &[Vec<DbValue>],
) -> Vec<(String, Vec<DbValue>)> {
    if rows.is_empty() {
        return Vec::new();
    }
    if backend == DbBackend::Postgres {
        let definition = columns
            .iter()
            .map(|(name, pg_type)| format!("{name} {pg_type}"))
            .collect::<Vec<_>>()
            .join(", ");
        let records: Vec<Value> = rows
            .iter()
            .map(|row| {
                debug_assert_eq!(row.len(), columns.len());
                Value::Object(
                    columns
                        .iter()
                        .zip(row)
                        .map(|((name, _), value)| ((*name).to_owned(), json_of(value)))
                        .collect(),
                )
            })
            .collect();
        let source = format!("jsonb_to_recordset($1::jsonb) AS v({definition})");
        return vec![(source, vec![Value::Array(records).into()])];
    }
    let aliases = columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("column{} AS {name}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    rows.chunks(500)
        .map(|chunk| {
            let mut values = Vec::with_capacity(chunk.len() * columns.len());
            let tuples = chunk
                .iter()
                .map(|row| {
                    let first = values.len() + 1;
                    values.extend(row.iter().cloned());
                    let placeholders = (first..first + row.len())
                        .map(|n| format!("${n}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    format!("({placeholders})")
                })
                .collect::<Vec<_>>()
                .join(", ");
            (
                format!("(SELECT {aliases} FROM (VALUES {tuples})) AS v"),
                values,
            )
        })
        .collect()
}

/// A bound value as JSON for `jsonb_to_recordset`: NULL as null, timestamps as RFC 3339.
fn json_of(value: &DbValue) -> Value {
    match value {
        DbValue::String(Some(s)) => Value::from(s.as_str()),
        DbValue::Json(Some(json)) => (**json).clone(),
        DbValue::Int(Some(n)) => Value::from(*n),
        DbValue::BigInt(Some(n)) => Value::from(*n),
        DbValue::ChronoDateTimeUtc(Some(at)) => Value::from(at.to_rfc3339()),
        DbValue::String(None)
        | DbValue::Json(None)
        | DbValue::Int(None)
        | DbValue::BigInt(None)
        | DbValue::ChronoDateTimeUtc(None) => Value::Null,
        other => unreachable!("bulk writes bind no {other:?}"),
    }
}

/// A committed redaction whose recording rewrite has not happened yet (its enqueue may have
/// been lost to a crash, or the rewrite is still queued: enqueueing again is harmless).
fn owes_rewrite(call: &calls::Model) -> bool {
    call.recording_key.is_some()
        && call.recording_deleted_at.is_none()
        && call.recording_redacted_at.is_none()
        && has_ranges(call.redaction_ranges.as_ref())
        && !has_tag(&call.tags, ERASED_TAG)
}

/// Enqueues `rewrite_recording` for each call; after the redaction committed, never before
/// (the rewrite reads the committed ranges).
pub async fn enqueue_rewrites(ctx: &JobContext, call_ids: &[i64]) -> Result<(), JobError> {
    for &call_id in call_ids {
        ctx.queue
            .enqueue("rewrite_recording", json!({ "call_id": call_id }))
            .await
            .map_err(|e| JobError::transient(format!("cannot enqueue rewrite_recording: {e:#}")))?;
    }
    Ok(())
}

fn has_ranges(ranges: Option<&Value>) -> bool {
    matches!(ranges, Some(Value::Array(list)) if !list.is_empty())
}

fn has_tag(tags: &Value, wanted: &str) -> bool {
    matches!(tags, Value::Array(list) if list.iter().any(|t| t.as_str() == Some(wanted)))
}

/// What one pass removed, by entity type (`None`: all content): the audit rows' content.
#[derive(Default)]
struct Findings(BTreeMap<Option<EntityType>, Found>);

#[derive(Default)]
struct Found {
    count: i32,
    locations: Vec<Value>,
}

impl Findings {
    /// `entity` `None` for full redaction.
    fn add(&mut self, entity: Option<EntityType>, count: i32, locations: Vec<Value>) {
        let found = self.0.entry(entity).or_default();
        found.count += count;
        found.locations.extend(locations);
    }

    /// (entity type name, what was found), in [`EntityType`] order, `ALL` last.
    fn iter(&self) -> impl Iterator<Item = (&'static str, &Found)> {
        let mut all: Vec<_> = self.0.iter().collect();
        all.sort_by_key(|(entity, _)| (entity.is_none(), **entity));
        all.into_iter()
            .map(|(entity, found)| (entity.map_or(ALL_ENTITIES, EntityType::as_str), found))
    }

    fn names(&self) -> impl Iterator<Item = &'static str> {
        self.iter().map(|(name, _)| name)
    }
}

/// The row's tags plus one per type found (existing order kept, no duplicates).
fn merged_tags(existing: &Value, findings: &Findings) -> Value {
    let mut tags: Vec<Value> = match existing {
        Value::Array(list) => list.clone(),
        _ => Vec::new(),
    };
    for entity_type in findings.names() {
        let new = EntityType::parse(entity_type).map_or(ERASED_TAG, tag);
        if !tags.iter().any(|t| t.as_str() == Some(new)) {
            tags.push(Value::from(new));
        }
    }
    Value::Array(tags)
}

// --- Placeholders -------------------------------------------------------------------------

fn placeholders() -> impl Iterator<Item = &'static str> {
    EntityType::ALL
        .into_iter()
        .map(EntityType::placeholder)
        .chain([REDACTED])
}

/// True when `text` holds nothing but placeholders, spaces and punctuation: what an earlier
/// pass left. Re-detecting over it must change nothing.
fn is_placeholder_only(text: &str) -> bool {
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
fn fresh_part(text: &str, span: Span) -> Option<Span> {
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
fn replace_spans(text: &str, spans: &[Span]) -> (String, Vec<(EntityType, usize, usize)>) {
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
fn wanted_spans(text: &str, kind: InputKind, policy: &Policy) -> Vec<Span> {
    detect::detect(text, kind)
        .into_iter()
        .filter(|span| policy.allows(span.entity))
        .filter_map(|span| fresh_part(text, span))
        .collect()
}

// --- Texts --------------------------------------------------------------------------------

fn redact_body(body: &str, policy: &Policy, findings: &mut Findings) -> String {
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
fn joined_lines(parts: &[(&str, &str)]) -> (String, Vec<(usize, usize)>) {
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
fn split_spans(
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

fn redact_messages(
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

fn redact_fields(
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

// --- Calls --------------------------------------------------------------------------------

/// One word of a transcript `{"words":[{"text","start_ms","end_ms","speaker"}]}`.
struct Word {
    text: String,
    speaker: String,
    range: TimeRange,
}

/// The transcript's words; `None` when it is not a transcript with at least one timed word.
fn transcript_words(transcript: &Value) -> Option<Vec<Word>> {
    let list = transcript.get("words")?.as_array()?;
    if list.is_empty() {
        return None;
    }
    list.iter()
        .map(|word| {
            let millis = |key: &str| {
                let value = word.get(key)?;
                value.as_u64().or_else(|| {
                    value
                        .as_f64()
                        .filter(|ms| *ms >= 0.0)
                        .map(|ms| ms.round() as u64)
                })
            };
            Some(Word {
                text: word.get("text")?.as_str()?.to_owned(),
                speaker: match word.get("speaker") {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => "speaker".to_owned(),
                },
                range: TimeRange::new(millis("start_ms")?, millis("end_ms")?),
            })
        })
        .collect()
}

fn redact_transcript(
    call: &calls::Model,
    call_id: i64,
    policy: &Policy,
    findings: &mut Findings,
) -> Result<RedactedTranscript, JobError> {
    let words = call.transcript.as_ref().and_then(transcript_words);
    let (Some(transcript), Some(words)) = (call.transcript.as_ref(), words) else {
        if policy.mode == Mode::All {
            // Nothing readable to keep timings of: erasure drops the transcript.
            findings.add(None, i32::from(call.transcript.is_some()), Vec::new());
            return Ok(RedactedTranscript {
                transcript: None,
                ranges: call.redaction_ranges.clone(),
            });
        }
        return Err(JobError::permanent(format!(
            "call {call_id} has no valid transcript (not JSON with timed words)"
        )));
    };

    let mut transcript = transcript.clone();
    let mut set_text = |index: usize, text: &str| {
        transcript["words"][index]["text"] = Value::from(text);
    };
    let mut redacted: Vec<bool> = words.iter().map(|w| is_placeholder_word(&w.text)).collect();

    if policy.mode == Mode::All {
        let mut changed = 0;
        for (index, word) in words.iter().enumerate() {
            if word.text != REDACTED {
                set_text(index, REDACTED);
                changed += 1;
            }
            redacted[index] = true;
        }
        let start_ms = words.iter().map(|w| w.range.start_ms).min().unwrap_or(0);
        let end_ms = words.iter().map(|w| w.range.end_ms).max().unwrap_or(0);
        findings.add(
            None,
            changed,
            vec![json!({"first_word": 0, "last_word": words.len() - 1,
                        "start_ms": start_ms, "end_ms": end_ms})],
        );
    } else {
        let pairs: Vec<(&str, &str)> = words
            .iter()
            .map(|w| (w.speaker.as_str(), w.text.as_str()))
            .collect();
        for span in detect::detect_words(&pairs) {
            if !policy.allows(span.entity) {
                continue;
            }
            let fresh: Vec<usize> = (span.first_word..=span.last_word)
                .filter(|&index| !redacted[index])
                .collect();
            if fresh.is_empty() {
                continue;
            }
            for &index in &fresh {
                set_text(index, span.entity.placeholder());
                redacted[index] = true;
            }
            findings.add(
                Some(span.entity),
                1,
                vec![json!({
                    "first_word": span.first_word,
                    "last_word": span.last_word,
                    "start_ms": words[span.first_word].range.start_ms,
                    "end_ms": words[span.last_word].range.end_ms,
                })],
            );
        }
    }

    // Every redacted word, whichever pass replaced it, stays silenced.
    let spoken: Vec<TimeRange> = words
        .iter()
        .zip(&redacted)
        .filter(|(_, redacted)| **redacted)
        .map(|(word, _)| word.range)
        .collect();
    let ranges: Vec<Value> = pad_and_merge(&spoken, policy.pad_ms)
        .into_iter()
        .map(|r| json!({"start_ms": r.start_ms, "end_ms": r.end_ms}))
        .collect();
    Ok(RedactedTranscript {
        transcript: Some(transcript),
        ranges: Some(Value::Array(ranges)),
    })
}

/// A word an earlier pass replaced (a word is never only punctuation and a placeholder by
/// chance: the recognizer writes words).
fn is_placeholder_word(text: &str) -> bool {
    !text.trim().is_empty() && placeholders().any(|p| text.contains(p)) && is_placeholder_only(text)
}

#[cfg(test)]
pub(crate) mod fixtures;

#[cfg(test)]
mod tests;

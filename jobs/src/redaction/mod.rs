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

use chrono::{DateTime, Utc};
use entity::{accounts, calls, chat_messages, chats, form_submissions, texts};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, TransactionTrait, Value as DbValue,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use self::fields::form_texts;
use crate::audio::{TimeRange, pad_and_merge};
use crate::detect::{self, DETECTOR_VERSION, EntityType, InputKind, Span};
pub use crate::interaction::Kind;
use crate::job::{JobContext, JobError};
use crate::rewrite_recording::RewriteRecording;
use crate::sql::*;

mod call;
mod fields;
mod findings;
mod policy;
mod rows;
mod text;
mod write;

#[allow(unused_imports)]
use self::{call::*, fields::*, findings::*, policy::*, rows::*, text::*, write::*};

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
    /// False when the row was skipped: already redacted at this detector version, the
    /// account's policy skips it, or a call is not transcribed yet. Nothing was written.
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
    kind: Kind,
    id: i64,
    actor: Actor,
    mode: Mode,
) -> Result<Outcome, JobError> {
    let txn = ctx.db.begin().await?;
    let batch = redact_batch(&txn, ctx, kind, &[id], actor, mode).await?;
    txn.commit().await?;
    batch.count_redactions(kind);
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
    /// Items redacted per entity type (for `muffle_redactions_total`, once committed).
    pub redacted: Vec<(&'static str, u64)>,
}

impl Batch {
    /// Adds this batch's redactions to the metrics; call after its transaction committed.
    pub fn count_redactions(&self, kind: Kind) {
        for (entity_type, count) in &self.redacted {
            crate::metrics::redacted(kind.singular(), entity_type, *count);
        }
    }

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
    kind: Kind,
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
                let redacted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
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
        for (entity_type, found) in change.findings.iter() {
            batch
                .redacted
                .push((entity_type, found.count.max(0) as u64));
        }
        batch.results[slot].1 = Ok(Outcome {
            changed: true,
            entity_types: change.findings.names().map(str::to_owned).collect(),
        });
    }
    writes.flush(txn).await?;
    bulk_insert(txn, "redaction_events", EVENT_COLUMNS, events).await?;
    Ok(batch)
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
        ctx.enqueue(&RewriteRecording { call_id }).await?;
    }
    Ok(())
}

fn has_ranges(ranges: Option<&Value>) -> bool {
    matches!(ranges, Some(Value::Array(list)) if !list.is_empty())
}

fn has_tag(tags: &Value, wanted: &str) -> bool {
    matches!(tags, Value::Array(list) if list.iter().any(|t| t.as_str() == Some(wanted)))
}

#[cfg(test)]
pub(crate) mod fixtures;

#[cfg(test)]
mod tests;

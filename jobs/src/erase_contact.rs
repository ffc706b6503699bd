//! `erase_contact`: GDPR/CCPA erasure. Every call, text, chat and form of one contact in an
//! account has its content fully redacted (not only detected spans) and its contact columns
//! cleared, each in its own transaction with one `ALL` audit event, and every call recording
//! is scheduled for deletion (`delete_recording {call_id}`, enqueued before the call is
//! erased so a crash in between cannot lose it: the call still matches on retry).
//! Runs whatever the account's secure-transcription setting.
//!
//! Matching: calls by `caller_number`; texts by `from_number` or `to_number`; chats by
//! `visitor_phone` or `visitor_email`; forms by any field value containing the e-mail or the
//! phone's digits. Phones compare by digits (a leading US `1` dropped), e-mails without case.
//! The payload carries the contact itself, so nothing here logs or reports it.

use entity::{calls, chats, form_submissions, texts};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::delete_recording::DeleteRecording;
use crate::job::{Job, JobContext, JobError};
use crate::redaction::{Actor, Kind, Mode, redact_interaction};

/// Rows read per query while looking for the contact.
const BATCH: u64 = 500;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraseContact {
    pub account_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Job for EraseContact {
    const NAME: &'static str = "erase_contact";
    const PAYLOAD_NAMES_A_PERSON: bool = true;

    /// Refused at enqueue: neither a phone nor an e-mail (or one that cannot be either).
    fn check(&self) -> Result<(), String> {
        Contact::new(self.phone.as_deref(), self.email.as_deref())
            .map(drop)
            .map_err(|e| e.to_string())
    }

    /// The account and a hash of the contact: enough to match a failure to the request that
    /// caused it, never the phone or e-mail themselves.
    fn kept_on_failure(&self) -> Value {
        let contact = format!(
            "{}\n{}",
            self.phone.as_deref().unwrap_or(""),
            self.email.as_deref().unwrap_or("")
        );
        serde_json::json!({
            "account_id": self.account_id,
            "contact_sha256": crate::recordings::sha256_hex(contact.as_bytes()),
        })
    }

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let contact = Contact::new(self.phone.as_deref(), self.email.as_deref())?;
        let erased = erase_contact(&ctx, self.account_id, &contact).await?;
        tracing::info!(account_id = self.account_id, %erased, "erased contact");
        Ok(())
    }
}

/// How many interactions of each kind were erased, and recordings scheduled for deletion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub calls: u64,
    pub texts: u64,
    pub chats: u64,
    pub forms: u64,
    pub recordings: u64,
}

impl Erased {
    /// How many of `kind` were erased.
    pub fn count(&self, kind: Kind) -> u64 {
        match kind {
            Kind::Call => self.calls,
            Kind::Text => self.texts,
            Kind::Chat => self.chats,
            Kind::Form => self.forms,
        }
    }
}

impl std::fmt::Display for Erased {
    /// `calls=1 texts=0 chats=2 forms=0 recordings=1`: kinds by their (plural) names.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for kind in Kind::ALL {
            write!(f, "{}={} ", kind.name(), self.count(kind))?;
        }
        write!(f, "recordings={}", self.recordings)
    }
}

/// Who to erase, normalized for matching.
#[derive(Clone, Debug)]
pub struct Contact {
    /// National digits (see [`phone_digits`]).
    phone: Option<String>,
    /// Lower-cased.
    email: Option<String>,
}

impl Contact {
    /// At least one of the two; the errors never repeat what was given.
    pub fn new(phone: Option<&str>, email: Option<&str>) -> Result<Contact, JobError> {
        let phone = match phone.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(raw) => Some(
                phone_digits(raw)
                    .ok_or_else(|| JobError::permanent("phone must have at least 7 digits"))?,
            ),
        };
        let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
            None => None,
            Some(raw) if raw.contains('@') => Some(raw.to_lowercase()),
            Some(_) => return Err(JobError::permanent("email must contain @")),
        };
        if phone.is_none() && email.is_none() {
            return Err(JobError::permanent(
                "erase_contact needs a phone or an email",
            ));
        }
        Ok(Contact { phone, email })
    }

    fn is_phone(&self, number: Option<&str>) -> bool {
        self.phone.is_some() && number.and_then(phone_digits) == self.phone
    }

    fn is_email(&self, email: Option<&str>) -> bool {
        self.email.is_some() && email.map(|e| e.trim().to_lowercase()) == self.email
    }

    /// A free-text value (form field) that mentions the contact.
    fn is_mentioned_in(&self, value: &str) -> bool {
        let by_email = self
            .email
            .as_ref()
            .is_some_and(|email| value.to_lowercase().contains(email.as_str()));
        let by_phone = self.phone.as_ref().is_some_and(|phone| {
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            digits.contains(phone.as_str())
        });
        by_email || by_phone
    }
}

/// A phone number's digits without a leading US country code; `None` below 7 digits.
pub fn phone_digits(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.strip_prefix('1') {
        Some(rest) if digits.len() == 11 => rest.to_owned(),
        _ => digits,
    };
    (national.len() >= 7).then_some(national)
}

/// Erases every interaction of `contact` in the account.
pub async fn erase_contact(
    ctx: &JobContext,
    account_id: i64,
    contact: &Contact,
) -> Result<Erased, JobError> {
    entity::accounts::Entity::find_by_id(account_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| JobError::permanent(format!("account {account_id} not found")))?;

    let mut erased = Erased::default();
    for (call_id, has_recording) in matching_calls(&ctx.db, account_id, contact).await? {
        crate::media_links::revoke_call(
            &ctx.db,
            call_id,
            crate::media_links::RevokeReason::Erasure,
        )
        .await?;
        if has_recording {
            ctx.enqueue(&DeleteRecording { call_id }).await?;
            erased.recordings += 1;
        }
        erase(ctx, Kind::Call, call_id).await?;
        erased.calls += 1;
    }
    for text_id in matching_texts(&ctx.db, account_id, contact).await? {
        erase(ctx, Kind::Text, text_id).await?;
        erased.texts += 1;
    }
    for chat_id in matching_chats(&ctx.db, account_id, contact).await? {
        erase(ctx, Kind::Chat, chat_id).await?;
        erased.chats += 1;
    }
    for form_id in matching_forms(&ctx.db, account_id, contact).await? {
        erase(ctx, Kind::Form, form_id).await?;
        erased.forms += 1;
    }
    Ok(erased)
}

async fn erase(ctx: &JobContext, kind: Kind, id: i64) -> Result<(), JobError> {
    redact_interaction(ctx, kind, id, Actor::Erasure, Mode::All)
        .await
        .map(|_| ())
}

/// A call's id, caller number, recording key and recording deletion time.
type CallContact = (
    i64,
    Option<String>,
    Option<String>,
    Option<chrono::DateTime<chrono::Utc>>,
);

/// The contact's calls, with whether each still has a recording to delete.
async fn matching_calls(
    db: &DatabaseConnection,
    account_id: i64,
    contact: &Contact,
) -> Result<Vec<(i64, bool)>, JobError> {
    if contact.phone.is_none() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    let mut after = 0;
    loop {
        let page: Vec<CallContact> = calls::Entity::find()
            .select_only()
            .column(calls::Column::Id)
            .column(calls::Column::CallerNumber)
            .column(calls::Column::RecordingKey)
            .column(calls::Column::RecordingDeletedAt)
            .filter(calls::Column::AccountId.eq(account_id))
            .filter(calls::Column::CallerNumber.is_not_null())
            .filter(calls::Column::Id.gt(after))
            .order_by_asc(calls::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        for (id, number, recording_key, deleted_at) in &page {
            if contact.is_phone(number.as_deref()) {
                found.push((*id, recording_key.is_some() && deleted_at.is_none()));
            }
        }
        match page.last() {
            Some(last) if page.len() as u64 == BATCH => after = last.0,
            _ => return Ok(found),
        }
    }
}

async fn matching_texts(
    db: &DatabaseConnection,
    account_id: i64,
    contact: &Contact,
) -> Result<Vec<i64>, JobError> {
    if contact.phone.is_none() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    let mut after = 0;
    loop {
        let page: Vec<(i64, Option<String>, Option<String>)> = texts::Entity::find()
            .select_only()
            .column(texts::Column::Id)
            .column(texts::Column::FromNumber)
            .column(texts::Column::ToNumber)
            .filter(texts::Column::AccountId.eq(account_id))
            .filter(texts::Column::Id.gt(after))
            .order_by_asc(texts::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        for (id, from, to) in &page {
            if contact.is_phone(from.as_deref()) || contact.is_phone(to.as_deref()) {
                found.push(*id);
            }
        }
        match page.last() {
            Some(last) if page.len() as u64 == BATCH => after = last.0,
            _ => return Ok(found),
        }
    }
}

async fn matching_chats(
    db: &DatabaseConnection,
    account_id: i64,
    contact: &Contact,
) -> Result<Vec<i64>, JobError> {
    let mut found = Vec::new();
    let mut after = 0;
    loop {
        let page: Vec<(i64, Option<String>, Option<String>)> = chats::Entity::find()
            .select_only()
            .column(chats::Column::Id)
            .column(chats::Column::VisitorPhone)
            .column(chats::Column::VisitorEmail)
            .filter(chats::Column::AccountId.eq(account_id))
            .filter(chats::Column::Id.gt(after))
            .order_by_asc(chats::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        for (id, phone, email) in &page {
            if contact.is_phone(phone.as_deref()) || contact.is_email(email.as_deref()) {
                found.push(*id);
            }
        }
        match page.last() {
            Some(last) if page.len() as u64 == BATCH => after = last.0,
            _ => return Ok(found),
        }
    }
}

async fn matching_forms(
    db: &DatabaseConnection,
    account_id: i64,
    contact: &Contact,
) -> Result<Vec<i64>, JobError> {
    let mut found = Vec::new();
    let mut after = 0;
    loop {
        let page: Vec<(i64, Value)> = form_submissions::Entity::find()
            .select_only()
            .column(form_submissions::Column::Id)
            .column(form_submissions::Column::Fields)
            .filter(form_submissions::Column::AccountId.eq(account_id))
            .filter(form_submissions::Column::Id.gt(after))
            .order_by_asc(form_submissions::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        for (id, fields) in &page {
            if crate::redaction::form_texts(fields).any(|value| contact.is_mentioned_in(&value)) {
                found.push(*id);
            }
        }
        match page.last() {
            Some(last) if page.len() as u64 == BATCH => after = last.0,
            _ => return Ok(found),
        }
    }
}

#[cfg(test)]
mod tests;

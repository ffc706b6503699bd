//! Post-call notification e-mails: which rules a call matches, what a message may carry, and
//! sending each one exactly once per (call, rule, recipient).
//!
//! The jobs `notify_call` (evaluate the rules) and `send_call_notification` (render and send
//! one rule's messages) are the entry points; `muffle notifications …` uses [`admin`].
//!
//! **Omission policy.** The audio field (button, link, any URL) is left out entirely when
//! the agency is in PCI mode, the account has recording disabled, the rule excludes audio,
//! the call has no recording, or its redaction/rewrite has not finished
//! ([`policy::audio`]). Otherwise the message carries a freshly minted media link (purpose
//! `notification`) under the agency's expiry and password policy. Transcript text comes only
//! from the redacted transcript, masked again in memory ([`excerpt`]). Each omission is
//! recorded on the delivery as a reason code.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use entity::{accounts, calls, notification_rules};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

use crate::job::{JobContext, JobError};
use crate::redaction::{Actor, Kind, Mode, redact_interaction};

pub mod admin;
pub mod criteria;
pub mod deliveries;
pub mod excerpt;
pub mod fields;
pub mod mailer;
pub mod message;
pub mod policy;
#[cfg(test)]
pub mod testing;

pub use criteria::{CallFacts, Criteria};
pub use fields::Fields;
pub use mailer::{Mailer, SendError, SmtpSettings};
pub use message::{AudioLink, Notification};
pub use policy::Omitted;

use crate::media_links::account_policy;

/// A stored rule, parsed.
#[derive(Clone, Debug)]
pub struct Rule {
    pub model: notification_rules::Model,
    pub criteria: Criteria,
    pub fields: Fields,
    pub recipients: Vec<String>,
}

impl Rule {
    /// The error says which part of the rule is malformed (never a call's data).
    pub fn parse(model: notification_rules::Model) -> Result<Rule, String> {
        let criteria = Criteria::parse(&model.criteria)?;
        let fields = Fields::parse(model.fields.as_ref())?;
        let recipients = match &model.recipients {
            serde_json::Value::Array(list) => list
                .iter()
                .map(|r| r.as_str().map(str::trim).map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or("recipients must be a list of e-mail addresses")?,
            // A single address in a string is what people type.
            serde_json::Value::String(one) => vec![one.trim().to_owned()],
            _ => return Err("recipients must be a list of e-mail addresses".into()),
        };
        Ok(Rule {
            model,
            criteria,
            fields,
            recipients,
        })
    }

    pub fn id(&self) -> i64 {
        self.model.id
    }
}

/// The facts a rule matches on, including whether this is the caller's first call.
pub async fn first_time_caller(
    db: &impl ConnectionTrait,
    call: &calls::Model,
) -> Result<bool, DbErr> {
    let Some(number) = call.caller_number.as_deref().filter(|n| !n.is_empty()) else {
        return Ok(false);
    };
    let earlier = calls::Entity::find()
        .filter(calls::Column::AccountId.eq(call.account_id))
        .filter(calls::Column::CallerNumber.eq(number))
        .filter(calls::Column::StartedAt.lt(call.started_at))
        .count(db)
        .await?;
    Ok(earlier == 0)
}

pub fn call_tags(call: &calls::Model) -> Vec<String> {
    call.tags
        .as_array()
        .map(|tags| {
            tags.iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The account's zone; an unknown name reads as UTC (and says so in the rendered time).
pub fn account_zone(account: &accounts::Model) -> Option<Tz> {
    account.timezone.parse().ok()
}

/// `Tue 1 Dec 2026, 10:30 PST`.
pub fn local_time(at: DateTime<Utc>, zone: Option<Tz>) -> String {
    match zone {
        Some(zone) => at
            .with_timezone(&zone)
            .format("%a %-d %b %Y, %H:%M %Z")
            .to_string(),
        None => at.format("%a %-d %b %Y, %H:%M UTC").to_string(),
    }
}

/// A rule's message for one call, before any link is minted.
#[derive(Clone, Debug)]
pub struct Composed {
    pub notification: Notification,
    /// Fields left out by policy, strictest reason first.
    pub omitted: Vec<Omitted>,
    /// The audio link may be minted and included.
    pub audio_allowed: bool,
}

/// What `rule` may say about `call`. Pure reads: mints nothing, sends nothing.
pub async fn compose(
    db: &impl ConnectionTrait,
    call: &calls::Model,
    account: &accounts::Model,
    rule: &Rule,
) -> Result<Composed, DbErr> {
    let fields = &rule.fields;
    let zone = account_zone(account);
    let mut omitted = Vec::new();
    let (_, link_policy) = account_policy(db, account.id).await?;
    let audio = policy::audio(rule.model.include_audio, account, &link_policy, call);
    if let Err(reason) = audio {
        omitted.push(reason);
    }
    let excerpt = if fields.transcript_excerpt {
        let words = call
            .transcript
            .as_ref()
            .and_then(|t| crate::transcript::words(t).ok())
            .filter(|w| !w.is_empty());
        match words {
            None => {
                omitted.push(Omitted::ExcerptNoTranscript);
                None
            }
            Some(_) if !policy::transcript_settled(account, call) => {
                omitted.push(Omitted::ExcerptNotRedacted);
                None
            }
            Some(words) => Some(excerpt::excerpt(&words, excerpt::EXCERPT_CHARS)),
        }
    } else {
        None
    };
    let notification = Notification {
        account_name: account.name.clone(),
        rule_name: rule.model.name.clone(),
        call_id: call.id,
        caller: call
            .caller_number
            .as_deref()
            .and_then(|n| fields::show_caller(n, fields.caller_number)),
        time: fields.time.then(|| local_time(call.started_at, zone)),
        duration: call
            .duration_seconds
            .filter(|_| fields.duration)
            .map(fields::show_duration),
        tags: fields.tags.then(|| call_tags(call)),
        source: call.source.clone().filter(|_| fields.source),
        excerpt,
        audio: None,
    };
    Ok(Composed {
        notification,
        omitted,
        audio_allowed: audio.is_ok(),
    })
}

/// Enabled rules of an account, parsed; a malformed rule is logged (by id) and skipped, so
/// one bad rule does not silence the others.
pub async fn enabled_rules(db: &impl ConnectionTrait, account_id: i64) -> Result<Vec<Rule>, DbErr> {
    let models = notification_rules::Entity::find()
        .filter(notification_rules::Column::AccountId.eq(account_id))
        .filter(notification_rules::Column::Enabled.eq(true))
        .all(db)
        .await?;
    Ok(models
        .into_iter()
        .filter_map(|model| {
            let id = model.id;
            Rule::parse(model)
                .inspect_err(|reason| tracing::warn!(rule_id = id, %reason, "rule skipped"))
                .ok()
        })
        .collect())
}

pub fn facts<'a>(call: &'a calls::Model, tags: &'a [String], first_time: bool) -> CallFacts<'a> {
    CallFacts {
        tags,
        duration_seconds: call.duration_seconds,
        caller_number: call.caller_number.as_deref(),
        tracking_number: call.tracking_number.as_deref(),
        source: call.source.as_deref(),
        first_time_caller: first_time,
        started_at: call.started_at,
    }
}

/// The call and its account, with the transcript redacted by the current detector when the
/// account asks for secure transcription, so nothing later reads unredacted text. A
/// transcript that cannot be redacted (malformed) is left as it is: the messages then omit
/// the excerpt and the audio, which is what [`policy`] decides for an unsettled call.
pub async fn redacted_call(
    ctx: &JobContext,
    call_id: i64,
) -> Result<(calls::Model, accounts::Model), JobError> {
    let (call, account) = load(&ctx.db, call_id).await?;
    if call.transcript.is_none() || policy::transcript_settled(&account, &call) {
        return Ok((call, account));
    }
    match redact_interaction(ctx, Kind::Call, call_id, Actor::Platform, Mode::Detected).await {
        Ok(_) => {}
        Err(error) if error.is_permanent() => {
            tracing::warn!(call_id, %error, "call could not be redacted; notifying without text or audio");
        }
        Err(error) => return Err(error),
    }
    load(&ctx.db, call_id).await
}

async fn load(
    db: &impl ConnectionTrait,
    call_id: i64,
) -> Result<(calls::Model, accounts::Model), JobError> {
    let call = calls::Entity::find_by_id(call_id)
        .one(db)
        .await?
        .ok_or_else(|| JobError::permanent(format!("call {call_id} not found")))?;
    let account = accounts::Entity::find_by_id(call.account_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            JobError::permanent(format!(
                "account {} of call {call_id} not found",
                call.account_id
            ))
        })?;
    Ok((call, account))
}

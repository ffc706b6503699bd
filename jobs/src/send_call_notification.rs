//! `send_call_notification {call_id, rule_id}`: renders one rule's message about one call and
//! sends it to each recipient, once. Each (call, rule, recipient) is a delivery row claimed
//! before sending ([`deliveries`]); a retry skips what was sent or bounced. The audio link is
//! minted per delivery only when policy allows it ([`notifications`] module docs).

use std::time::SystemTime;

use chrono::Utc;
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};

use crate::job::{Job, JobContext, JobError};
use crate::media_links::{self, LinkError, MintRequest, Purpose};
use crate::notifications::{
    self, AudioLink, Composed, Mailer, Omitted, Rule, SendError, admin,
    deliveries::{self, Claim, Outcome},
    message::message_id,
    redacted_call,
};

/// While the recording's rewrite is pending, the first attempts wait for it (retry with
/// backoff, ~30 s at the default base) instead of sending without audio at once.
pub const WAIT_FOR_RECORDING_ATTEMPTS: u32 = 5;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendCallNotification {
    pub call_id: i64,
    pub rule_id: i64,
}

impl Job for SendCallNotification {
    const NAME: &'static str = "send_call_notification";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let mailer = ctx.settings.mailer.clone().ok_or_else(|| {
            JobError::permanent("notification mail is not configured (SMTP_URL or the outbox)")
        })?;
        let Some(rule) = enabled_rule(&ctx, self.rule_id).await? else {
            tracing::info!(rule_id = self.rule_id, "rule disabled; nothing sent");
            return Ok(());
        };
        let (call, account) = redacted_call(&ctx, self.call_id).await?;
        if rule.model.account_id != call.account_id {
            return Err(JobError::permanent(format!(
                "rule {} is not a rule of call {}'s account",
                rule.id(),
                call.id
            )));
        }
        let composed = notifications::compose(&ctx.db, &call, &account, &rule).await?;
        if composed.omitted.contains(&Omitted::AudioRecordingNotReady)
            && ctx.attempt < WAIT_FOR_RECORDING_ATTEMPTS
        {
            return Err(JobError::transient(format!(
                "call {}: waiting for the recording's redaction before notifying",
                call.id
            )));
        }
        let zone = notifications::account_zone(&account);
        let mut retry = None;
        for recipient in &rule.recipients {
            let delivery = Delivery {
                ctx: &ctx,
                mailer: &mailer,
                composed: &composed,
                rule: &rule,
                zone,
            };
            if let Err(error) = delivery.send_to(recipient).await {
                retry = Some(error);
            }
        }
        retry.map_or(Ok(()), Err)
    }
}

async fn enabled_rule(ctx: &JobContext, rule_id: i64) -> Result<Option<Rule>, JobError> {
    let model = match admin::rule(&ctx.db, rule_id).await {
        Ok(model) => model,
        Err(admin::AdminError::RuleNotFound(id)) => {
            return Err(JobError::permanent(format!("rule {id} not found")));
        }
        Err(admin::AdminError::Db(error)) => return Err(error.into()),
        Err(other) => return Err(JobError::permanent(other.to_string())),
    };
    if !model.enabled {
        return Ok(None);
    }
    Rule::parse(model)
        .map(Some)
        .map_err(|reason| JobError::permanent(format!("rule {rule_id}: {reason}")))
}

/// One recipient's message.
struct Delivery<'a> {
    ctx: &'a JobContext,
    mailer: &'a Mailer,
    composed: &'a Composed,
    rule: &'a Rule,
    zone: Option<chrono_tz::Tz>,
}

impl Delivery<'_> {
    /// Claims, renders, sends and records. Err only when the job should retry.
    async fn send_to(&self, recipient: &str) -> Result<(), JobError> {
        let (ctx, call_id) = (self.ctx, self.composed.notification.call_id);
        let now = Utc::now();
        let row = match deliveries::claim(&ctx.db, call_id, self.rule.id(), recipient, now).await? {
            Claim::Claimed(row) => row,
            Claim::Settled(_) => return Ok(()),
            Claim::Busy => {
                return Err(JobError::transient(format!(
                    "call {call_id} rule {}: another worker is sending",
                    self.rule.id()
                )));
            }
        };
        let message_id = message_id(call_id, self.rule.id(), recipient, &ctx.settings.mail_from);
        let mut omitted: Vec<&'static str> =
            self.composed.omitted.iter().map(|o| o.code()).collect();
        let mut outcome = Outcome {
            status: deliveries::FAILED,
            error: None,
            message_id: &message_id,
            omitted: &[],
            media_link_id: None,
        };
        let Ok(to) = recipient.parse::<Mailbox>() else {
            outcome.status = deliveries::BOUNCED;
            outcome.error = Some("not an e-mail address".into());
            deliveries::finish(&ctx.db, row.id, outcome, now).await?;
            crate::metrics::notification(deliveries::BOUNCED, "none");
            return Ok(());
        };

        let mut notification = self.composed.notification.clone();
        if self.composed.audio_allowed {
            match self.mint_link(call_id, now).await {
                Ok((audio, link_id)) => {
                    notification.audio = Some(audio);
                    outcome.media_link_id = Some(link_id);
                }
                Err(Ok(reason)) => omitted.push(reason.code()),
                Err(Err(error)) => {
                    outcome.error = Some(error.to_string());
                    deliveries::finish(&ctx.db, row.id, outcome, now).await?;
                    return Err(error);
                }
            }
        }
        let message = notification
            .message(&ctx.settings.mail_from, &to, &message_id, SystemTime::now())
            .map_err(|e| JobError::permanent(format!("message could not be built: {e}")))?;

        let sent = self.mailer.send(message, &message_id).await;
        (outcome.status, outcome.error) = match &sent {
            Ok(()) => (deliveries::SENT, None),
            Err(SendError::Permanent(e)) => (deliveries::BOUNCED, Some(e.clone())),
            Err(SendError::Transient(e)) => (deliveries::FAILED, Some(e.clone())),
        };
        outcome.omitted = &omitted;
        deliveries::finish(&ctx.db, row.id, outcome.clone(), Utc::now()).await?;
        let reason = omitted.first().copied().unwrap_or("none");
        crate::metrics::notification(outcome.status, reason);
        tracing::info!(
            delivery_id = row.id,
            call_id,
            rule_id = self.rule.id(),
            status = outcome.status,
            omitted = ?omitted,
            "notification delivery"
        );
        match sent {
            Err(SendError::Transient(e)) => {
                Err(JobError::transient(format!("delivery {}: {e}", row.id)))
            }
            _ => Ok(()),
        }
    }

    /// A fresh notification link; `Err(Ok(reason))` when policy turned out to forbid it
    /// after all, `Err(Err(_))` when the job should retry.
    async fn mint_link(
        &self,
        call_id: i64,
        now: chrono::DateTime<Utc>,
    ) -> Result<(AudioLink, i64), Result<Omitted, JobError>> {
        let request = MintRequest {
            call_id,
            purpose: Purpose::Notification,
            ttl_days: None,
        };
        let settings = &self.ctx.settings;
        match media_links::mint(&self.ctx.db, &settings.public_url, &request, now).await {
            Ok(link) => Ok((
                AudioLink {
                    url: link.url,
                    expires: link
                        .expires_at
                        .map(|at| notifications::local_time(at, self.zone)),
                    password_required: link.password_required,
                },
                link.id,
            )),
            Err(LinkError::PciModeForbidsNotifications) => Err(Ok(Omitted::AudioPciMode)),
            Err(LinkError::NoRecording(_) | LinkError::CallNotFound(_)) => {
                Err(Ok(Omitted::AudioNoRecording))
            }
            Err(LinkError::Db(error)) => Err(Err(error.into())),
            Err(other) => Err(Err(JobError::permanent(other.to_string()))),
        }
    }
}

#[cfg(test)]
mod tests;

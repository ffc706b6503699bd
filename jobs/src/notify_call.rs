//! `notify_call {call_id}`: enqueued by the platform when a call ends. Makes sure the call
//! is redacted first (for accounts with secure transcription), then enqueues one
//! `send_call_notification` per enabled rule of the account that matches the call.

use serde::{Deserialize, Serialize};

use crate::job::{Job, JobContext, JobError};
use crate::notifications::{self, redacted_call};
use crate::send_call_notification::SendCallNotification;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyCall {
    pub call_id: i64,
}

impl Job for NotifyCall {
    const NAME: &'static str = "notify_call";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let (call, account) = redacted_call(&ctx, self.call_id).await?;
        let tags = notifications::call_tags(&call);
        let first_time = notifications::first_time_caller(&ctx.db, &call).await?;
        let facts = notifications::facts(&call, &tags, first_time);
        let zone = notifications::account_zone(&account).unwrap_or(chrono_tz::UTC);

        let rules = notifications::enabled_rules(&ctx.db, account.id).await?;
        let mut matched = 0;
        for rule in rules.iter().filter(|r| r.criteria.matches(&facts, zone)) {
            let send = SendCallNotification {
                call_id: call.id,
                rule_id: rule.id(),
            };
            ctx.enqueue(&send).await?;
            matched += 1;
        }
        tracing::info!(
            call_id = call.id,
            rules = rules.len(),
            matched,
            "call notifications evaluated"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests;

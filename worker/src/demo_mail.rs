//! The demo's notification e-mails: two rules on the demo account, one that may carry the
//! recording link and one whose audio field policy leaves out, sent through the real jobs to
//! the outbox folder.

use std::{path::PathBuf, sync::Arc, time::Duration};

use jobs::notifications::admin::{self, NewRule};
use jobs::notifications::fields::Fields;

use crate::runtime::{self, Runtime};

#[derive(serde::Serialize)]
pub struct DemoMail {
    pub outbox: PathBuf,
    pub deliveries: Vec<DemoDelivery>,
}

#[derive(serde::Serialize)]
pub struct DemoDelivery {
    pub recipient: String,
    pub status: String,
    /// Policy reason codes of what was left out (`audio:rule_excludes`).
    pub omitted: Vec<String>,
}

pub async fn send_notifications(
    runtime: &Arc<Runtime>,
    account_id: i64,
    call_id: i64,
) -> anyhow::Result<DemoMail> {
    let with_audio = NewRule {
        account_id,
        name: "Billing team".into(),
        recipients: vec!["billing@acme.example".into()],
        fields: Some(Fields {
            transcript_excerpt: true,
            ..Fields::default()
        }),
        include_audio: true,
        ..NewRule::default()
    };
    let without_audio = NewRule {
        account_id,
        name: "Front desk".into(),
        recipients: vec!["frontdesk@acme.example".into()],
        include_audio: false,
        ..NewRule::default()
    };
    admin::add_rule(&runtime.db, with_audio).await?;
    admin::add_rule(&runtime.db, without_audio).await?;
    runtime
        .queues
        .push(
            "notify_call",
            serde_json::json!({ "call_id": call_id }),
            1,
            Duration::ZERO,
        )
        .await?;
    runtime::run(runtime.clone(), runtime::Until::Drained).await?;

    let rows = admin::deliveries_for_call(&runtime.db, call_id).await?;
    let deliveries = rows
        .into_iter()
        .map(|row| {
            let omitted = admin::omitted_codes(&row);
            DemoDelivery {
                recipient: row.recipient,
                status: row.status,
                omitted,
            }
        })
        .collect();
    Ok(DemoMail {
        outbox: runtime.config.mail.outbox_dir.clone(),
        deliveries,
    })
}

impl DemoMail {
    /// The "Try next" lines: where the e-mails are, and what each one carries.
    pub fn render(&self) -> String {
        let mut out = format!("  notification e-mails: {}\n", self.outbox.display());
        for delivery in &self.deliveries {
            let audio = if delivery.omitted.is_empty() {
                "with a link to the redacted recording".to_owned()
            } else {
                format!(
                    "recording link left out by policy ({})",
                    delivery.omitted.join(", ")
                )
            };
            out.push_str(&format!(
                "      {}: {}, {audio}\n",
                delivery.recipient, delivery.status
            ));
        }
        out
    }
}

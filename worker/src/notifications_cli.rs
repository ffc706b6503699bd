//! `muffle notifications …`: post-call notification rules, previews and what was sent.

use std::{path::PathBuf, process::ExitCode};

use clap::Subcommand;
use entity::{accounts, calls, notification_rules};
use jobs::notifications::{
    self, Rule,
    admin::{self, AdminError, NewRule},
    criteria::{BusinessHours, Criteria, MatchMode},
    fields::{CallerNumber, Fields},
};
use sea_orm::{DatabaseConnection, EntityTrait};

use crate::{USAGE_ERROR, config::Config, db};

#[derive(Subcommand)]
pub enum NotificationsCommand {
    /// Rules: who is e-mailed about which calls, with which fields.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Print the text e-mail a rule would send for a call (nothing is sent or minted).
    Preview {
        #[arg(long)]
        call: i64,
        #[arg(long)]
        rule: i64,
        /// Also write the HTML alternative to this file.
        #[arg(long)]
        html: Option<PathBuf>,
    },
    /// What was sent about a call, when, and why a field was left out.
    Deliveries {
        #[arg(long)]
        call: i64,
    },
}

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Add a rule; prints its id. With no criteria it matches every call of the account.
    Add {
        #[arg(long)]
        account: i64,
        #[arg(long, default_value = "")]
        name: String,
        /// A recipient's e-mail address (repeat for several).
        #[arg(long = "to", required = true)]
        recipients: Vec<String>,
        /// Whether all criteria must hold, or any one.
        #[arg(long = "match", default_value = "all", value_parser = ["all", "any"])]
        mode: String,
        /// The call carries this tag (repeat: any of them).
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long)]
        min_duration_seconds: Option<u32>,
        /// Glob over the caller's number, e.g. "+1415*".
        #[arg(long)]
        caller_pattern: Option<String>,
        #[arg(long)]
        tracking_number: Option<String>,
        #[arg(long)]
        source: Option<String>,
        /// Only the caller's first call to the account.
        #[arg(long)]
        first_time_caller: bool,
        /// Business hours in the account's zone, e.g. "mon-fri 09:00-17:00".
        #[arg(long)]
        business_hours: Option<String>,
        /// Match calls outside --business-hours instead.
        #[arg(long, requires = "business_hours")]
        outside_business_hours: bool,
        /// Leave the recording link out of these e-mails.
        #[arg(long)]
        no_audio: bool,
        /// Show the caller's full number (default: last four digits).
        #[arg(long, conflicts_with = "no_caller_number")]
        full_caller_number: bool,
        #[arg(long)]
        no_caller_number: bool,
        /// Include a short excerpt of the redacted transcript.
        #[arg(long)]
        transcript_excerpt: bool,
    },
    List {
        #[arg(long)]
        account: Option<i64>,
    },
    Show {
        id: i64,
    },
    Disable {
        id: i64,
    },
    Enable {
        id: i64,
    },
}

pub async fn run(config: Config, command: NotificationsCommand) -> anyhow::Result<ExitCode> {
    let db = db::connect(&config).await?;
    if config.database_url.starts_with("sqlite:") {
        db::migrate(&db).await?;
    }
    let result = match command {
        NotificationsCommand::Rules { command } => rules(&db, command).await,
        NotificationsCommand::Preview { call, rule, html } => {
            preview(&db, call, rule, html.as_deref()).await
        }
        NotificationsCommand::Deliveries { call } => deliveries(&db, call).await,
    };
    match result {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(AdminError::Db(error)) => {
            eprintln!("muffle: {}", AdminError::Db(error));
            Ok(ExitCode::FAILURE)
        }
        Err(error) => {
            eprintln!("muffle: {error}");
            Ok(ExitCode::from(USAGE_ERROR))
        }
    }
}

async fn rules(db: &DatabaseConnection, command: RulesCommand) -> Result<String, AdminError> {
    match command {
        RulesCommand::Add {
            account,
            name,
            recipients,
            mode,
            tags,
            min_duration_seconds,
            caller_pattern,
            tracking_number,
            source,
            first_time_caller,
            business_hours,
            outside_business_hours,
            no_audio,
            full_caller_number,
            no_caller_number,
            transcript_excerpt,
        } => {
            let business_hours = business_hours
                .map(|text| parse_hours(&text, !outside_business_hours))
                .transpose()?;
            let criteria = Criteria {
                mode: if mode == "any" {
                    MatchMode::Any
                } else {
                    MatchMode::All
                },
                tags,
                min_duration_seconds,
                caller_pattern,
                tracking_number,
                source,
                first_time_caller: first_time_caller.then_some(true),
                business_hours,
            };
            let caller_number = match (full_caller_number, no_caller_number) {
                (true, _) => CallerNumber::Full,
                (_, true) => CallerNumber::Omit,
                _ => CallerNumber::LastFour,
            };
            let fields = Fields {
                caller_number,
                transcript_excerpt,
                ..Fields::default()
            };
            let rule = NewRule {
                account_id: account,
                name,
                recipients,
                criteria,
                fields: (fields != Fields::default()).then_some(fields),
                include_audio: !no_audio,
            };
            let model = admin::add_rule(db, rule).await?;
            Ok(format!("{}\n", model.id))
        }
        RulesCommand::List { account } => {
            let rules = admin::list_rules(db, account).await?;
            let mut out = String::from("ID\tACCOUNT\tENABLED\tAUDIO\tRECIPIENTS\tNAME\n");
            for rule in rules {
                let recipients = rule.recipients.as_array().map_or(0, Vec::len);
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\n",
                    rule.id,
                    rule.account_id,
                    yes_no(rule.enabled),
                    yes_no(rule.include_audio),
                    recipients,
                    rule.name
                ));
            }
            Ok(out)
        }
        RulesCommand::Show { id } => show(&admin::rule(db, id).await?),
        RulesCommand::Disable { id } => admin::set_enabled(db, id, false)
            .await
            .map(|()| format!("rule {id} disabled\n")),
        RulesCommand::Enable { id } => admin::set_enabled(db, id, true)
            .await
            .map(|()| format!("rule {id} enabled\n")),
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// `mon-fri 09:00-17:00`.
fn parse_hours(text: &str, inside: bool) -> Result<BusinessHours, AdminError> {
    let invalid = || {
        AdminError::Invalid(format!(
            "--business-hours {text:?}: expected like \"mon-fri 09:00-17:00\""
        ))
    };
    let (days, hours) = text.trim().split_once(' ').ok_or_else(invalid)?;
    let (start, end) = hours.trim().split_once('-').ok_or_else(invalid)?;
    let hours = BusinessHours {
        days: days.into(),
        start: start.into(),
        end: end.into(),
        inside,
    };
    Criteria {
        business_hours: Some(hours.clone()),
        ..Criteria::default()
    }
    .validate()
    .map_err(AdminError::Invalid)?;
    Ok(hours)
}

fn show(model: &notification_rules::Model) -> Result<String, AdminError> {
    let rule = Rule::parse(model.clone()).map_err(|reason| {
        AdminError::Invalid(format!("rule {} is malformed: {reason}", model.id))
    })?;
    Ok(format!(
        "id: {}\naccount: {}\nname: {}\nenabled: {}\ninclude_audio: {}\nrecipients: {}\ncriteria: {}\nfields: {}\n",
        model.id,
        model.account_id,
        model.name,
        yes_no(model.enabled),
        yes_no(model.include_audio),
        rule.recipients.join(", "),
        serde_json::to_string(&rule.criteria).unwrap_or_default(),
        serde_json::to_string(&rule.fields).unwrap_or_default(),
    ))
}

async fn preview(
    db: &DatabaseConnection,
    call_id: i64,
    rule_id: i64,
    html: Option<&std::path::Path>,
) -> Result<String, AdminError> {
    let model = admin::rule(db, rule_id).await?;
    let rule = Rule::parse(model)
        .map_err(|reason| AdminError::Invalid(format!("rule {rule_id} is malformed: {reason}")))?;
    let call = calls::Entity::find_by_id(call_id)
        .one(db)
        .await?
        .ok_or_else(|| AdminError::Invalid(format!("call {call_id} not found")))?;
    let account = accounts::Entity::find_by_id(call.account_id)
        .one(db)
        .await?
        .ok_or(AdminError::AccountNotFound(call.account_id))?;
    let composed = notifications::compose(db, &call, &account, &rule).await?;
    let mut notification = composed.notification;
    if composed.audio_allowed {
        // The real message carries a link minted at send time; a preview mints nothing.
        notification.audio = Some(notifications::AudioLink {
            url: "https://…/media/<minted when sent>".into(),
            expires: None,
            password_required: false,
        });
    }
    let mut out = format!(
        "Subject: {}\n\n{}",
        notification.subject(),
        notification.text()
    );
    for omitted in &composed.omitted {
        out.push_str(&format!(
            "[preview] left out: {} ({})\n",
            omitted.code(),
            omitted.explain()
        ));
    }
    if let Some(path) = html {
        std::fs::write(path, notification.html())
            .map_err(|e| AdminError::Invalid(format!("cannot write {}: {e}", path.display())))?;
        out.push_str(&format!("[preview] HTML written to {}\n", path.display()));
    }
    Ok(out)
}

async fn deliveries(db: &DatabaseConnection, call_id: i64) -> Result<String, AdminError> {
    let rows = admin::deliveries_for_call(db, call_id).await?;
    if rows.is_empty() {
        return Ok(format!("no notifications for call {call_id}\n"));
    }
    let mut out = String::from("ID\tRULE\tRECIPIENT\tSTATUS\tATTEMPTS\tSENT_AT\tOMITTED\tERROR\n");
    for row in rows {
        let omitted = admin::omitted_codes(&row);
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            row.id,
            row.rule_id,
            row.recipient,
            row.status,
            row.attempts,
            row.sent_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_else(|| "-".into()),
            if omitted.is_empty() {
                "-".into()
            } else {
                omitted.join(",")
            },
            row.error.unwrap_or_else(|| "-".into()),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;

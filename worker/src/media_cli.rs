//! `muffle agencies …` and `muffle links …`: the media-link policy and links by hand.

use std::{io::IsTerminal, process::ExitCode};

use clap::{ArgGroup, Subcommand};
use jobs::media_links::{self, MintRequest, Purpose, RevokeReason, RevokeScope, admin};

use crate::{USAGE_ERROR, config::Config, db};

#[derive(Subcommand)]
pub enum AgenciesCommand {
    /// Set the agency's media username and password (read from stdin or a prompt, never a
    /// flag) and require it on the agency's links.
    SetMediaPassword {
        agency: i64,
        #[arg(long)]
        username: String,
    },
    /// Change the agency's media-link policy.
    SetMediaPolicy {
        agency: i64,
        /// Days a link works after it is created; 0 turns expiry off. Applies to links
        /// already issued.
        #[arg(long)]
        ttl_days: Option<i32>,
        /// none | agency_password
        #[arg(long)]
        auth: Option<String>,
        /// Turn PCI mode on (one-way).
        #[arg(long)]
        pci_mode: bool,
    },
    /// Show the agency's media-link policy.
    Show { agency: i64 },
}

#[derive(Subcommand)]
pub enum LinksCommand {
    /// Mint a link to a call's recording; the URL is the last line printed.
    Create {
        #[arg(long)]
        call: i64,
        /// notification | export | share
        #[arg(long, default_value = "share")]
        purpose: String,
        /// This link's own lifetime in days (the policy's, if shorter, still applies).
        #[arg(long)]
        ttl_days: Option<u32>,
    },
    /// Revoke links of a call, an account, or one link.
    #[command(group(ArgGroup::new("scope").required(true).args(["call", "account", "link"])))]
    Revoke {
        #[arg(long)]
        call: Option<i64>,
        #[arg(long)]
        account: Option<i64>,
        #[arg(long)]
        link: Option<i64>,
    },
}

pub async fn agencies(config: Config, command: AgenciesCommand) -> anyhow::Result<ExitCode> {
    let db = db::connect_migrated(&config).await?;
    let result = match command {
        AgenciesCommand::SetMediaPassword { agency, username } => {
            let password = match read_password() {
                Ok(password) => password,
                Err(error) => {
                    eprintln!("muffle: cannot read the password: {error}");
                    return Ok(ExitCode::from(USAGE_ERROR));
                }
            };
            admin::set_media_password(&db, agency, &username, password)
                .await
                .map(|()| format!("agency {agency}: media password set; links now require it\n"))
        }
        AgenciesCommand::SetMediaPolicy {
            agency,
            ttl_days,
            auth,
            pci_mode,
        } => admin::set_media_policy(
            &db,
            agency,
            ttl_days,
            auth.as_deref(),
            pci_mode.then_some(true),
        )
        .await
        .map(|row| admin::describe(&row) + "\n"),
        AgenciesCommand::Show { agency } => {
            match entity::agencies::Entity::find_by_id(agency)
                .one(&db)
                .await?
            {
                Some(row) => Ok(admin::describe(&row) + "\n"),
                None => Err(admin::AgencyError::NotFound(agency)),
            }
        }
    };
    match result {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(admin::AgencyError::Db(error)) => Err(anyhow::anyhow!(
            "database error: {}",
            jobs::job::db_error_kind(&error)
        )),
        Err(error) => {
            eprintln!("muffle: {error}");
            Ok(ExitCode::from(USAGE_ERROR))
        }
    }
}

use sea_orm::EntityTrait as _;

/// The password from a no-echo prompt (asked twice) on a terminal, else stdin's first line.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New media password: ")?;
        let again = rpassword::prompt_password("Repeat it: ")?;
        anyhow::ensure!(first == again, "the two entries differ");
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub async fn links(config: Config, command: LinksCommand) -> anyhow::Result<ExitCode> {
    let db = db::connect_migrated(&config).await?;
    let now = chrono::Utc::now();
    match command {
        LinksCommand::Create {
            call,
            purpose,
            ttl_days,
        } => {
            let Some(purpose) = Purpose::parse(&purpose) else {
                eprintln!("muffle: --purpose must be notification, export or share");
                return Ok(ExitCode::from(USAGE_ERROR));
            };
            let request = MintRequest {
                call_id: call,
                purpose,
                ttl_days,
            };
            match media_links::mint(&db, &config.public_url, &request, now).await {
                Ok(link) => {
                    println!("link {} for call {call} ({})", link.id, purpose.as_str());
                    match link.expires_at {
                        Some(at) => println!("expires {}", at.to_rfc3339()),
                        None => println!("expires never (no TTL in the policy)"),
                    }
                    if link.password_required {
                        println!("password required (the agency's media credentials)");
                    }
                    println!("{}", link.url);
                }
                Err(media_links::LinkError::Db(error)) => {
                    anyhow::bail!("database error: {}", jobs::job::db_error_kind(&error))
                }
                Err(error) => {
                    eprintln!("muffle: {error}");
                    return Ok(ExitCode::from(USAGE_ERROR));
                }
            }
        }
        LinksCommand::Revoke {
            call,
            account,
            link,
        } => {
            let scope = match (call, account, link) {
                (Some(id), _, _) => RevokeScope::Call(id),
                (_, Some(id), _) => RevokeScope::Account(id),
                (_, _, Some(id)) => RevokeScope::Link(id),
                _ => unreachable!("clap requires one scope"),
            };
            let revoked = media_links::revoke(&db, scope, RevokeReason::Admin, now).await?;
            println!("{revoked} link(s) revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}

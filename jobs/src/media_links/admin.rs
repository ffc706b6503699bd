//! Agency media policy as `muffle agencies …` changes it.

use entity::agencies;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

use super::{password, policy};

#[derive(Debug, thiserror::Error)]
pub enum AgencyError {
    #[error("agency {0} not found")]
    NotFound(i64),
    #[error("the username must be 1 to 128 visible characters")]
    BadUsername,
    #[error("the password must be at least {} characters", password::MIN_LENGTH)]
    ShortPassword,
    #[error("--ttl-days must be between 0 (off) and 3650")]
    BadTtl,
    #[error("PCI mode is one-way: Muffle cannot turn it off")]
    PciModeIsOneWay,
    #[error("--auth must be `none` or `agency_password`")]
    BadAuth,
    #[error("database error: {}", crate::job::db_error_kind(.0))]
    Db(#[from] sea_orm::DbErr),
}

/// Sets the agency's media username and password (stored as argon2id) and turns the
/// password requirement on. The password is hashed on a blocking thread.
pub async fn set_media_password(
    db: &impl ConnectionTrait,
    agency_id: i64,
    username: &str,
    new_password: String,
) -> Result<(), AgencyError> {
    let username = username.trim();
    if username.is_empty() || username.len() > 128 || username.chars().any(char::is_control) {
        return Err(AgencyError::BadUsername);
    }
    if new_password.chars().count() < password::MIN_LENGTH {
        return Err(AgencyError::ShortPassword);
    }
    let agency = find(db, agency_id).await?;
    let phc = tokio::task::spawn_blocking(move || password::hash(&new_password))
        .await
        .expect("argon2 hashing does not panic");
    let mut row: agencies::ActiveModel = agency.into();
    row.media_username = Set(Some(username.to_owned()));
    row.media_password_hash = Set(Some(phc));
    row.media_auth = Set(policy::AUTH_AGENCY_PASSWORD.into());
    row.update(db).await?;
    tracing::info!(agency_id, "agency media password set");
    Ok(())
}

/// Changes the agency's link TTL (0 = off), password requirement, or turns PCI mode on.
pub async fn set_media_policy(
    db: &impl ConnectionTrait,
    agency_id: i64,
    ttl_days: Option<i32>,
    auth: Option<&str>,
    pci_mode: Option<bool>,
) -> Result<agencies::Model, AgencyError> {
    let agency = find(db, agency_id).await?;
    if pci_mode == Some(false) && agency.pci_mode {
        return Err(AgencyError::PciModeIsOneWay);
    }
    let mut row: agencies::ActiveModel = agency.into();
    if let Some(days) = ttl_days {
        if !(0..=3650).contains(&days) {
            return Err(AgencyError::BadTtl);
        }
        row.media_link_ttl_days = Set((days > 0).then_some(days));
    }
    if let Some(auth) = auth {
        if ![policy::AUTH_NONE, policy::AUTH_AGENCY_PASSWORD].contains(&auth) {
            return Err(AgencyError::BadAuth);
        }
        row.media_auth = Set(auth.into());
    }
    if pci_mode == Some(true) {
        row.pci_mode = Set(true);
    }
    Ok(row.update(db).await?)
}

/// A one-line summary of the agency's media policy (never the hash).
pub fn describe(agency: &agencies::Model) -> String {
    format!(
        "agency {}: ttl_days={} auth={} username={} password={} pci_mode={}",
        agency.id,
        agency
            .media_link_ttl_days
            .filter(|&d| d > 0)
            .map_or("off".to_owned(), |d| d.to_string()),
        agency.media_auth,
        agency.media_username.as_deref().unwrap_or("-"),
        if agency.media_password_hash.is_some() {
            "set"
        } else {
            "unset"
        },
        agency.pci_mode,
    )
}

async fn find(db: &impl ConnectionTrait, agency_id: i64) -> Result<agencies::Model, AgencyError> {
    agencies::Entity::find_by_id(agency_id)
        .one(db)
        .await?
        .ok_or(AgencyError::NotFound(agency_id))
}

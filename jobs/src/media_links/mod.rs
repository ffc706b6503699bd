//! Expiring, password-protected links to call recordings: minting, revoking, resolving a
//! token to what may be shown. The gateway pages live in the worker (`media_gateway`); the
//! `expire_media_links` job keeps the table tidy.
//!
//! A token is 256 random bits, handed out once in the URL and stored only as its SHA-256.
//! Whether a link still works is decided on every request from the *current* policy (see
//! [`policy`]), the link's creation and its revocation, never from a value frozen at minting.

pub mod access;
pub mod admin;
pub mod password;
pub mod policy;
pub mod secret;

use chrono::{DateTime, Utc};
use entity::{accounts, agencies, calls, media_links};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, sea_query::Expr,
};

pub use policy::EffectivePolicy;

/// What a link is for; kept for the audit trail and for policy (PCI mode mints no links
/// for notification e-mails).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Notification,
    Export,
    Share,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Notification => "notification",
            Purpose::Export => "export",
            Purpose::Share => "share",
        }
    }

    pub fn parse(text: &str) -> Option<Purpose> {
        match text {
            "notification" => Some(Purpose::Notification),
            "export" => Some(Purpose::Export),
            "share" => Some(Purpose::Share),
            _ => None,
        }
    }
}

/// Why a link was revoked (stored in `revoked_reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevokeReason {
    /// `muffle links revoke`.
    Admin,
    /// The caller's data was erased.
    Erasure,
    /// The recording was deleted (by request, retention, or `purge_recordings`).
    RecordingDeleted,
}

impl RevokeReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RevokeReason::Admin => "admin",
            RevokeReason::Erasure => "erasure",
            RevokeReason::RecordingDeleted => "recording_deleted",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("call {0} not found")]
    CallNotFound(i64),
    #[error("call {0} has no recording")]
    NoRecording(i64),
    #[error("the agency is in PCI mode: no recording links in notifications")]
    PciModeForbidsNotifications,
    #[error("--ttl-days must be between 1 and 3650")]
    InvalidTtl,
    #[error("database error: {}", crate::job::db_error_kind(.0))]
    Db(#[from] DbErr),
}

/// What to mint.
#[derive(Clone, Debug)]
pub struct MintRequest {
    pub call_id: i64,
    pub purpose: Purpose,
    /// The link's own cap, in days; the policy's TTL still applies if shorter.
    pub ttl_days: Option<u32>,
}

/// A freshly minted link. `token` and `url` exist only here: print or send them, never log.
#[derive(Clone)]
pub struct MintedLink {
    pub id: i64,
    pub url: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub password_required: bool,
}

impl std::fmt::Debug for MintedLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MintedLink")
            .field("id", &self.id)
            .field("url", &"<secret>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// The public URL of a token: `{public_url}/media/{token}`.
pub fn link_url(public_url: &str, token: &str) -> String {
    format!("{}/media/{token}", public_url.trim_end_matches('/'))
}

/// Mints a link to a call's recording (the service behind `muffle links create`,
/// `POST /media-links` and notification e-mails). From a job:
/// `mint(&ctx.db, &ctx.settings.public_url, &MintRequest { call_id, purpose:
/// Purpose::Notification, ttl_days: None }, Utc::now())` → `{url, expires_at, …}`, or
/// `LinkError::PciModeForbidsNotifications` / `NoRecording` when policy leaves the link out.
pub async fn mint(
    db: &impl ConnectionTrait,
    public_url: &str,
    request: &MintRequest,
    now: DateTime<Utc>,
) -> Result<MintedLink, LinkError> {
    // What the database keeps (Postgres: microseconds), so the answer matches the row.
    let now = chrono::SubsecRound::trunc_subsecs(now, 6);
    if request.ttl_days.is_some_and(|d| d == 0 || d > 3650) {
        return Err(LinkError::InvalidTtl);
    }
    let call = calls::Entity::find_by_id(request.call_id)
        .one(db)
        .await?
        .ok_or(LinkError::CallNotFound(request.call_id))?;
    if call.recording_key.is_none() || call.recording_deleted_at.is_some() {
        return Err(LinkError::NoRecording(call.id));
    }
    let (_, policy) = account_policy(db, call.account_id).await?;
    if policy.pci_mode && request.purpose == Purpose::Notification {
        return Err(LinkError::PciModeForbidsNotifications);
    }
    let ttl_days = request.ttl_days.map(|d| d as i32);
    let token = secret::new_token();
    let expires_at = policy.expiry(now, ttl_days);
    let link = media_links::ActiveModel {
        account_id: Set(call.account_id),
        call_id: Set(call.id),
        token_hash: Set(secret::token_hash(&token)),
        purpose: Set(request.purpose.as_str().into()),
        ttl_days: Set(ttl_days),
        created_at: Set(now),
        expires_at: Set(expires_at),
        access_count: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await?;
    tracing::info!(
        link_id = link.id,
        call_id = call.id,
        purpose = request.purpose.as_str(),
        "media link minted"
    );
    Ok(MintedLink {
        id: link.id,
        url: link_url(public_url, &token),
        expires_at,
        password_required: policy.password_required,
    })
}

/// The account and the policy in force for its links. Unknown account: the strictest
/// reading (password required, none configured), so a dangling link opens nothing.
pub async fn account_policy(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<(Option<accounts::Model>, EffectivePolicy), DbErr> {
    let Some(account) = accounts::Entity::find_by_id(account_id).one(db).await? else {
        let policy = EffectivePolicy {
            ttl_days: None,
            password_required: true,
            pci_mode: false,
            username: None,
            password_hash: None,
        };
        return Ok((None, policy));
    };
    let agency = match account.agency_id {
        Some(id) => agencies::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let policy = EffectivePolicy::of(&account, agency.as_ref());
    Ok((Some(account), policy))
}

/// Which links to revoke.
#[derive(Clone, Copy, Debug)]
pub enum RevokeScope {
    Call(i64),
    Account(i64),
    Link(i64),
}

/// Revokes the scope's live links; returns how many. Idempotent: already revoked links keep
/// their first revocation time and reason.
pub async fn revoke(
    db: &impl ConnectionTrait,
    scope: RevokeScope,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    use media_links::Column;
    let filter = match scope {
        RevokeScope::Call(id) => Column::CallId.eq(id),
        RevokeScope::Account(id) => Column::AccountId.eq(id),
        RevokeScope::Link(id) => Column::Id.eq(id),
    };
    let result = media_links::Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .col_expr(Column::RevokedReason, Expr::value(reason.as_str()))
        .filter(filter)
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if result.rows_affected > 0 {
        tracing::info!(
            ?scope,
            reason = reason.as_str(),
            revoked = result.rows_affected,
            "media links revoked"
        );
    }
    Ok(result.rows_affected)
}

/// Revokes a call's links (erasure and recording deletion call this).
pub async fn revoke_call(
    db: &impl ConnectionTrait,
    call_id: i64,
    reason: RevokeReason,
) -> Result<u64, DbErr> {
    revoke(db, RevokeScope::Call(call_id), reason, Utc::now()).await
}

/// What a request to a link may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    Active {
        expires_at: Option<DateTime<Utc>>,
    },
    Expired,
    Revoked,
    /// The recording was deleted (or never existed).
    RecordingGone,
    /// The recording's redaction or rewrite is pending: its audio may still hold what must
    /// be silenced.
    NotReady,
}

/// A token resolved to its link, call, account and policy.
#[derive(Clone, Debug)]
pub struct ResolvedLink {
    pub link: media_links::Model,
    pub call: Option<calls::Model>,
    pub account: Option<accounts::Model>,
    pub policy: EffectivePolicy,
    pub state: LinkState,
}

/// Looks a token up by its hash. None: no such link.
pub async fn resolve(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<ResolvedLink>, DbErr> {
    // Tokens are 43 characters; anything far longer is not one (and is not hashed at length).
    if token.len() > 128 {
        return Ok(None);
    }
    let hash = secret::token_hash(token);
    let Some(link) = media_links::Entity::find()
        .filter(media_links::Column::TokenHash.eq(hash))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let call = calls::Entity::find_by_id(link.call_id).one(db).await?;
    let (account, policy) = account_policy(db, link.account_id).await?;
    let expires_at = policy.expiry(link.created_at, link.ttl_days);
    let state = if link.revoked_at.is_some() {
        LinkState::Revoked
    } else if expires_at.is_some_and(|at| at <= now) {
        LinkState::Expired
    } else {
        match &call {
            Some(call) if call.recording_key.is_some() && call.recording_deleted_at.is_none() => {
                if recording_ready(call, account.as_ref()) {
                    LinkState::Active { expires_at }
                } else {
                    LinkState::NotReady
                }
            }
            _ => LinkState::RecordingGone,
        }
    };
    Ok(Some(ResolvedLink {
        link,
        call,
        account,
        policy,
        state,
    }))
}

/// True when the stored recording is the one that may be played: redaction has run (for an
/// account that redacts) and any silenced ranges have been written into the audio.
pub fn recording_ready(call: &calls::Model, account: Option<&accounts::Model>) -> bool {
    let redacts = account.is_none_or(|a| a.secure_transcription);
    if redacts && call.redacted_at.is_none() {
        return false;
    }
    let has_ranges = call
        .redaction_ranges
        .as_ref()
        .and_then(|r| r.as_array())
        .is_some_and(|r| !r.is_empty());
    !has_ranges || call.recording_redacted_at.is_some()
}

#[cfg(test)]
mod tests;

//! What happens at the gateway, in the database: the audit trail of every request, the login
//! lockout computed from it, and the sessions a correct password opens.

use chrono::{DateTime, Duration, Utc};
use entity::{media_link_accesses, media_link_sessions, media_links};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use super::secret;

/// Failed logins that lock a link or a client address…
pub const LOCKOUT_FAILURES: usize = 5;
/// …within this window, for this long after the last of them.
pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);
/// How long a session opened with the password lasts.
pub const SESSION_TTL: Duration = Duration::minutes(30);

/// A request's outcome, as the audit trail records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The page was shown (player or login form); never counts as a listen.
    Page,
    AuthFailed,
    Locked,
    /// Audio bytes were sent.
    Audio,
    Expired,
    Revoked,
    NotReady,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Page => "page",
            Outcome::AuthFailed => "auth_failed",
            Outcome::Locked => "locked",
            Outcome::Audio => "audio",
            Outcome::Expired => "expired",
            Outcome::Revoked => "revoked",
            Outcome::NotReady => "not_ready",
        }
    }
}

/// Appends to the audit trail. `Audio` with `listen` also counts a listen on the link (a
/// player's follow-up range requests for the same playback do not).
pub async fn record(
    db: &impl ConnectionTrait,
    link_id: i64,
    outcome: Outcome,
    client_hash: Option<&str>,
    listen: bool,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    media_link_accesses::ActiveModel {
        link_id: Set(link_id),
        at: Set(now),
        outcome: Set(outcome.as_str().into()),
        client_hash: Set(client_hash.map(str::to_owned)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    crate::metrics::media_link_request(outcome.as_str());
    if outcome == Outcome::Audio && listen {
        use media_links::Column;
        media_links::Entity::update_many()
            .col_expr(Column::AccessCount, Expr::col(Column::AccessCount).add(1))
            .col_expr(Column::LastAccessedAt, Expr::value(now))
            .filter(Column::Id.eq(link_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Until when logins are refused for this link or this client address: 15 minutes after a
/// failure that made 5 within 15 minutes (for either). None: not locked. Checked before any
/// password is hashed, so a locked-out guesser costs no CPU.
pub async fn locked_until(
    db: &impl ConnectionTrait,
    link_id: i64,
    client_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    use media_link_accesses::Column;
    // A lock can last at most one window after a failure that itself needed one window of
    // history: two windows back is all that matters.
    let since = now - LOCKOUT_WINDOW - LOCKOUT_WINDOW;
    let mut until = None;
    for filter in [
        Column::LinkId.eq(link_id),
        Column::ClientHash.eq(client_hash),
    ] {
        let failures: Vec<DateTime<Utc>> = media_link_accesses::Entity::find()
            .select_only()
            .column(Column::At)
            .filter(filter)
            .filter(Column::Outcome.eq(Outcome::AuthFailed.as_str()))
            .filter(Column::At.gt(since))
            .order_by_asc(Column::At)
            .into_tuple()
            .all(db)
            .await?;
        until = Ord::max(until, lock_end(&failures));
    }
    Ok(until.filter(|&end| end > now))
}

/// The end of the latest lock the sorted failure times imply.
fn lock_end(failures: &[DateTime<Utc>]) -> Option<DateTime<Utc>> {
    failures
        .windows(LOCKOUT_FAILURES)
        .filter(|w| w[LOCKOUT_FAILURES - 1] - w[0] < LOCKOUT_WINDOW)
        .map(|w| w[LOCKOUT_FAILURES - 1] + LOCKOUT_WINDOW)
        .max()
}

/// Opens a session on the link; returns the cookie value (only its hash is stored) and when
/// it ends.
pub async fn open_session(
    db: &impl ConnectionTrait,
    link_id: i64,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), DbErr> {
    use media_link_sessions::Column;
    // Sweep this link's ended sessions while here: the table stays small without a job.
    media_link_sessions::Entity::delete_many()
        .filter(Column::LinkId.eq(link_id))
        .filter(Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    let cookie = secret::new_token();
    let expires_at = now + SESSION_TTL;
    media_link_sessions::ActiveModel {
        session_hash: Set(secret::token_hash(&cookie)),
        link_id: Set(link_id),
        expires_at: Set(expires_at),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok((cookie, expires_at))
}

/// Whether `cookie` is a live session on this link.
pub async fn session_valid(
    db: &impl ConnectionTrait,
    link_id: i64,
    cookie: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use media_link_sessions::Column;
    if cookie.len() > 128 {
        return Ok(false);
    }
    let session = media_link_sessions::Entity::find_by_id(secret::token_hash(cookie))
        .filter(Column::LinkId.eq(link_id))
        .filter(Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    Ok(session.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + Duration::minutes(minute)
    }

    #[test]
    fn five_failures_within_the_window_lock_for_a_window_after_the_fifth() {
        assert_eq!(lock_end(&[at(0), at(1), at(2), at(3)]), None);
        assert_eq!(lock_end(&[at(0), at(1), at(2), at(3), at(4)]), Some(at(19)));
        // Spread over more than the window: never five at once.
        assert_eq!(lock_end(&[at(0), at(4), at(8), at(12), at(16)]), None);
        assert_eq!(
            lock_end(&[at(0), at(4), at(8), at(12), at(14), at(16)]),
            Some(at(31))
        );
    }
}

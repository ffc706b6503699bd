//! One row per (call, rule, recipient): the claim that keeps an e-mail from going out twice.
//!
//! `pending` → `sending` (claimed, `claimed_at` set) → `sent` | `failed` (retry) |
//! `bounced` (permanent). A claim older than [`CLAIM_LEASE`] belongs to a worker that died
//! mid-send and may be taken over. The window between the SMTP server accepting a message and
//! the row turning `sent` is the one place a message can go out twice: then the second copy
//! carries the same `Message-ID`, which mail clients and most servers fold into one.

use chrono::{DateTime, Duration, Utc};
use entity::notification_deliveries::{self, Column, Entity};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::{Expr, ExprTrait, OnConflict},
};

/// How long a claim protects a send in progress (the SMTP timeout is 30 s).
pub const CLAIM_LEASE: Duration = Duration::minutes(2);

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const BOUNCED: &str = "bounced";

#[derive(Debug)]
pub enum Claim {
    /// Ours to send.
    Claimed(notification_deliveries::Model),
    /// Sent or bounced already: nothing to do.
    Settled(notification_deliveries::Model),
    /// Another worker holds a fresh claim: look again later.
    Busy,
}

/// Claims the delivery of (call, rule, recipient), creating its row on first sight.
pub async fn claim(
    db: &impl ConnectionTrait,
    call_id: i64,
    rule_id: i64,
    recipient: &str,
    now: DateTime<Utc>,
) -> Result<Claim, DbErr> {
    let row = notification_deliveries::ActiveModel {
        call_id: Set(call_id),
        rule_id: Set(rule_id),
        recipient: Set(recipient.to_owned()),
        status: Set(PENDING.into()),
        created_at: Set(now),
        ..Default::default()
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::columns([Column::CallId, Column::RuleId, Column::Recipient])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let this = Condition::all()
        .add(Column::CallId.eq(call_id))
        .add(Column::RuleId.eq(rule_id))
        .add(Column::Recipient.eq(recipient));
    let claimable = Condition::any()
        .add(Column::Status.is_in([PENDING, FAILED]))
        .add(
            Condition::all()
                .add(Column::Status.eq(SENDING))
                .add(Column::ClaimedAt.lt(now - CLAIM_LEASE)),
        );
    let claimed = Entity::update_many()
        .col_expr(Column::Status, Expr::value(SENDING))
        .col_expr(Column::ClaimedAt, Expr::value(now))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .filter(this.clone())
        .filter(claimable)
        .exec(db)
        .await?
        .rows_affected;
    let row = Entity::find()
        .filter(this)
        .one(db)
        .await?
        .ok_or(DbErr::RecordNotFound("notification delivery".into()))?;
    Ok(match (claimed, row.status.as_str()) {
        (1, _) => Claim::Claimed(row),
        (_, SENT | BOUNCED) => Claim::Settled(row),
        _ => Claim::Busy,
    })
}

/// How a claimed delivery ended.
#[derive(Debug, Clone)]
pub struct Outcome<'a> {
    pub status: &'static str,
    pub error: Option<String>,
    pub message_id: &'a str,
    pub omitted: &'a [&'static str],
    pub media_link_id: Option<i64>,
}

/// Records the outcome of a claimed delivery.
pub async fn finish(
    db: &impl ConnectionTrait,
    id: i64,
    outcome: Outcome<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let sent_at = (outcome.status == SENT).then_some(now);
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(outcome.status))
        .col_expr(Column::Error, Expr::value(outcome.error))
        .col_expr(Column::MessageId, Expr::value(outcome.message_id))
        .col_expr(
            Column::Omitted,
            Expr::value(serde_json::json!(outcome.omitted)),
        )
        .col_expr(Column::MediaLinkId, Expr::value(outcome.media_link_id))
        .col_expr(Column::SentAt, Expr::value(sent_at))
        .col_expr(
            Column::ClaimedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

//! `expire_media_links`: bring every link's `expires_at` in line with the current policy,
//! mark the ones past it, and delete links expired or revoked more than 30 days ago (their
//! audit rows stay). Run hourly by the clock's maintenance schedule.
//!
//! The gateway never relies on this job: it recomputes expiry on every request. This keeps
//! the table honest for reports and small.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{media_link_sessions, media_links};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use serde::{Deserialize, Serialize};

use crate::{
    job::{Job, JobContext, JobError, QueueClass},
    media_links::{EffectivePolicy, account_policy},
};

/// Links expired or revoked longer ago than this are deleted.
pub const KEEP_DEAD_LINKS: Duration = Duration::days(30);
const BATCH: u64 = 500;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpireMediaLinks {}

impl Job for ExpireMediaLinks {
    const NAME: &'static str = "expire_media_links";
    /// It walks every live link: the sweep budget, never ahead of realtime work.
    const QUEUE: QueueClass = QueueClass::Sweep;

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        let swept = expire_links(&ctx.db, Utc::now()).await?;
        tracing::info!(
            expired = swept.expired,
            deleted = swept.deleted,
            "media links swept"
        );
        Ok(())
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub expired: u64,
    pub deleted: u64,
}

/// One pass at `now`. Idempotent: a second pass changes nothing.
pub async fn expire_links(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Swept, JobError> {
    use media_links::Column;
    let mut swept = Swept::default();
    let mut policies: HashMap<i64, EffectivePolicy> = HashMap::new();
    let mut after_id = 0i64;
    loop {
        let links = media_links::Entity::find()
            .filter(Column::RevokedAt.is_null())
            .filter(Column::Id.gt(after_id))
            .order_by_asc(Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = links.last() else { break };
        after_id = last.id;
        for link in links {
            let policy = match policies.get(&link.account_id) {
                Some(policy) => policy.clone(),
                None => {
                    let (_, policy) = account_policy(db, link.account_id).await?;
                    policies.insert(link.account_id, policy.clone());
                    policy
                }
            };
            let expires_at = policy.expiry(link.created_at, link.ttl_days);
            let expired_at = match (expires_at, link.expired_at) {
                (Some(at), None) if at <= now => {
                    swept.expired += 1;
                    Some(now)
                }
                (Some(at), Some(marked)) if at <= now => Some(marked),
                // A lengthened TTL brings a link back; the gateway already honours it.
                _ => None,
            };
            if (expires_at, expired_at) != (link.expires_at, link.expired_at) {
                media_links::Entity::update_many()
                    .col_expr(Column::ExpiresAt, Expr::value(expires_at))
                    .col_expr(Column::ExpiredAt, Expr::value(expired_at))
                    .filter(Column::Id.eq(link.id))
                    .filter(Column::RevokedAt.is_null())
                    .exec(db)
                    .await?;
            }
        }
    }
    let cutoff = now - KEEP_DEAD_LINKS;
    let dead = Condition::any()
        .add(
            Condition::all()
                .add(Column::ExpiredAt.is_not_null())
                .add(Column::ExpiresAt.lt(cutoff)),
        )
        .add(Column::RevokedAt.lt(cutoff));
    swept.deleted = media_links::Entity::delete_many()
        .filter(dead)
        .exec(db)
        .await?
        .rows_affected;
    media_link_sessions::Entity::delete_many()
        .filter(media_link_sessions::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(swept)
}

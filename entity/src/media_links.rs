//! `media_links` table: links to a call's recording. The token is stored only as its hash.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "media_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub call_id: i64,
    /// Lowercase hex SHA-256 of the token.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// `notification` | `export` | `share`
    pub purpose: String,
    /// The link's own TTL cap (days), on top of the policy.
    pub ttl_days: Option<i32>,
    pub created_at: DateTimeUtc,
    /// As last computed from the current policy; the gateway recomputes on every request.
    pub expires_at: Option<DateTimeUtc>,
    pub expired_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_reason: Option<String>,
    pub access_count: i64,
    pub last_accessed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

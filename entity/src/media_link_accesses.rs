//! `media_link_accesses` table: every request to a media link and its outcome.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "media_link_accesses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub link_id: i64,
    pub at: DateTimeUtc,
    /// `page` | `auth_failed` | `locked` | `audio` | `expired` | `revoked` | `not_ready`
    pub outcome: String,
    /// Keyed hash of the client address.
    pub client_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

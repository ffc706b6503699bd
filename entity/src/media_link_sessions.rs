//! `media_link_sessions` table: sessions opened with the agency password, by cookie hash.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "media_link_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_hash: String,
    pub link_id: i64,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `chats` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "chats")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub started_at: DateTimeUtc,
    pub visitor_email: Option<String>,
    pub visitor_phone: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub tags: Json,
    pub redacted_at: Option<DateTimeUtc>,
    pub detector_version: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `notification_rules` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    #[sea_orm(column_type = "JsonBinary")]
    pub recipients: Json,
    pub include_audio: bool,
    pub enabled: bool,
    pub created_at: DateTimeUtc,
    pub name: String,
    /// When the rule fires; `{}` matches every call (jobs' `notifications::Criteria`).
    #[sea_orm(column_type = "JsonBinary")]
    pub criteria: Json,
    /// What the message includes; NULL for the defaults (`notifications::Fields`).
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub fields: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

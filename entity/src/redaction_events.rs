//! `redaction_events` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "redaction_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub interaction_kind: String,
    pub interaction_id: i64,
    pub entity_type: String,
    pub count: i32,
    #[sea_orm(column_type = "JsonBinary")]
    pub locations: Json,
    pub detector_version: i32,
    pub job_id: String,
    pub actor: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

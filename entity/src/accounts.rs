//! `accounts` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub timezone: String,
    pub recording_enabled: bool,
    pub secure_transcription: bool,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub redact_types: Option<Json>,
    pub audio_redaction: String,
    pub media_link_ttl_days: Option<i32>,
    /// Require the agency's media password for this account's links (stricter only).
    pub media_pin_protected: bool,
    pub agency_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

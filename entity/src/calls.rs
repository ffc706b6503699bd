//! `calls` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "calls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub started_at: DateTimeUtc,
    pub caller_number: Option<String>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub transcript: Option<Json>,
    pub recording_key: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub tags: Json,
    pub redacted_at: Option<DateTimeUtc>,
    pub detector_version: Option<i32>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub redaction_ranges: Option<Json>,
    pub recording_redacted_at: Option<DateTimeUtc>,
    pub recording_checksum: Option<String>,
    pub recording_deleted_at: Option<DateTimeUtc>,
    /// Other object keys holding this call's audio (JSON array of strings); deleted once the
    /// redacted recording is in place, and with the recording.
    #[sea_orm(column_type = "JsonBinary")]
    pub recording_copies: Json,
    /// Filled by the platform when the call ends; what notification rules match on.
    pub duration_seconds: Option<i32>,
    pub tracking_number: Option<String>,
    /// The marketing source the tracking number belongs to ("Google Ads", …).
    pub source: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

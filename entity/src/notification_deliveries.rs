//! `notification_deliveries` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub rule_id: i64,
    pub call_id: i64,
    /// pending, sending, sent, failed (will retry) or bounced (permanent).
    pub status: String,
    pub error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub recipient: String,
    /// The deterministic `Message-ID` every attempt of this delivery carries.
    pub message_id: Option<String>,
    /// Policy reason codes of the fields left out (`["audio:pci_mode"]`); never values.
    #[sea_orm(column_type = "JsonBinary")]
    pub omitted: Json,
    pub attempts: i32,
    /// When a worker claimed it for sending; a stale claim means that worker died.
    pub claimed_at: Option<DateTimeUtc>,
    pub media_link_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `sweep_runs` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sweep_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub schedule_id: i64,
    pub fire_at: DateTimeUtc,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub scanned: i64,
    pub changed: i64,
    pub failed: i64,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub cursor: Option<Json>,
    pub status: String,
    /// Rows pending when the sweep started (progress = scanned / total_estimate).
    pub total_estimate: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `clock_fires` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "clock_fires")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub schedule_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub fire_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    /// NULL until the fire's sweep is on the queue.
    pub enqueued_at: Option<DateTimeUtc>,
    /// Last enqueue attempt (a lease: one clock retries an unenqueued fire at a time).
    pub attempted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

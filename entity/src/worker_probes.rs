//! `worker_probes` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "worker_probes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub probe_id: String,
    pub attempt: i32,
    pub job_id: String,
    pub finished_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! `agencies` table: the platform's parent of accounts, and its media-link policy.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "agencies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// NULL or 0: links do not expire by agency policy.
    pub media_link_ttl_days: Option<i32>,
    /// `none` | `agency_password`
    pub media_auth: String,
    pub media_username: Option<String>,
    /// argon2id PHC string.
    pub media_password_hash: Option<String>,
    /// One-way: once on, Muffle never turns it off.
    pub pci_mode: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

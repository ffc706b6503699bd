//! The service behind `muffle notifications rules …` and `deliveries`.

use chrono::Utc;
use entity::{accounts, notification_deliveries, notification_rules};
use lettre::message::Mailbox;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use super::{Criteria, Fields};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("account {0} not found")]
    AccountNotFound(i64),
    #[error("rule {0} not found")]
    RuleNotFound(i64),
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {}", crate::job::db_error_kind(.0))]
    Db(#[from] DbErr),
}

/// A rule as an admin describes it.
#[derive(Clone, Debug, Default)]
pub struct NewRule {
    pub account_id: i64,
    pub name: String,
    pub recipients: Vec<String>,
    pub criteria: Criteria,
    pub fields: Option<Fields>,
    pub include_audio: bool,
}

pub async fn add_rule(
    db: &impl ConnectionTrait,
    rule: NewRule,
) -> Result<notification_rules::Model, AdminError> {
    if accounts::Entity::find_by_id(rule.account_id)
        .one(db)
        .await?
        .is_none()
    {
        return Err(AdminError::AccountNotFound(rule.account_id));
    }
    if rule.recipients.is_empty() {
        return Err(AdminError::Invalid(
            "give at least one recipient (--to)".into(),
        ));
    }
    for (index, recipient) in rule.recipients.iter().enumerate() {
        recipient.parse::<Mailbox>().map_err(|_| {
            AdminError::Invalid(format!("recipient {} is not an e-mail address", index + 1))
        })?;
    }
    rule.criteria.validate().map_err(AdminError::Invalid)?;
    // Serialising these plain structs cannot fail.
    let criteria = serde_json::to_value(&rule.criteria).unwrap_or_default();
    let fields = rule
        .fields
        .as_ref()
        .map(|f| serde_json::to_value(f).unwrap_or_default());
    let model = notification_rules::ActiveModel {
        account_id: Set(rule.account_id),
        name: Set(rule.name),
        recipients: Set(serde_json::json!(rule.recipients)),
        include_audio: Set(rule.include_audio),
        enabled: Set(true),
        criteria: Set(criteria),
        fields: Set(fields),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(model)
}

pub async fn list_rules(
    db: &impl ConnectionTrait,
    account_id: Option<i64>,
) -> Result<Vec<notification_rules::Model>, DbErr> {
    let mut query = notification_rules::Entity::find().order_by_asc(notification_rules::Column::Id);
    if let Some(account_id) = account_id {
        query = query.filter(notification_rules::Column::AccountId.eq(account_id));
    }
    query.all(db).await
}

pub async fn rule(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<notification_rules::Model, AdminError> {
    notification_rules::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AdminError::RuleNotFound(id))
}

pub async fn set_enabled(
    db: &impl ConnectionTrait,
    id: i64,
    enabled: bool,
) -> Result<(), AdminError> {
    let mut model: notification_rules::ActiveModel = rule(db, id).await?.into();
    model.enabled = Set(enabled);
    model.update(db).await?;
    Ok(())
}

pub async fn deliveries_for_call(
    db: &impl ConnectionTrait,
    call_id: i64,
) -> Result<Vec<notification_deliveries::Model>, DbErr> {
    notification_deliveries::Entity::find()
        .filter(notification_deliveries::Column::CallId.eq(call_id))
        .order_by_asc(notification_deliveries::Column::Id)
        .all(db)
        .await
}

/// A delivery's omission reason codes (`audio:pci_mode`, …).
pub fn omitted_codes(delivery: &notification_deliveries::Model) -> Vec<String> {
    delivery
        .omitted
        .as_array()
        .map(|codes| {
            codes
                .iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

//! `redact_form`: removes detected sensitive data from one form's field values, per the account's
//! policy. The work (and its guarantees) is in [`crate::redaction`].

use serde::{Deserialize, Serialize};

use crate::job::{Job, JobContext, JobError};
use crate::redaction::{Actor, Kind, Mode, redact_interaction};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactForm {
    pub form_id: i64,
}

impl Job for RedactForm {
    const NAME: &'static str = "redact_form";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        redact_interaction(
            &ctx,
            Kind::Form,
            self.form_id,
            Actor::Platform,
            Mode::Detected,
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use entity::form_submissions;
    use sea_orm::EntityTrait;
    use serde_json::json;

    use super::*;
    use crate::redaction::fixtures;
    use crate::testing::{context, test_db};

    #[tokio::test]
    async fn redacts_field_values_using_field_names_as_context() {
        let db = test_db().await;
        let (ctx, _) = context(&db);
        let account_id = fixtures::account(&db, true, None).await;
        let fields = json!([
            {"name": "Card number", "value": "6266 7079 2044 3065 681"},
            {"name": "CVV", "value": "741"},
            {"name": "Quantity", "value": "12"},
            {"name": "Account number", "value": 123456789, "required": true},
        ]);
        let form_id = fixtures::form(&db, account_id, fields).await;
        RedactForm { form_id }.run(ctx.clone()).await.unwrap();
        let form = form_submissions::Entity::find_by_id(form_id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            form.fields,
            json!([
                {"name": "Card number", "value": "[CREDIT_CARD]"},
                {"name": "CVV", "value": "[CARD_CVV]"},
                {"name": "Quantity", "value": "12"},
                {"name": "Account number", "value": "[BANK_ACCOUNT]", "required": true},
            ])
        );

        let error = RedactForm { form_id: 9999 }.run(ctx).await.unwrap_err();
        assert_eq!(
            (error.is_permanent(), error.to_string()),
            (true, "form 9999 not found".into())
        );
    }
}

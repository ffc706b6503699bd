//! `redact_text`: removes detected sensitive data from one text's body, per the account's
//! policy. The work (and its guarantees) is in [`crate::redaction`].

use serde::{Deserialize, Serialize};

use crate::job::{Job, JobContext, JobError};
use crate::redaction::{Actor, Kind, Mode, redact_interaction};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactText {
    pub text_id: i64,
}

impl Job for RedactText {
    const NAME: &'static str = "redact_text";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        redact_interaction(
            &ctx,
            Kind::Text,
            self.text_id,
            Actor::Platform,
            Mode::Detected,
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use entity::texts;
    use sea_orm::EntityTrait;
    use serde_json::json;

    use super::*;
    use crate::redaction::fixtures;
    use crate::testing::{context, test_db};

    #[tokio::test]
    async fn redacts_the_body_and_rejects_unknown_ids() {
        let db = test_db().await;
        let (ctx, _) = context(&db);
        let account_id = fixtures::account(&db, true, None).await;
        let text_id = fixtures::text(
            &db,
            account_id,
            "hi, my card is 5133-6148-5405-8101 exp 6/32",
            None,
        )
        .await;
        RedactText { text_id }.run(ctx.clone()).await.unwrap();
        let text = texts::Entity::find_by_id(text_id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(text.body, "hi, my card is [CREDIT_CARD] exp [CARD_EXPIRY]");
        assert_eq!(text.tags, json!(["pci:card", "pci:expiry"]));

        let error = RedactText { text_id: 9999 }.run(ctx).await.unwrap_err();
        assert!(error.is_permanent());
        assert_eq!(error.to_string(), "text 9999 not found");
        assert!(serde_json::from_value::<RedactText>(json!({"text_id": 1, "body": "x"})).is_err());
    }
}

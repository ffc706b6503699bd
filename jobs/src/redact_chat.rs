//! `redact_chat`: removes detected sensitive data from one chat's messages, per the account's
//! policy. The work (and its guarantees) is in [`crate::redaction`].

use serde::{Deserialize, Serialize};

use crate::job::{Job, JobContext, JobError};
use crate::redaction::{Actor, Kind, Mode, redact_interaction};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactChat {
    pub chat_id: i64,
}

impl Job for RedactChat {
    const NAME: &'static str = "redact_chat";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        redact_interaction(
            &ctx,
            Kind::Chat,
            self.chat_id,
            Actor::Platform,
            Mode::Detected,
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use entity::chat_messages;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use serde_json::json;

    use super::*;
    use crate::redaction::fixtures;
    use crate::testing::{context, test_db};

    #[tokio::test]
    async fn redacts_every_message_with_context_from_the_others() {
        let db = test_db().await;
        let (ctx, _) = context(&db);
        let account_id = fixtures::account(&db, true, None).await;
        let lines = [
            (
                "agent".to_owned(),
                "Can you verify the last 4 of your SSN?".to_owned(),
            ),
            ("visitor".to_owned(), "0853".to_owned()),
        ];
        let chat_id = fixtures::chat(&db, account_id, &lines, None).await;
        RedactChat { chat_id }.run(ctx.clone()).await.unwrap();
        let bodies: Vec<String> = chat_messages::Entity::find()
            .filter(chat_messages::Column::ChatId.eq(chat_id))
            .order_by_asc(chat_messages::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.body)
            .collect();
        assert_eq!(bodies, ["Can you verify the last 4 of your SSN?", "[SSN]"]);

        let error = RedactChat { chat_id: 9999 }.run(ctx).await.unwrap_err();
        assert_eq!(
            (error.is_permanent(), error.to_string()),
            (true, "chat 9999 not found".into())
        );
        assert!(serde_json::from_value::<RedactChat>(json!({"chat_id": 1, "x": 1})).is_err());
    }
}

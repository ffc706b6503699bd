//! `redact_call`: removes detected sensitive data from one call's transcript, per the account's
//! policy. The work (and its guarantees) is in [`crate::redaction`].

use serde::{Deserialize, Serialize};

use crate::job::{Job, JobContext, JobError};
use crate::redaction::{Actor, Kind, Mode, redact_interaction};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactCall {
    pub call_id: i64,
}

impl Job for RedactCall {
    const NAME: &'static str = "redact_call";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        redact_interaction(
            &ctx,
            Kind::Call,
            self.call_id,
            Actor::Platform,
            Mode::Detected,
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use entity::calls;
    use sea_orm::EntityTrait;
    use serde_json::json;

    use super::*;
    use crate::detect::InputKind;
    use crate::redaction::fixtures;
    use crate::testing::{context, test_db};

    #[tokio::test]
    async fn redacts_a_recorded_call_and_asks_for_the_recording_rewrite() {
        let db = test_db().await;
        let (ctx, queue) = context(&db);
        let account_id = fixtures::account(&db, true, None).await;
        let item = &fixtures::sample(InputKind::Call, 1)[0];
        let (transcript, _) = item.transcript();
        let call_id =
            fixtures::call(&db, account_id, Some(transcript), None, Some("rec/7.wav")).await;
        RedactCall { call_id }.run(ctx.clone()).await.unwrap();

        let call = calls::Entity::find_by_id(call_id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let words = &call.transcript.unwrap()["words"];
        for index in item.gold_words() {
            assert!(
                words[index]["text"].as_str().unwrap().starts_with('['),
                "word {index}"
            );
        }
        assert!(
            !call
                .redaction_ranges
                .unwrap()
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            queue.jobs(),
            [("rewrite_recording".to_owned(), json!({"call_id": call_id}))]
        );

        let error = RedactCall { call_id: 9999 }.run(ctx).await.unwrap_err();
        assert_eq!(
            (error.is_permanent(), error.to_string()),
            (true, "call 9999 not found".into())
        );
        assert!(serde_json::from_value::<RedactCall>(json!({"call_id": 1, "text": "x"})).is_err());
    }
}

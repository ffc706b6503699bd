//! `redact_account`: an admin redacts an account's history from the platform. Fans out one
//! per-item job (`redact_call`, `redact_text`, `redact_chat`, `redact_form`) for every
//! interaction not yet redacted at the current detector version, walking each table in
//! keyset-paginated batches ordered by (time, id) so a large account never sits in memory and
//! rows arriving meanwhile cannot shift the pages. The per-item jobs do the work, with their
//! own retries; a re-run of this job only enqueues duplicates, which are no-ops.

use chrono::{DateTime, Utc};
use entity::accounts;
use sea_orm::{DatabaseConnection, EntityTrait, FromQueryResult, Statement, Value as DbValue};
use serde::{Deserialize, Serialize};

use crate::interaction::Kind;
use crate::job::{Job, JobContext, JobError};
use crate::redact_call::RedactCall;
use crate::redact_chat::RedactChat;
use crate::redact_form::RedactForm;
use crate::redact_text::RedactText;

/// Ids read (and jobs enqueued) per query.
pub const BATCH: u64 = 500;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactAccount {
    pub account_id: i64,
    /// Which kinds of interaction (`calls`, `texts`, `chats`, `forms`; singular names are
    /// accepted too); absent or empty means all four.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<Kind>>,
    /// Only interactions at or after this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
    /// Only interactions before this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
}

impl Job for RedactAccount {
    const NAME: &'static str = "redact_account";

    async fn run(self, ctx: JobContext) -> Result<(), JobError> {
        if let (Some(since), Some(until)) = (self.since, self.until)
            && since >= until
        {
            return Err(JobError::permanent("since must be before until"));
        }
        let account = accounts::Entity::find_by_id(self.account_id)
            .one(&ctx.db)
            .await?
            .ok_or_else(|| JobError::permanent(format!("account {} not found", self.account_id)))?;
        if !account.secure_transcription {
            // The per-item jobs would each skip: don't flood the queue with no-ops.
            tracing::info!(
                account_id = self.account_id,
                "secure transcription off: nothing to redact"
            );
            return Ok(());
        }
        for kind in self.kinds() {
            let enqueued = self.fan_out(&ctx, kind).await?;
            tracing::info!(account_id = self.account_id, %kind, enqueued, "fanned out redactions");
            if kind == Kind::Call {
                // Counted, not failed: they are redacted once their transcript arrives.
                let skipped = self.untranscribed_calls(&ctx.db).await?;
                tracing::info!(
                    account_id = self.account_id,
                    skipped,
                    "untranscribed calls skipped"
                );
            }
        }
        Ok(())
    }
}

impl RedactAccount {
    fn kinds(&self) -> Vec<Kind> {
        match &self.kinds {
            Some(kinds) if !kinds.is_empty() => Kind::ALL
                .into_iter()
                .filter(|kind| kinds.contains(kind))
                .collect(),
            _ => Kind::ALL.to_vec(),
        }
    }

    /// Enqueues a per-item job for every pending interaction of `kind`; returns how many.
    async fn fan_out(&self, ctx: &JobContext, kind: Kind) -> Result<u64, JobError> {
        let mut after = None;
        let mut enqueued = 0;
        loop {
            let page = self.pending_page(&ctx.db, kind, after).await?;
            for &(id, _) in &page {
                enqueue_redaction(ctx, kind, id).await?;
            }
            enqueued += page.len() as u64;
            if (page.len() as u64) < BATCH {
                return Ok(enqueued);
            }
            after = page.last().map(|&(id, time)| (time, id));
        }
    }

    /// One keyset page of (id, time) after `after`, oldest first, of the rows that still
    /// need detection (the same filter retention's `redact` sweeps use).
    async fn pending_page(
        &self,
        db: &DatabaseConnection,
        kind: Kind,
        after: Option<(DateTime<Utc>, i64)>,
    ) -> Result<Vec<(i64, DateTime<Utc>)>, JobError> {
        #[derive(FromQueryResult)]
        struct Row {
            id: i64,
            at: DateTime<Utc>,
        }
        let time = kind.time_column();
        let (mut filter, mut values) = self.window(kind, &kind.needs_detection());
        if let Some((at, id)) = after {
            values.extend([at.into(), id.into()]);
            let n = values.len();
            filter += &format!(" AND ({time}, id) > (${}, ${n})", n - 1);
        }
        let sql = format!(
            "SELECT id, {time} AS at FROM {table} WHERE {filter} ORDER BY {time}, id LIMIT {BATCH}",
            table = kind.table(),
        );
        let statement = Statement::from_sql_and_values(db.get_database_backend(), sql, values);
        Ok(Row::find_by_statement(statement)
            .all(db)
            .await?
            .into_iter()
            .map(|row| (row.id, row.at))
            .collect())
    }

    /// Calls in the window that are not transcribed yet (and so not fanned out).
    pub async fn untranscribed_calls(&self, db: &DatabaseConnection) -> Result<i64, JobError> {
        #[derive(FromQueryResult)]
        struct Count {
            n: i64,
        }
        let (filter, values) = self.window(Kind::Call, "transcript IS NULL");
        let sql = format!("SELECT COUNT(*) AS n FROM calls WHERE {filter}");
        let statement = Statement::from_sql_and_values(db.get_database_backend(), sql, values);
        Ok(Count::find_by_statement(statement)
            .one(db)
            .await?
            .map_or(0, |c| c.n))
    }

    /// `WHERE` clause of this account's rows of `kind` in the since/until window that match
    /// `condition`, with its bound values ($1 the account).
    fn window(&self, kind: Kind, condition: &str) -> (String, Vec<DbValue>) {
        let time = kind.time_column();
        let mut values: Vec<DbValue> = vec![self.account_id.into()];
        let mut filter = format!("account_id = $1 AND {condition}");
        if let Some(since) = self.since {
            values.push(since.into());
            filter += &format!(" AND {time} >= ${}", values.len());
        }
        if let Some(until) = self.until {
            values.push(until.into());
            filter += &format!(" AND {time} < ${}", values.len());
        }
        (filter, values)
    }
}

async fn enqueue_redaction(ctx: &JobContext, kind: Kind, id: i64) -> Result<(), JobError> {
    match kind {
        Kind::Call => ctx.enqueue(&RedactCall { call_id: id }).await,
        Kind::Text => ctx.enqueue(&RedactText { text_id: id }).await,
        Kind::Chat => ctx.enqueue(&RedactChat { chat_id: id }).await,
        Kind::Form => ctx.enqueue(&RedactForm { form_id: id }).await,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use entity::texts;
    use sea_orm::{ActiveValue::Set, ConnectionTrait};
    use serde_json::{Value, json};

    use super::*;
    use crate::detect::DETECTOR_VERSION;
    use crate::redaction::fixtures;
    use crate::testing::{RecordingQueue, context, test_db};

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
    }

    /// `count` texts, three per minute (so pages break inside equal times), oldest first
    /// though inserted newest first (so id order is not time order).
    async fn texts_over_time(db: &DatabaseConnection, account_id: i64, count: i64) -> Vec<i64> {
        let rows: Vec<texts::ActiveModel> = (0..count)
            .rev()
            .map(|i| texts::ActiveModel {
                account_id: Set(account_id),
                sent_at: Set(start() + Duration::minutes(i / 3)),
                body: Set("hello".into()),
                ..Default::default()
            })
            .collect();
        for chunk in rows.chunks(400) {
            texts::Entity::insert_many(chunk.to_vec())
                .exec(db)
                .await
                .unwrap();
        }
        let mut all: Vec<(DateTime<Utc>, i64)> = texts::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .filter(|t| t.account_id == account_id)
            .map(|t| (t.sent_at, t.id))
            .collect();
        all.sort();
        all.into_iter().map(|(_, id)| id).collect()
    }

    fn enqueued(queue: &RecordingQueue, job: &str, key: &str) -> Vec<i64> {
        queue
            .jobs()
            .into_iter()
            .filter(|(name, _)| name == job)
            .map(|(_, payload): (String, Value)| payload[key].as_i64().unwrap())
            .collect()
    }

    #[tokio::test]
    async fn fans_out_one_job_per_pending_interaction_in_time_order() {
        let db = test_db().await;
        let account_id = fixtures::account(&db, true, None).await;
        let other_account = fixtures::account(&db, true, None).await;
        let texts = texts_over_time(&db, account_id, 1103).await;
        fixtures::text(&db, other_account, "not this account", None).await;
        let transcript = json!({"words": [{"text": "hi", "start_ms": 0, "end_ms": 300}]});
        let pending_call =
            fixtures::call(&db, account_id, Some(transcript.clone()), None, None).await;
        let _untranscribed = fixtures::call(&db, account_id, None, None, None).await;
        let current_call =
            fixtures::call(&db, account_id, Some(transcript.clone()), None, None).await;
        let outdated_call = fixtures::call(&db, account_id, Some(transcript), None, None).await;
        db.execute_unprepared(&format!(
            "UPDATE calls SET detector_version = {DETECTOR_VERSION} WHERE id = {current_call};
             UPDATE calls SET detector_version = {} WHERE id = {outdated_call}",
            DETECTOR_VERSION - 1
        ))
        .await
        .unwrap();
        let chat = fixtures::chat(&db, account_id, &[("visitor".into(), "hi".into())], None).await;
        let form = fixtures::form(&db, account_id, json!([])).await;

        let (ctx, queue) = context(&db);
        let job = RedactAccount {
            account_id,
            kinds: None,
            since: None,
            until: None,
        };
        job.run(ctx).await.unwrap();
        assert_eq!(enqueued(&queue, "redact_text", "text_id"), texts);
        assert_eq!(
            enqueued(&queue, "redact_call", "call_id"),
            [pending_call, outdated_call]
        );
        assert_eq!(enqueued(&queue, "redact_chat", "chat_id"), [chat]);
        assert_eq!(enqueued(&queue, "redact_form", "form_id"), [form]);

        // Kinds and a time window narrow it down.
        let (ctx, queue) = context(&db);
        let job: RedactAccount = serde_json::from_value(json!({
            "account_id": account_id,
            "kinds": ["text"],
            "since": start() + Duration::minutes(10),
            "until": start() + Duration::minutes(12),
        }))
        .unwrap();
        job.run(ctx).await.unwrap();
        assert_eq!(queue.jobs().len(), 6);
        assert_eq!(enqueued(&queue, "redact_text", "text_id"), texts[30..36]);
    }

    #[tokio::test]
    async fn kinds_are_plural_with_the_singular_as_an_alias_and_untranscribed_calls_are_skipped() {
        let db = test_db().await;
        let account_id = fixtures::account(&db, true, None).await;
        let text = fixtures::text(&db, account_id, "hello", None).await;
        let untranscribed = fixtures::call(&db, account_id, None, None, None).await;
        fixtures::chat(&db, account_id, &[("visitor".into(), "hi".into())], None).await;
        for kinds in [
            json!(["calls", "texts"]),
            json!(["call", "text"]),
            json!(["Calls", "text"]),
        ] {
            let (ctx, queue) = context(&db);
            let job: RedactAccount =
                serde_json::from_value(json!({"account_id": account_id, "kinds": kinds})).unwrap();
            assert_eq!(
                job.untranscribed_calls(&db).await.unwrap(),
                1,
                "counted as skipped"
            );
            job.run(ctx).await.unwrap();
            assert_eq!(
                enqueued(&queue, "redact_text", "text_id"),
                [text],
                "{kinds}"
            );
            assert_eq!(
                queue.jobs().len(),
                1,
                "{kinds}: the untranscribed call is skipped"
            );
        }
        // Enqueued directly anyway, the call is skipped too: nothing written, nothing failed.
        let (ctx, _) = context(&db);
        let redact = crate::redact_call::RedactCall {
            call_id: untranscribed,
        };
        redact.run(ctx).await.unwrap();
        // Payloads this job enqueues or is sent name kinds the plural way.
        let job = RedactAccount {
            account_id,
            kinds: Some(vec![Kind::Call, Kind::Form]),
            since: None,
            until: None,
        };
        assert_eq!(
            serde_json::to_value(&job).unwrap()["kinds"],
            json!(["calls", "forms"])
        );
    }

    #[tokio::test]
    async fn refuses_unknown_accounts_and_bad_windows_and_skips_insecure_accounts() {
        let db = test_db().await;
        let (ctx, queue) = context(&db);
        let job = RedactAccount {
            account_id: 9999,
            kinds: None,
            since: None,
            until: None,
        };
        let error = job.run(ctx.clone()).await.unwrap_err();
        assert_eq!(
            (error.is_permanent(), error.to_string()),
            (true, "account 9999 not found".into())
        );

        let account_id = fixtures::account(&db, true, None).await;
        let job = RedactAccount {
            account_id,
            kinds: None,
            since: Some(start()),
            until: Some(start()),
        };
        assert!(job.run(ctx.clone()).await.unwrap_err().is_permanent());

        let insecure = fixtures::account(&db, false, None).await;
        fixtures::text(&db, insecure, "card 4111 1111 1111 1111", None).await;
        let job = RedactAccount {
            account_id: insecure,
            kinds: None,
            since: None,
            until: None,
        };
        job.run(ctx).await.unwrap();
        assert!(queue.jobs().is_empty());
        assert!(
            serde_json::from_value::<RedactAccount>(json!({"account_id": 1, "kinds": ["sms"]}))
                .is_err()
        );
    }
}

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `[]` as a column default: tags and lists start empty rather than NULL.
const EMPTY_LIST: &str = "[]";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in TABLES.iter().rev() {
            manager
                .drop_table(
                    Table::drop()
                        .table(Alias::new(*name))
                        .if_exists()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

const TABLES: [&str; 15] = [
    "accounts",
    "calls",
    "texts",
    "chats",
    "chat_messages",
    "form_submissions",
    "redaction_events",
    "retention_schedules",
    "sweep_runs",
    "media_links",
    "notification_rules",
    "notification_deliveries",
    "failed_jobs",
    "clock_fires",
    "worker_probes",
];

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn table(name: &str) -> TableCreateStatement {
    Table::create().table(a(name)).if_not_exists().to_owned()
}

fn account_fk(from: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(a(from), a("account_id"))
        .to(a("accounts"), a("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn tags() -> ColumnDef {
    json_binary(a("tags")).default(EMPTY_LIST).take()
}

fn created_at() -> ColumnDef {
    timestamp_with_time_zone_default_now(a("created_at"))
}

fn tables() -> Vec<TableCreateStatement> {
    vec![
        table("accounts")
            .col(big_pk_auto(a("id")))
            .col(string(a("name")).default(""))
            .col(string(a("timezone")).default("UTC"))
            .col(boolean(a("recording_enabled")).default(true))
            .col(boolean(a("secure_transcription")).default(true))
            // NULL means every entity type.
            .col(json_binary_null(a("redact_types")))
            .col(string(a("audio_redaction")).default("silence"))
            .col(integer_null(a("media_link_ttl_days")))
            .col(boolean(a("media_pin_protected")).default(false))
            .col(created_at())
            .to_owned(),
        table("calls")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("account_id")))
            .col(timestamp_with_time_zone_default_now(a("started_at")))
            .col(string_null(a("caller_number")))
            .col(json_binary_null(a("transcript")))
            .col(string_null(a("recording_key")))
            .col(tags())
            .col(timestamp_with_time_zone_null(a("redacted_at")))
            .col(integer_null(a("detector_version")))
            // Padded, merged time ranges the recording rewrite must silence.
            .col(json_binary_null(a("redaction_ranges")))
            .col(timestamp_with_time_zone_null(a("recording_redacted_at")))
            .col(string_null(a("recording_checksum")))
            .col(timestamp_with_time_zone_null(a("recording_deleted_at")))
            .col(created_at())
            .foreign_key(&mut account_fk("calls"))
            .to_owned(),
        table("texts")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("account_id")))
            .col(timestamp_with_time_zone_default_now(a("sent_at")))
            .col(string_null(a("from_number")))
            .col(string_null(a("to_number")))
            .col(text(a("body")).default(""))
            .col(tags())
            .col(timestamp_with_time_zone_null(a("redacted_at")))
            .col(integer_null(a("detector_version")))
            .col(created_at())
            .foreign_key(&mut account_fk("texts"))
            .to_owned(),
        table("chats")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("account_id")))
            .col(timestamp_with_time_zone_default_now(a("started_at")))
            .col(string_null(a("visitor_email")))
            .col(string_null(a("visitor_phone")))
            .col(tags())
            .col(timestamp_with_time_zone_null(a("redacted_at")))
            .col(integer_null(a("detector_version")))
            .col(created_at())
            .foreign_key(&mut account_fk("chats"))
            .to_owned(),
        table("chat_messages")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("chat_id")))
            .col(string(a("sender")).default("visitor"))
            .col(timestamp_with_time_zone_default_now(a("sent_at")))
            .col(text(a("body")).default(""))
            .foreign_key(
                &mut ForeignKey::create()
                    .from(a("chat_messages"), a("chat_id"))
                    .to(a("chats"), a("id"))
                    .on_delete(ForeignKeyAction::Cascade)
                    .to_owned(),
            )
            .to_owned(),
        table("form_submissions")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("account_id")))
            .col(timestamp_with_time_zone_default_now(a("submitted_at")))
            .col(json_binary(a("fields")).default(EMPTY_LIST))
            .col(tags())
            .col(timestamp_with_time_zone_null(a("redacted_at")))
            .col(integer_null(a("detector_version")))
            .col(created_at())
            .foreign_key(&mut account_fk("form_submissions"))
            .to_owned(),
        // Audit: what was redacted and where, never the value.
        table("redaction_events")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("account_id")))
            .col(string(a("interaction_kind")))
            .col(big_integer(a("interaction_id")))
            .col(string(a("entity_type")))
            .col(integer(a("count")).default(0))
            .col(json_binary(a("locations")).default(EMPTY_LIST))
            .col(integer(a("detector_version")).default(0))
            .col(string(a("job_id")).default(""))
            .col(string(a("actor")).default("platform"))
            .col(created_at())
            .to_owned(),
        table("retention_schedules")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("account_id")))
            .col(string(a("cron")))
            .col(string_null(a("timezone")))
            .col(json_binary(a("kinds")).default(EMPTY_LIST))
            .col(integer(a("older_than_days")).default(30))
            .col(string(a("action")).default("redact"))
            .col(boolean(a("enabled")).default(true))
            .col(created_at())
            .col(timestamp_with_time_zone_default_now(a("updated_at")))
            .foreign_key(&mut account_fk("retention_schedules"))
            .to_owned(),
        table("sweep_runs")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("schedule_id")))
            .col(timestamp_with_time_zone(a("fire_at")))
            .col(timestamp_with_time_zone_default_now(a("started_at")))
            .col(timestamp_with_time_zone_null(a("finished_at")))
            .col(big_integer(a("scanned")).default(0))
            .col(big_integer(a("changed")).default(0))
            .col(big_integer(a("failed")).default(0))
            .col(json_binary_null(a("cursor")))
            .col(string(a("status")).default("running"))
            .to_owned(),
        table("media_links")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("account_id")))
            .col(big_integer(a("call_id")))
            .col(string_uniq(a("token")))
            .col(string_null(a("pin_hash")))
            .col(timestamp_with_time_zone_null(a("expires_at")))
            .col(timestamp_with_time_zone_null(a("revoked_at")))
            .col(timestamp_with_time_zone_null(a("last_accessed_at")))
            .col(created_at())
            .to_owned(),
        table("notification_rules")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("account_id")))
            .col(json_binary(a("recipients")).default(EMPTY_LIST))
            .col(boolean(a("include_audio")).default(true))
            .col(boolean(a("enabled")).default(true))
            .col(created_at())
            .to_owned(),
        table("notification_deliveries")
            .col(big_pk_auto(a("id")))
            .col(big_integer(a("rule_id")))
            .col(big_integer(a("call_id")))
            .col(string(a("status")).default("pending"))
            .col(string_null(a("error")))
            .col(timestamp_with_time_zone_null(a("sent_at")))
            .col(created_at())
            .to_owned(),
        // Jobs that exhausted their retries (or failed permanently), for `muffle jobs failed`.
        table("failed_jobs")
            .col(big_pk_auto(a("id")))
            .col(string(a("job_name")))
            .col(json_binary(a("payload")))
            .col(text(a("error")))
            .col(integer(a("attempts")).default(0))
            .col(string(a("task_id")).default(""))
            .col(timestamp_with_time_zone_default_now(a("failed_at")))
            .col(timestamp_with_time_zone_null(a("retried_at")))
            .to_owned(),
        // One row per (schedule, fire): the clock's exactly-once claim.
        table("clock_fires")
            .col(big_integer(a("schedule_id")))
            .col(timestamp_with_time_zone(a("fire_at")))
            .col(created_at())
            .primary_key(Index::create().col(a("schedule_id")).col(a("fire_at")))
            .to_owned(),
        // Completions of the `probe_worker` job: ops (and tests) check the pipeline end to end.
        table("worker_probes")
            .col(big_pk_auto(a("id")))
            .col(string(a("probe_id")))
            .col(integer(a("attempt")).default(0))
            .col(string(a("job_id")).default(""))
            .col(timestamp_with_time_zone_default_now(a("finished_at")))
            .to_owned(),
    ]
}

fn index(name: &str, table: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut index = Index::create()
        .name(name)
        .table(a(table))
        .if_not_exists()
        .to_owned();
    for col in cols {
        index.col(a(col));
    }
    index
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        // Sweeps walk an account's interactions by time, keyset-paginated on (time, id).
        index(
            "idx_calls_account_time",
            "calls",
            &["account_id", "started_at", "id"],
        ),
        index(
            "idx_texts_account_time",
            "texts",
            &["account_id", "sent_at", "id"],
        ),
        index(
            "idx_chats_account_time",
            "chats",
            &["account_id", "started_at", "id"],
        ),
        index(
            "idx_chat_messages_chat",
            "chat_messages",
            &["chat_id", "id"],
        ),
        index(
            "idx_forms_account_time",
            "form_submissions",
            &["account_id", "submitted_at", "id"],
        ),
        index(
            "idx_redaction_events_interaction",
            "redaction_events",
            &["interaction_kind", "interaction_id"],
        ),
        index(
            "idx_schedules_account",
            "retention_schedules",
            &["account_id"],
        ),
        index(
            "idx_sweep_runs_fire",
            "sweep_runs",
            &["schedule_id", "fire_at"],
        )
        .unique()
        .to_owned(),
        index("idx_media_links_call", "media_links", &["call_id"]),
        index("idx_media_links_expiry", "media_links", &["expires_at"]),
        index(
            "idx_deliveries_rule_call",
            "notification_deliveries",
            &["rule_id", "call_id"],
        )
        .unique()
        .to_owned(),
        index("idx_failed_jobs_time", "failed_jobs", &["failed_at"]),
    ]
}

use sea_orm_migration::{prelude::*, schema::*};

/// Post-call notifications: what a rule matches on and includes, the call facts it matches
/// against, and one delivery row per (call, rule, recipient): the claim that keeps a
/// message from going out twice.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        let columns: [(&str, ColumnDef); 12] = [
            ("calls", integer_null(a("duration_seconds"))),
            ("calls", string_null(a("tracking_number"))),
            ("calls", string_null(a("source"))),
            ("notification_rules", string(a("name")).default("").take()),
            // {} matches every call; see jobs/src/notifications/criteria.rs.
            (
                "notification_rules",
                json_binary(a("criteria")).default("{}").take(),
            ),
            // NULL: the default fields.
            ("notification_rules", json_binary_null(a("fields"))),
            (
                "notification_deliveries",
                string(a("recipient")).default("").take(),
            ),
            ("notification_deliveries", string_null(a("message_id"))),
            // Policy reason codes of the fields left out, e.g. ["audio:pci_mode"]; never values.
            (
                "notification_deliveries",
                json_binary(a("omitted")).default("[]").take(),
            ),
            (
                "notification_deliveries",
                integer(a("attempts")).default(0).take(),
            ),
            (
                "notification_deliveries",
                timestamp_with_time_zone_null(a("claimed_at")),
            ),
            (
                "notification_deliveries",
                big_integer_null(a("media_link_id")),
            ),
        ];
        for (table, mut column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(a(table))
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // One message per recipient: the claim is on all three.
        manager
            .drop_index(
                Index::drop()
                    .name("idx_deliveries_rule_call")
                    .table(a("notification_deliveries"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_deliveries_call_rule_recipient")
                    .table(a("notification_deliveries"))
                    .col(a("call_id"))
                    .col(a("rule_id"))
                    .col(a("recipient"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notification_rules_account")
                    .table(a("notification_rules"))
                    .col(a("account_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_deliveries_call_rule_recipient")
                    .table(a("notification_deliveries"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_notification_rules_account")
                    .table(a("notification_rules"))
                    .to_owned(),
            )
            .await?;
        let columns = [
            ("calls", "duration_seconds"),
            ("calls", "tracking_number"),
            ("calls", "source"),
            ("notification_rules", "name"),
            ("notification_rules", "criteria"),
            ("notification_rules", "fields"),
            ("notification_deliveries", "recipient"),
            ("notification_deliveries", "message_id"),
            ("notification_deliveries", "omitted"),
            ("notification_deliveries", "attempts"),
            ("notification_deliveries", "claimed_at"),
            ("notification_deliveries", "media_link_id"),
        ];
        for (table, column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(a(table))
                        .drop_column(a(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_deliveries_rule_call")
                    .table(a("notification_deliveries"))
                    .col(a("rule_id"))
                    .col(a("call_id"))
                    .unique()
                    .to_owned(),
            )
            .await
    }
}

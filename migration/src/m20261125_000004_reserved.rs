use sea_orm_migration::{prelude::*, schema::*};

/// Retention schedules: the clock's enqueue bookkeeping and sweep progress estimates.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per ALTER: SQLite adds a single column per statement.
        // `clock_fires.enqueued_at`: NULL while a claimed fire's sweep is not yet on the queue
        // (a clock that dies between claim and enqueue leaves it for the next tick).
        // `attempted_at`: when an enqueue was last tried, so only one clock retries it.
        for column in [
            timestamp_with_time_zone_null(a("enqueued_at")),
            timestamp_with_time_zone_null(a("attempted_at")),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a("clock_fires"))
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // Claims made before this column existed were enqueued.
        manager
            .get_connection()
            .execute_unprepared("UPDATE clock_fires SET enqueued_at = created_at")
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_clock_fires_enqueued")
                    .table(a("clock_fires"))
                    .col(a("enqueued_at"))
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        // `sweep_runs.total_estimate`: rows pending when the sweep started, for progress bars.
        manager
            .alter_table(
                Table::alter()
                    .table(a("sweep_runs"))
                    .add_column(big_integer_null(a("total_estimate")))
                    .to_owned(),
            )
            .await
    }
}

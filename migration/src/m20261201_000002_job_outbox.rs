use sea_orm_migration::prelude::*;

/// `job_outbox`: the platform enqueues a job inside its own transaction by inserting a row
/// here (`job` and `payload` are enough); the relay in `muffle run` moves committed rows to
/// the queue and deletes them. Rolled-back rows never exist, so they never run.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobOutbox::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(JobOutbox::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(JobOutbox::Job).text().not_null())
                    .col(ColumnDef::new(JobOutbox::Payload).json_binary().not_null())
                    .col(
                        ColumnDef::new(JobOutbox::RunAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(JobOutbox::IdempotencyKey).text().null())
                    .col(
                        ColumnDef::new(JobOutbox::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null()
                            .default(Expr::current_timestamp()),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(JobOutbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum JobOutbox {
    Table,
    Id,
    Job,
    Payload,
    RunAt,
    IdempotencyKey,
    CreatedAt,
}

use sea_orm_migration::prelude::*;

/// The operator console (`/admin` on `muffle web`): `admin_actions` is its action log (every
/// sign-in, failed sign-in and change, who made it in which role, never a password or a
/// payload) and what its login lockout counts; `queue_pauses` lists paused queues, which
/// every worker reads to stop fetching them (their tasks stay queued).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AdminActions::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(AdminActions::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(AdminActions::At)
                            .timestamp_with_time_zone()
                            .not_null()
                            .default(Expr::current_timestamp()),
                    )
                    // admin, readonly, or anonymous (a failed sign-in).
                    .col(ColumnDef::new(AdminActions::Role).text().not_null())
                    .col(ColumnDef::new(AdminActions::Action).text().not_null())
                    // What it acted on: a queue, a failed job id, a schedule id, a filter.
                    .col(ColumnDef::new(AdminActions::Target).text().null())
                    // Keyed hash of the client address (the lockout counts per address).
                    .col(ColumnDef::new(AdminActions::ClientHash).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("admin_actions_client_at")
                    .table(AdminActions::Table)
                    .col(AdminActions::ClientHash)
                    .col(AdminActions::At)
                    .if_not_exists()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QueuePauses::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(QueuePauses::Job)
                            .text()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(QueuePauses::PausedAt)
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
            .drop_table(Table::drop().table(QueuePauses::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AdminActions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AdminActions {
    Table,
    Id,
    At,
    Role,
    Action,
    Target,
    ClientHash,
}

#[derive(DeriveIden)]
enum QueuePauses {
    Table,
    Job,
    PausedAt,
}

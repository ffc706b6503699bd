use sea_orm_migration::prelude::*;

/// Postgres only: `NOTIFY muffle_outbox` when an insert into `job_outbox` commits, so the
/// relay (which `LISTEN`s) moves rows at once instead of polling the platform's database.
/// One notification per statement, delivered at commit: a rolled-back insert sends nothing.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm_migration::sea_orm::DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE OR REPLACE FUNCTION muffle_outbox_notify() RETURNS trigger \
             LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('muffle_outbox', ''); \
             RETURN NULL; END $$",
        )
        .await?;
        db.execute_unprepared("DROP TRIGGER IF EXISTS job_outbox_notify ON job_outbox")
            .await?;
        db.execute_unprepared(
            "CREATE TRIGGER job_outbox_notify AFTER INSERT ON job_outbox \
             FOR EACH STATEMENT EXECUTE FUNCTION muffle_outbox_notify()",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm_migration::sea_orm::DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("DROP TRIGGER IF EXISTS job_outbox_notify ON job_outbox")
            .await?;
        db.execute_unprepared("DROP FUNCTION IF EXISTS muffle_outbox_notify()")
            .await?;
        Ok(())
    }
}

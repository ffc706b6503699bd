use sea_orm_migration::prelude::*;

/// `calls.recording_copies`: other object keys holding this call's audio (a stereo/mono
/// mix, a transcoded copy, a backup), as a JSON array of strings. A rewrite must leave no
/// unredacted audio behind, so these are deleted (every version) once the redacted
/// recording is in place, and with the recording on deletion and erasure.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Calls::Table)
                    .add_column(
                        ColumnDef::new(Calls::RecordingCopies)
                            .json_binary()
                            .not_null()
                            .default("[]"),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Calls::Table)
                    .drop_column(Calls::RecordingCopies)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Calls {
    Table,
    RecordingCopies,
}

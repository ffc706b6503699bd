use sea_orm_migration::{prelude::*, schema::*};

/// Expiring, password-protected links to recordings.
///
/// - `agencies`: the platform's parent of accounts, holding the media-link policy (TTL,
///   password, PCI mode); `accounts.agency_id` links an account to it.
/// - `media_links` is rebuilt (nothing wrote the placeholder): the token is kept only as
///   its SHA-256 hash, and the link records its purpose and its own TTL cap.
/// - `media_link_accesses`: the audit trail (and the source of the login lockout).
/// - `media_link_sessions`: sessions opened by a correct password (hashes only).
#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("agencies"))
                    .if_not_exists()
                    .col(big_pk_auto(a("id")))
                    .col(string(a("name")).default(""))
                    // NULL or 0: links do not expire by agency policy.
                    .col(integer_null(a("media_link_ttl_days")))
                    // `none` | `agency_password`
                    .col(string(a("media_auth")).default("none"))
                    .col(string_null(a("media_username")))
                    // argon2id PHC string; never the password.
                    .col(string_null(a("media_password_hash")))
                    // One-way: Muffle never turns it off.
                    .col(boolean(a("pci_mode")).default(false))
                    .col(timestamp_with_time_zone_default_now(a("created_at")))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(a("accounts"))
                    .add_column(big_integer_null(a("agency_id")))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(a("media_links")).if_exists().to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("media_links"))
                    .if_not_exists()
                    .col(big_pk_auto(a("id")))
                    .col(big_integer(a("account_id")))
                    .col(big_integer(a("call_id")))
                    // Lowercase hex SHA-256 of the token; the token itself is never stored.
                    .col(string_uniq(a("token_hash")))
                    // `notification` | `export` | `share`
                    .col(string(a("purpose")).default("share"))
                    // This link's own cap, on top of the policy (may only shorten).
                    .col(integer_null(a("ttl_days")))
                    .col(timestamp_with_time_zone_default_now(a("created_at")))
                    // As last computed from the current policy (the gateway recomputes).
                    .col(timestamp_with_time_zone_null(a("expires_at")))
                    .col(timestamp_with_time_zone_null(a("expired_at")))
                    .col(timestamp_with_time_zone_null(a("revoked_at")))
                    .col(string_null(a("revoked_reason")))
                    .col(big_integer(a("access_count")).default(0))
                    .col(timestamp_with_time_zone_null(a("last_accessed_at")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("media_link_accesses"))
                    .if_not_exists()
                    .col(big_pk_auto(a("id")))
                    .col(big_integer(a("link_id")))
                    .col(timestamp_with_time_zone_default_now(a("at")))
                    // page | auth_failed | locked | audio | expired | revoked | not_ready
                    .col(string(a("outcome")))
                    // Keyed SHA-256 of the client address (a lockout key, not the address).
                    .col(string_null(a("client_hash")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("media_link_sessions"))
                    .if_not_exists()
                    .col(string(a("session_hash")).primary_key())
                    .col(big_integer(a("link_id")))
                    .col(timestamp_with_time_zone(a("expires_at")))
                    .col(timestamp_with_time_zone_default_now(a("created_at")))
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in [
            ("idx_accounts_agency", "accounts", &["agency_id"][..]),
            ("idx_media_links_call", "media_links", &["call_id"][..]),
            (
                "idx_media_links_account",
                "media_links",
                &["account_id"][..],
            ),
            (
                "idx_media_link_accesses_link",
                "media_link_accesses",
                &["link_id", "at"][..],
            ),
            (
                "idx_media_link_accesses_client",
                "media_link_accesses",
                &["client_hash", "at"][..],
            ),
            (
                "idx_media_link_sessions_link",
                "media_link_sessions",
                &["link_id"][..],
            ),
        ] {
            let mut index = Index::create()
                .name(name)
                .table(a(table))
                .if_not_exists()
                .to_owned();
            for col in cols {
                index.col(a(col));
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }
}

namespace Keyhold.Storage.Sqlite;

/// <summary>
/// The schema, as an append-only list of versions. Never edit a released migration: add the next version instead.
/// Types stay portable (TEXT, INTEGER, BLOB; timestamps as UTC unix milliseconds) so the PostgreSQL schema can mirror
/// it column for column (see docs/designs/storage.md).
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "Accounts, access keys, domain keys, keys, key material, tags and aliases",
        [
            """
            CREATE TABLE accounts (
                account_id TEXT NOT NULL PRIMARY KEY,
                created_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE access_keys (
                access_key_id TEXT NOT NULL PRIMARY KEY,
                account_id TEXT NOT NULL,
                user_name TEXT NULL,
                wrapped_secret BLOB NOT NULL,
                active INTEGER NOT NULL,
                created_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX ix_access_keys_account ON access_keys (account_id)",
            """
            CREATE TABLE domain_keys (
                id INTEGER NOT NULL PRIMARY KEY,
                wrapped_key BLOB NOT NULL,
                root_key_fingerprint TEXT NOT NULL,
                created_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE keys (
                key_id TEXT NOT NULL PRIMARY KEY,
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                description TEXT NOT NULL,
                key_spec TEXT NOT NULL,
                key_usage TEXT NOT NULL,
                origin TEXT NOT NULL,
                key_manager TEXT NOT NULL,
                state TEXT NOT NULL,
                creation_date INTEGER NOT NULL,
                deletion_date INTEGER NULL,
                pending_deletion_window_in_days INTEGER NULL,
                policy TEXT NOT NULL,
                current_material_version INTEGER NOT NULL,
                row_version INTEGER NOT NULL
            )
            """,

            // Serves ListKeys and is the target of the aliases foreign key, which keeps an alias in its key's account and region.
            "CREATE UNIQUE INDEX ix_keys_account_region_key ON keys (account_id, region, key_id)",
            "CREATE INDEX ix_keys_state_deletion ON keys (state, deletion_date)",
            """
            CREATE TABLE key_materials (
                key_id TEXT NOT NULL REFERENCES keys (key_id),
                version INTEGER NOT NULL,
                material_id TEXT NOT NULL,
                wrapped BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (key_id, version)
            )
            """,
            """
            CREATE TABLE key_tags (
                key_id TEXT NOT NULL REFERENCES keys (key_id),
                tag_key TEXT NOT NULL,
                tag_value TEXT NOT NULL,
                PRIMARY KEY (key_id, tag_key)
            )
            """,
            """
            CREATE TABLE aliases (
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                alias_name TEXT NOT NULL,
                target_key_id TEXT NOT NULL,
                creation_date INTEGER NOT NULL,
                last_updated_date INTEGER NOT NULL,
                PRIMARY KEY (account_id, region, alias_name),
                FOREIGN KEY (account_id, region, target_key_id) REFERENCES keys (account_id, region, key_id)
            )
            """,

            // Serves ListAliases filtered by key and the foreign-key check when a key is deleted.
            "CREATE INDEX ix_aliases_target ON aliases (account_id, region, target_key_id, alias_name)",
        ]),
        new(2, "Key rotation, alias history and key usage tracking",
        [
            // Added columns are nullable, so every row written by version 1 stays valid: no rotation, original material.
            "ALTER TABLE keys ADD COLUMN rotation_period_days INTEGER NULL",
            "ALTER TABLE keys ADD COLUMN next_rotation_date INTEGER NULL",
            "ALTER TABLE key_materials ADD COLUMN rotation_type TEXT NULL",

            // Serves the rotation scheduler: state = 'Enabled' AND next_rotation_date <= now, soonest first.
            "CREATE INDEX ix_keys_state_rotation ON keys (state, next_rotation_date)",

            // No foreign keys: history outlives the alias and its target keys. AUTOINCREMENT never reuses a sequence.
            """
            CREATE TABLE alias_history (
                sequence INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                alias_name TEXT NOT NULL,
                change TEXT NOT NULL,
                target_key_id TEXT NULL,
                previous_target_key_id TEXT NULL,
                changed_at INTEGER NOT NULL,
                changed_by TEXT NOT NULL
            )
            """,
            "CREATE INDEX ix_alias_history_alias ON alias_history (account_id, region, alias_name, sequence)",
            """
            CREATE TABLE key_usage (
                key_id TEXT NOT NULL PRIMARY KEY REFERENCES keys (key_id),
                last_operation TEXT NOT NULL,
                last_used_at INTEGER NOT NULL,
                last_request_id TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE material_usage (
                key_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                decrypt_count INTEGER NOT NULL,
                last_decrypt_at INTEGER NOT NULL,
                PRIMARY KEY (key_id, version),
                FOREIGN KEY (key_id, version) REFERENCES key_materials (key_id, version)
            )
            """,
        ]),
        new(3, "Users and identity policies, grants and the audit chain",
        [
            """
            CREATE TABLE users (
                account_id TEXT NOT NULL,
                user_name TEXT NOT NULL,
                user_id TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (account_id, user_name)
            )
            """,

            // IAM user names are unique regardless of case ("Alice" and "alice" cannot both exist); they are ASCII, so
            // lower() means the same in SQLite and PostgreSQL.
            "CREATE UNIQUE INDEX ix_users_name_ci ON users (account_id, lower(user_name))",
            """
            CREATE TABLE user_policies (
                account_id TEXT NOT NULL,
                user_name TEXT NOT NULL,
                policy_name TEXT NOT NULL,
                document TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (account_id, user_name, policy_name),
                FOREIGN KEY (account_id, user_name) REFERENCES users (account_id, user_name)
            )
            """,

            // Serves DeleteUser and ListAccessKeys of one user.
            "CREATE INDEX ix_access_keys_user ON access_keys (account_id, user_name)",

            // Operations are a JSON array of names; the encryption context constraints canonical JSON objects (keys in
            // ordinal order). Like aliases, a grant stays in its key's account and region through the composite key.
            """
            CREATE TABLE grants (
                grant_id TEXT NOT NULL PRIMARY KEY,
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                key_id TEXT NOT NULL,
                name TEXT NULL,
                grantee_principal TEXT NOT NULL,
                retiring_principal TEXT NULL,
                issuing_account TEXT NOT NULL,
                operations TEXT NOT NULL,
                ec_equals TEXT NULL,
                ec_subset TEXT NULL,
                grant_token TEXT NOT NULL,
                creation_date INTEGER NOT NULL,
                FOREIGN KEY (account_id, region, key_id) REFERENCES keys (account_id, region, key_id)
            )
            """,
            "CREATE UNIQUE INDEX ix_grants_token ON grants (grant_token)",

            // The authorization hot path (a key's grants for one grantee), ListGrants paging, CreateGrant's lookup by
            // name, and ListRetirableGrants paging.
            "CREATE INDEX ix_grants_key_grantee ON grants (key_id, grantee_principal)",
            "CREATE INDEX ix_grants_key_grant ON grants (key_id, grant_id)",
            "CREATE INDEX ix_grants_key_name ON grants (key_id, name)",
            "CREATE INDEX ix_grants_retiring ON grants (retiring_principal, grant_id)",

            // The sequence is assigned by the store (gapless, 1, 2, 3, …), never by the database.
            """
            CREATE TABLE audit_events (
                sequence INTEGER NOT NULL PRIMARY KEY,
                event_id TEXT NOT NULL,
                event_time INTEGER NOT NULL,
                account_id TEXT NOT NULL,
                region TEXT NOT NULL,
                event_name TEXT NOT NULL,
                principal_arn TEXT NOT NULL,
                key_arn TEXT NULL,
                error_code TEXT NULL,
                read_only INTEGER NOT NULL,
                json TEXT NOT NULL,
                previous_hash BLOB NOT NULL,
                hash BLOB NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX ix_audit_events_event_id ON audit_events (event_id)",
            "CREATE INDEX ix_audit_events_time ON audit_events (event_time)",
            "CREATE INDEX ix_audit_events_account ON audit_events (account_id, sequence)",
            "CREATE INDEX ix_audit_events_key ON audit_events (key_arn, sequence)",
            "CREATE INDEX ix_audit_events_principal ON audit_events (principal_arn, sequence)",
        ]),
    ];

    /// <summary>The newest schema version this build knows.</summary>
    public static int Latest => All[^1].Version;
}

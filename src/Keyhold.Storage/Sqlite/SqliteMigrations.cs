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
    ];

    /// <summary>The newest schema version this build knows.</summary>
    public static int Latest => All[^1].Version;
}

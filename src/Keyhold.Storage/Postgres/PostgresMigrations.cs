namespace Keyhold.Storage.Postgres;

/// <summary>
/// The schema, as an append-only list of versions that mirrors <c>SqliteMigrations</c> version for version: the same
/// tables, columns, nullability, keys and indexes, with <c>text</c>, <c>bigint</c> (UTC unix milliseconds, never
/// <c>timestamptz</c>, so values round-trip exactly as in SQLite), <c>integer</c>, <c>boolean</c> and <c>bytea</c>.
/// Identifiers that are compared or ordered use <c>COLLATE "C"</c>, so pagination is byte order whatever the database's
/// default collation, as in SQLite. Never edit a released migration: add the next version instead.
/// </summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<PostgresMigration> All { get; } =
    [
        new(1, "Accounts, access keys, domain keys, keys, key material, tags and aliases",
        [
            """
            CREATE TABLE accounts (
                account_id text COLLATE "C" NOT NULL PRIMARY KEY,
                created_at bigint NOT NULL
            )
            """,
            """
            CREATE TABLE access_keys (
                access_key_id text COLLATE "C" NOT NULL PRIMARY KEY,
                account_id text COLLATE "C" NOT NULL,
                user_name text NULL,
                wrapped_secret bytea NOT NULL,
                active boolean NOT NULL,
                created_at bigint NOT NULL
            )
            """,
            "CREATE INDEX ix_access_keys_account ON access_keys (account_id)",
            """
            CREATE TABLE domain_keys (
                id integer NOT NULL PRIMARY KEY,
                wrapped_key bytea NOT NULL,
                root_key_fingerprint text NOT NULL,
                created_at bigint NOT NULL
            )
            """,
            """
            CREATE TABLE keys (
                key_id text COLLATE "C" NOT NULL PRIMARY KEY,
                account_id text COLLATE "C" NOT NULL,
                region text COLLATE "C" NOT NULL,
                description text NOT NULL,
                key_spec text NOT NULL,
                key_usage text NOT NULL,
                origin text NOT NULL,
                key_manager text NOT NULL,
                state text NOT NULL,
                creation_date bigint NOT NULL,
                deletion_date bigint NULL,
                pending_deletion_window_in_days integer NULL,
                policy text NOT NULL,
                current_material_version integer NOT NULL,
                row_version bigint NOT NULL
            )
            """,

            // Serves ListKeys and is the target of the aliases foreign key, which keeps an alias in its key's account and region.
            "CREATE UNIQUE INDEX ix_keys_account_region_key ON keys (account_id, region, key_id)",
            "CREATE INDEX ix_keys_state_deletion ON keys (state, deletion_date)",
            """
            CREATE TABLE key_materials (
                key_id text COLLATE "C" NOT NULL REFERENCES keys (key_id),
                version integer NOT NULL,
                material_id text NOT NULL,
                wrapped bytea NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY (key_id, version)
            )
            """,
            """
            CREATE TABLE key_tags (
                key_id text COLLATE "C" NOT NULL REFERENCES keys (key_id),
                tag_key text COLLATE "C" NOT NULL,
                tag_value text NOT NULL,
                PRIMARY KEY (key_id, tag_key)
            )
            """,
            """
            CREATE TABLE aliases (
                account_id text COLLATE "C" NOT NULL,
                region text COLLATE "C" NOT NULL,
                alias_name text COLLATE "C" NOT NULL,
                target_key_id text COLLATE "C" NOT NULL,
                creation_date bigint NOT NULL,
                last_updated_date bigint NOT NULL,
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
            "ALTER TABLE keys ADD COLUMN rotation_period_days integer NULL",
            "ALTER TABLE keys ADD COLUMN next_rotation_date bigint NULL",
            "ALTER TABLE key_materials ADD COLUMN rotation_type text NULL",

            // Serves the rotation scheduler: state = 'Enabled' AND next_rotation_date <= now, soonest first.
            "CREATE INDEX ix_keys_state_rotation ON keys (state, next_rotation_date)",

            // No foreign keys: history outlives the alias and its target keys. An identity is never reused; for one
            // alias name it also follows commit order, because each change takes the alias row's lock (or its unique
            // index entry) before it draws a sequence number.
            """
            CREATE TABLE alias_history (
                sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                account_id text COLLATE "C" NOT NULL,
                region text COLLATE "C" NOT NULL,
                alias_name text COLLATE "C" NOT NULL,
                change text NOT NULL,
                target_key_id text NULL,
                previous_target_key_id text NULL,
                changed_at bigint NOT NULL,
                changed_by text NOT NULL
            )
            """,
            "CREATE INDEX ix_alias_history_alias ON alias_history (account_id, region, alias_name, sequence)",
            """
            CREATE TABLE key_usage (
                key_id text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES keys (key_id),
                last_operation text NOT NULL,
                last_used_at bigint NOT NULL,
                last_request_id text NOT NULL
            )
            """,
            """
            CREATE TABLE material_usage (
                key_id text COLLATE "C" NOT NULL,
                version integer NOT NULL,
                decrypt_count bigint NOT NULL,
                last_decrypt_at bigint NOT NULL,
                PRIMARY KEY (key_id, version),
                FOREIGN KEY (key_id, version) REFERENCES key_materials (key_id, version)
            )
            """,
        ]),
        new(3, "Users and identity policies, grants and the audit chain",
        [
            """
            CREATE TABLE users (
                account_id text COLLATE "C" NOT NULL,
                user_name text COLLATE "C" NOT NULL,
                user_id text NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY (account_id, user_name)
            )
            """,

            // IAM user names are unique regardless of case ("Alice" and "alice" cannot both exist); they are ASCII, so
            // lower() means the same as in SQLite.
            "CREATE UNIQUE INDEX ix_users_name_ci ON users (account_id, lower(user_name))",
            """
            CREATE TABLE user_policies (
                account_id text COLLATE "C" NOT NULL,
                user_name text COLLATE "C" NOT NULL,
                policy_name text COLLATE "C" NOT NULL,
                document text NOT NULL,
                updated_at bigint NOT NULL,
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
                grant_id text COLLATE "C" NOT NULL PRIMARY KEY,
                account_id text COLLATE "C" NOT NULL,
                region text COLLATE "C" NOT NULL,
                key_id text COLLATE "C" NOT NULL,
                name text COLLATE "C" NULL,
                grantee_principal text COLLATE "C" NOT NULL,
                retiring_principal text COLLATE "C" NULL,
                issuing_account text NOT NULL,
                operations text NOT NULL,
                ec_equals text NULL,
                ec_subset text NULL,
                grant_token text COLLATE "C" NOT NULL,
                creation_date bigint NOT NULL,
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
                sequence bigint NOT NULL PRIMARY KEY,
                event_id text COLLATE "C" NOT NULL,
                event_time bigint NOT NULL,
                account_id text COLLATE "C" NOT NULL,
                region text COLLATE "C" NOT NULL,
                event_name text COLLATE "C" NOT NULL,
                principal_arn text COLLATE "C" NOT NULL,
                key_arn text COLLATE "C" NULL,
                error_code text COLLATE "C" NULL,
                read_only boolean NOT NULL,
                json text NOT NULL,
                previous_hash bytea NOT NULL,
                hash bytea NOT NULL
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

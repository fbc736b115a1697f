using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Storage.Shared;
using Npgsql;

namespace Keyhold.Storage.Postgres;

/// <summary>Row mapping for the keys and key_materials tables (the same columns as SQLite's).</summary>
internal static class PostgresKeyRows
{
    /// <summary>The keys columns in the order <see cref="ReadKey"/> expects.</summary>
    public const string KeyColumns = KeyRows.KeyColumns;

    /// <summary>The key_materials columns in the order <see cref="ReadMaterial"/> expects.</summary>
    public const string MaterialColumns = KeyRows.MaterialColumns;

    public static KeyRecord ReadKey(NpgsqlDataReader reader) => KeyRows.ReadKey(reader);

    public static KeyMaterialRecord ReadMaterial(NpgsqlDataReader reader) => KeyRows.ReadMaterial(reader);

    /// <summary>Binds <c>@keyId</c>, <c>@accountId</c> and <c>@region</c>.</summary>
    public static NpgsqlCommand BindKeyIdentity(this NpgsqlCommand command, KeyRecord key) => command
        .Bind("keyId", key.KeyId)
        .Bind("accountId", key.AccountId)
        .Bind("region", key.Region);

    /// <inheritdoc cref="BindKeyIdentity(NpgsqlCommand, KeyRecord)"/>
    public static NpgsqlBatchCommand BindKeyIdentity(this NpgsqlBatchCommand command, KeyRecord key) => command
        .Bind("keyId", key.KeyId)
        .Bind("accountId", key.AccountId)
        .Bind("region", key.Region);

    /// <summary>Binds every keys column except the identity (key_id, account_id, region) and row_version.</summary>
    public static NpgsqlCommand BindKeyFields(this NpgsqlCommand command, KeyRecord key)
    {
        AddKeyFields(command.Parameters, key);
        return command;
    }

    /// <inheritdoc cref="BindKeyFields(NpgsqlCommand, KeyRecord)"/>
    public static NpgsqlBatchCommand BindKeyFields(this NpgsqlBatchCommand command, KeyRecord key)
    {
        AddKeyFields(command.Parameters, key);
        return command;
    }

    /// <summary>Binds every key_materials column.</summary>
    public static NpgsqlCommand BindMaterial(this NpgsqlCommand command, KeyMaterialRecord material) => command
        .Bind("keyId", material.KeyId)
        .Bind("version", material.Version)
        .Bind("materialId", material.MaterialId)
        .Bind("wrapped", material.WrappedMaterial)
        .Bind("createdAt", PostgresValues.ToMilliseconds(material.CreatedAt))
        .Bind("rotationType", material.RotationType);

    /// <inheritdoc cref="BindMaterial(NpgsqlCommand, KeyMaterialRecord)"/>
    public static NpgsqlBatchCommand BindMaterial(this NpgsqlBatchCommand command, KeyMaterialRecord material) => command
        .Bind("keyId", material.KeyId)
        .Bind("version", material.Version)
        .Bind("materialId", material.MaterialId)
        .Bind("wrapped", material.WrappedMaterial)
        .Bind("createdAt", PostgresValues.ToMilliseconds(material.CreatedAt))
        .Bind("rotationType", material.RotationType);

    /// <summary>The record exactly as a later read returns it (timestamps in UTC whole milliseconds).</summary>
    public static KeyRecord AsStored(KeyRecord key, long rowVersion) => key with
    {
        CreationDate = PostgresValues.AsStored(key.CreationDate),
        DeletionDate = PostgresValues.AsStored(key.DeletionDate),
        NextRotationDate = PostgresValues.AsStored(key.NextRotationDate),
        RowVersion = rowVersion,
    };

    public static string StateName(KeyState state) => KeyRows.StateName(state);

    /// <summary>Rejects material that belongs to another key (a caller bug, not a race).</summary>
    public static void ThrowIfNotMaterialOf(KeyRecord key, KeyMaterialRecord material)
    {
        if (!string.Equals(material.KeyId, key.KeyId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Material belongs to key {material.KeyId}, not {key.KeyId}.", nameof(material));
        }
    }

    private static void AddKeyFields(NpgsqlParameterCollection parameters, KeyRecord key)
    {
        parameters.AddWithValue("description", key.Description);
        parameters.AddWithValue("keySpec", key.KeySpec);
        parameters.AddWithValue("keyUsage", key.KeyUsage);
        parameters.AddWithValue("origin", key.Origin);
        parameters.AddWithValue("keyManager", key.KeyManager);
        parameters.AddWithValue("state", StateName(key.State));
        parameters.AddWithValue("creationDate", PostgresValues.ToMilliseconds(key.CreationDate));
        parameters.AddWithValue("deletionDate", (object?)PostgresValues.ToMilliseconds(key.DeletionDate) ?? DBNull.Value);
        parameters.AddWithValue("pendingWindow", (object?)key.PendingDeletionWindowInDays ?? DBNull.Value);
        parameters.AddWithValue("policy", key.Policy);
        parameters.AddWithValue("currentVersion", key.CurrentMaterialVersion);
        parameters.AddWithValue("rotationPeriod", (object?)key.RotationPeriodInDays ?? DBNull.Value);
        parameters.AddWithValue("nextRotation", (object?)PostgresValues.ToMilliseconds(key.NextRotationDate) ?? DBNull.Value);
    }
}

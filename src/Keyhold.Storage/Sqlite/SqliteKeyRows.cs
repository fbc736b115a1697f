using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Storage.Shared;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

/// <summary>Row mapping for the keys and key_materials tables.</summary>
internal static class SqliteKeyRows
{
    /// <summary>The keys columns in the order <see cref="ReadKey"/> expects.</summary>
    public const string KeyColumns = KeyRows.KeyColumns;

    /// <summary>The key_materials columns in the order <see cref="ReadMaterial"/> expects.</summary>
    public const string MaterialColumns = KeyRows.MaterialColumns;

    public static KeyRecord ReadKey(SqliteDataReader reader) => KeyRows.ReadKey(reader);

    public static KeyMaterialRecord ReadMaterial(SqliteDataReader reader) => KeyRows.ReadMaterial(reader);

    /// <summary>Binds every keys column except the identity (key_id, account_id, region) and row_version.</summary>
    public static SqliteCommand BindKeyFields(this SqliteCommand command, KeyRecord key) => command
        .Bind("@description", key.Description)
        .Bind("@keySpec", key.KeySpec)
        .Bind("@keyUsage", key.KeyUsage)
        .Bind("@origin", key.Origin)
        .Bind("@keyManager", key.KeyManager)
        .Bind("@state", StateName(key.State))
        .Bind("@creationDate", SqliteValues.ToMilliseconds(key.CreationDate))
        .Bind("@deletionDate", SqliteValues.ToMilliseconds(key.DeletionDate))
        .Bind("@pendingWindow", key.PendingDeletionWindowInDays)
        .Bind("@policy", key.Policy)
        .Bind("@currentVersion", key.CurrentMaterialVersion)
        .Bind("@rotationPeriod", key.RotationPeriodInDays)
        .Bind("@nextRotation", SqliteValues.ToMilliseconds(key.NextRotationDate));

    public static SqliteCommand BindKeyIdentity(this SqliteCommand command, KeyRecord key) => command
        .Bind("@keyId", key.KeyId)
        .Bind("@accountId", key.AccountId)
        .Bind("@region", key.Region);

    /// <summary>The record exactly as a later read returns it (timestamps in UTC whole milliseconds).</summary>
    public static KeyRecord AsStored(KeyRecord key, long rowVersion) => key with
    {
        CreationDate = SqliteValues.AsStored(key.CreationDate),
        DeletionDate = SqliteValues.AsStored(key.DeletionDate),
        NextRotationDate = SqliteValues.AsStored(key.NextRotationDate),
        RowVersion = rowVersion,
    };

    public static string StateName(KeyState state) => KeyRows.StateName(state);
}

using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

/// <summary>Row mapping for the keys and key_materials tables.</summary>
internal static class SqliteKeyRows
{
    /// <summary>The keys columns in the order <see cref="ReadKey"/> expects.</summary>
    public const string KeyColumns =
        "key_id, account_id, region, description, key_spec, key_usage, origin, key_manager, state, " +
        "creation_date, deletion_date, pending_deletion_window_in_days, policy, current_material_version, " +
        "rotation_period_days, next_rotation_date, row_version";

    /// <summary>The key_materials columns in the order <see cref="ReadMaterial"/> expects.</summary>
    public const string MaterialColumns = "key_id, version, material_id, wrapped, created_at, rotation_type";

    public static KeyRecord ReadKey(SqliteDataReader reader) => new()
    {
        KeyId = reader.GetString(0),
        AccountId = reader.GetString(1),
        Region = reader.GetString(2),
        Description = reader.GetString(3),
        KeySpec = reader.GetString(4),
        KeyUsage = reader.GetString(5),
        Origin = reader.GetString(6),
        KeyManager = reader.GetString(7),
        State = ParseState(reader.GetString(8), reader.GetString(0)),
        CreationDate = reader.GetTimestamp(9),
        DeletionDate = reader.GetNullableTimestamp(10),
        PendingDeletionWindowInDays = reader.GetNullableInt32(11),
        Policy = reader.GetString(12),
        CurrentMaterialVersion = reader.GetInt32(13),
        RotationPeriodInDays = reader.GetNullableInt32(14),
        NextRotationDate = reader.GetNullableTimestamp(15),
        RowVersion = reader.GetInt64(16),
    };

    public static KeyMaterialRecord ReadMaterial(SqliteDataReader reader) => new()
    {
        KeyId = reader.GetString(0),
        Version = reader.GetInt32(1),
        MaterialId = reader.GetString(2),
        WrappedMaterial = reader.GetBytes(3),
        CreatedAt = reader.GetTimestamp(4),
        RotationType = reader.GetNullableString(5),
    };

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

    public static string StateName(KeyState state) =>
        Enum.IsDefined(state) ? state.ToString() : throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown key state.");

    private static KeyState ParseState(string name, string keyId) =>
        Enum.TryParse<KeyState>(name, ignoreCase: false, out var state) && Enum.IsDefined(state) && !char.IsAsciiDigit(name[0])
            ? state
            : throw new StoreUnavailableException($"Key {keyId} has state '{name}', which this Keyhold build does not know; was it written by a newer version?");
}

using System.Data.Common;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Shared;

/// <summary>
/// Reading the keys and key_materials tables, which have the same columns in both backends (timestamps as unix
/// milliseconds, states by name). The backend classes add their own parameter binding.
/// </summary>
internal static class KeyRows
{
    /// <summary>The keys columns in the order <see cref="ReadKey"/> expects.</summary>
    public const string KeyColumns =
        "key_id, account_id, region, description, key_spec, key_usage, origin, key_manager, state, " +
        "creation_date, deletion_date, pending_deletion_window_in_days, policy, current_material_version, " +
        "rotation_period_days, next_rotation_date, row_version";

    /// <summary>The key_materials columns in the order <see cref="ReadMaterial"/> expects.</summary>
    public const string MaterialColumns = "key_id, version, material_id, wrapped, created_at, rotation_type";

    public static KeyRecord ReadKey(DbDataReader reader) => new()
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
        CreationDate = Timestamp(reader, 9),
        DeletionDate = NullableTimestamp(reader, 10),
        PendingDeletionWindowInDays = reader.IsDBNull(11) ? null : reader.GetInt32(11),
        Policy = reader.GetString(12),
        CurrentMaterialVersion = reader.GetInt32(13),
        RotationPeriodInDays = reader.IsDBNull(14) ? null : reader.GetInt32(14),
        NextRotationDate = NullableTimestamp(reader, 15),
        RowVersion = reader.GetInt64(16),
    };

    public static KeyMaterialRecord ReadMaterial(DbDataReader reader) => new()
    {
        KeyId = reader.GetString(0),
        Version = reader.GetInt32(1),
        MaterialId = reader.GetString(2),
        WrappedMaterial = reader.GetFieldValue<byte[]>(3),
        CreatedAt = Timestamp(reader, 4),
        RotationType = reader.IsDBNull(5) ? null : reader.GetString(5),
    };

    /// <summary>The name a state is stored under; refuses values outside the enum.</summary>
    public static string StateName(KeyState state) =>
        Enum.IsDefined(state) ? state.ToString() : throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown key state.");

    private static KeyState ParseState(string name, string keyId) =>
        Enum.TryParse<KeyState>(name, ignoreCase: false, out var state) && Enum.IsDefined(state) && !char.IsAsciiDigit(name[0])
            ? state
            : throw new StoreUnavailableException($"Key {keyId} has state '{name}', which this Keyhold build does not know; was it written by a newer version?");

    private static DateTimeOffset Timestamp(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static DateTimeOffset? NullableTimestamp(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Timestamp(reader, ordinal);
}

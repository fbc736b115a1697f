using Keyhold.Core.Aliases;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

/// <summary>Row mapping for the alias_history table and the (account_id, region, alias_name) identity shared with aliases.</summary>
internal static class SqliteAliasRows
{
    /// <summary>The alias_history columns a write supplies (sequence comes from AUTOINCREMENT).</summary>
    public const string HistoryInsertColumns =
        "account_id, region, alias_name, change, target_key_id, previous_target_key_id, changed_at, changed_by";

    /// <summary>The alias_history columns in the order <see cref="ReadChange"/> expects.</summary>
    public const string HistoryColumns = "sequence, " + HistoryInsertColumns;

    public static SqliteCommand BindAliasName(this SqliteCommand command, AliasChange change) => command
        .Bind("@accountId", change.AccountId)
        .Bind("@region", change.Region)
        .Bind("@aliasName", change.AliasName);

    public static AliasChange ReadChange(SqliteDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        AccountId = reader.GetString(1),
        Region = reader.GetString(2),
        AliasName = reader.GetString(3),
        Change = reader.GetString(4),
        TargetKeyId = reader.GetNullableString(5),
        PreviousTargetKeyId = reader.GetNullableString(6),
        ChangedAt = reader.GetTimestamp(7),
        ChangedBy = reader.GetString(8),
    };
}

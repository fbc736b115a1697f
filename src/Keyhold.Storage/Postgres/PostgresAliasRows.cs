using Keyhold.Core.Aliases;
using Npgsql;

namespace Keyhold.Storage.Postgres;

/// <summary>Row mapping for the aliases and alias_history tables.</summary>
internal static class PostgresAliasRows
{
    /// <summary>The aliases columns in the order <see cref="ReadAlias"/> expects.</summary>
    public const string AliasColumns = "account_id, region, alias_name, target_key_id, creation_date, last_updated_date";

    /// <summary>The alias_history columns a write supplies (sequence is an identity column).</summary>
    public const string HistoryInsertColumns =
        "account_id, region, alias_name, change, target_key_id, previous_target_key_id, changed_at, changed_by";

    /// <summary>The alias_history columns in the order <see cref="ReadChange"/> expects.</summary>
    public const string HistoryColumns = "sequence, " + HistoryInsertColumns;

    /// <summary>Inserts one history entry; every parameter comes from <see cref="BindChange(NpgsqlBatchCommand, AliasChange)"/>.</summary>
    public const string InsertChangeSql =
        $"INSERT INTO alias_history ({HistoryInsertColumns}) " +
        "VALUES (@accountId, @region, @aliasName, @change, @targetKeyId, @previousTargetKeyId, @changedAt, @changedBy)";

    /// <summary>Binds <c>@accountId</c>, <c>@region</c> and <c>@aliasName</c>.</summary>
    public static NpgsqlCommand BindAliasName(this NpgsqlCommand command, AliasChange change) => command
        .Bind("accountId", change.AccountId)
        .Bind("region", change.Region)
        .Bind("aliasName", change.AliasName);

    /// <inheritdoc cref="BindAliasName(NpgsqlCommand, AliasChange)"/>
    public static NpgsqlBatchCommand BindAliasName(this NpgsqlBatchCommand command, AliasChange change) => command
        .Bind("accountId", change.AccountId)
        .Bind("region", change.Region)
        .Bind("aliasName", change.AliasName);

    /// <summary>Binds every parameter of <see cref="InsertChangeSql"/>.</summary>
    public static NpgsqlBatchCommand BindChange(this NpgsqlBatchCommand command, AliasChange change) => command
        .BindAliasName(change)
        .Bind("change", change.Change)
        .Bind("targetKeyId", change.TargetKeyId)
        .Bind("previousTargetKeyId", change.PreviousTargetKeyId)
        .Bind("changedAt", PostgresValues.ToMilliseconds(change.ChangedAt))
        .Bind("changedBy", change.ChangedBy);

    public static AliasRecord ReadAlias(NpgsqlDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        Region = reader.GetString(1),
        AliasName = reader.GetString(2),
        TargetKeyId = reader.GetString(3),
        CreationDate = reader.GetTimestamp(4),
        LastUpdatedDate = reader.GetTimestamp(5),
    };

    public static AliasChange ReadChange(NpgsqlDataReader reader) => new()
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

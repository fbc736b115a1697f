namespace Keyhold.Storage.Migration;

/// <summary>What <see cref="StoreMigrator"/> copied: the schema version and, per table in copy order, its verified row count.</summary>
public sealed record StoreMigrationResult(int SchemaVersion, IReadOnlyList<MigratedTable> Tables)
{
    public long TotalRows => Tables.Sum(t => t.Rows);
}

/// <summary>One copied table and its row count, equal in the source snapshot and in the target after the commit.</summary>
public sealed record MigratedTable(string Name, long Rows);

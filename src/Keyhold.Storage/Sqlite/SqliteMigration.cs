namespace Keyhold.Storage.Sqlite;

/// <summary>One schema version: its statements run in order, in the same transaction that records the version.</summary>
internal sealed record SqliteMigration(int Version, string Description, IReadOnlyList<string> Statements);

namespace Keyhold.Storage.Postgres;

/// <summary>One schema version: its statements run in order, in the same transaction that records the version.</summary>
internal sealed record PostgresMigration(int Version, string Description, IReadOnlyList<string> Statements);

namespace Keyhold.Storage.Migration;

/// <summary>
/// A table of the SQLite source as its catalogue describes it: columns in declaration order, the row count in the
/// snapshot, and the highest value SQLite's AUTOINCREMENT has handed out for it (from <c>sqlite_sequence</c>), if any.
/// </summary>
internal sealed record SourceTable(string Name, IReadOnlyList<string> Columns, long Rows, long? AutoIncrement);

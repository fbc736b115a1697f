namespace Keyhold.Storage.Migration;

/// <summary>Identifier quoting, the same in SQLite and PostgreSQL.</summary>
internal static class SqlIdentifier
{
    /// <summary>A double-quoted identifier: names come from the catalogues, and quoting keeps any of them valid SQL.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

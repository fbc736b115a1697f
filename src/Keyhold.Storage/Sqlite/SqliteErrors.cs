using Keyhold.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Keyhold.Storage.Sqlite;

/// <summary>Maps SQLite result codes onto the store's error taxonomy (primary codes from sqlite3.h).</summary>
internal static class SqliteErrors
{
    private const int Error = 1;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Constraint = 19;
    private const int NotADatabase = 26;
    private const int ConstraintForeignKey = Constraint | (3 << 8);

    /// <summary>
    /// Translates <paramref name="exception"/> into <see cref="StoreConflictException"/> or
    /// <see cref="StoreUnavailableException"/>; false for codes that mean a bug in this code (those propagate as is).
    /// </summary>
    public static bool TryTranslate(SqliteException exception, string operation, string databasePath, out Exception translated)
    {
        var primary = exception.SqliteErrorCode & 0xFF;
        string? unavailable = primary switch
        {
            Full => "the disk is full",
            IoError => "an I/O error occurred",
            ReadOnly => "the database file or its directory is read-only",
            CantOpen => "the database file cannot be opened (check that its directory exists and is writable)",
            Busy or Locked => "another connection or process held the database lock for longer than the busy timeout",
            Corrupt or NotADatabase => "the file is corrupt or not a Keyhold database",
            Error when exception.Message.Contains("no such table", StringComparison.Ordinal) =>
                "the database has no Keyhold schema (run MigrateAsync first)",
            _ => null,
        };
        if (unavailable is not null)
        {
            translated = new StoreUnavailableException(
                $"{operation} failed: {unavailable} (SQLite error {exception.SqliteExtendedErrorCode}, database '{databasePath}').",
                exception);
            return true;
        }

        if (primary == Constraint)
        {
            var reason = exception.SqliteExtendedErrorCode == ConstraintForeignKey
                ? "a key it refers to does not exist (it may have been deleted concurrently)"
                : "a row with the same id or name already exists";
            translated = new StoreConflictException($"{operation} conflicts with stored data: {reason}.", exception);
            return true;
        }

        translated = exception;
        return false;
    }
}

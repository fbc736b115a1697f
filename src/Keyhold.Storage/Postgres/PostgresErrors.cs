using Keyhold.Core.Storage;
using Npgsql;

namespace Keyhold.Storage.Postgres;

/// <summary>
/// Maps Npgsql failures onto the store's error taxonomy (SQLSTATE codes from PostgreSQL's errcodes.txt, as named in
/// <see cref="PostgresErrorCodes"/>). Messages name the server as host:port/database and never carry the connection
/// string, so a password in it cannot leak.
/// </summary>
internal static class PostgresErrors
{
    /// <summary>
    /// Translates <paramref name="exception"/> into <see cref="StoreConflictException"/> or
    /// <see cref="StoreUnavailableException"/>; false for errors that mean a bug in this code (those propagate as is).
    /// <paramref name="committing"/> says the failure came from COMMIT, so whether the transaction committed is unknown.
    /// </summary>
    public static bool TryTranslate(Exception exception, string operation, string server, bool committing, out Exception translated)
    {
        if (exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation } conflict)
        {
            var reason = conflict.SqlState == PostgresErrorCodes.ForeignKeyViolation
                ? "a key it refers to does not exist (it may have been deleted concurrently)"
                : "a row with the same id or name already exists";
            translated = new StoreConflictException(
                $"{operation} conflicts with stored data: {reason} (constraint {conflict.ConstraintName}).", exception);
            return true;
        }

        var unavailable = exception switch
        {
            PostgresException postgres => UnavailableReason(postgres.SqlState),
            NpgsqlException { InnerException: TimeoutException } =>
                "the server did not answer in time (connect Timeout, Command Timeout or Max Pool Size of the connection string)",
            NpgsqlException => "the server cannot be reached or the connection broke",
            _ => null,
        };
        if (unavailable is null)
        {
            translated = exception;
            return false;
        }

        var code = exception is PostgresException p ? $"SQLSTATE {p.SqlState}" : Innermost(exception).Message;
        var outcome = committing ? " Whether the transaction committed is unknown." : string.Empty;
        translated = new StoreUnavailableException($"{operation} failed: {unavailable} ({code}, server '{server}').{outcome}", exception);
        return true;
    }

    /// <summary>
    /// True for failures after which running the whole transaction again is safe and may succeed: it was rolled back
    /// by a deadlock or serialization failure, or its connection broke (e.g. a pooled connection to a server that has
    /// restarted since). Only ever applied before COMMIT is sent.
    /// </summary>
    public static bool IsRetryable(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => BreaksConnection(exception),
    };

    /// <summary>True if the connection (and probably every idle one in the pool) is dead, so the pool should be cleared.</summary>
    public static bool BreaksConnection(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown } => true,
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException { InnerException: TimeoutException } => false,
        NpgsqlException => true,
        _ => false,
    };

    private static string? UnavailableReason(string sqlState) => sqlState switch
    {
        PostgresErrorCodes.DiskFull => "the database server's disk is full",
        PostgresErrorCodes.OutOfMemory => "the database server is out of memory",
        PostgresErrorCodes.TooManyConnections => "the database server refuses more connections (max_connections)",
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown => "the database server shut down or restarted",
        PostgresErrorCodes.CannotConnectNow => "the database server is starting up or shutting down",
        PostgresErrorCodes.QueryCanceled => "a statement was cancelled by the server (statement_timeout or an administrator)",
        PostgresErrorCodes.LockNotAvailable => "a lock was not granted within lock_timeout",
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected =>
            "the transaction kept losing deadlock or serialization races and was retried to the limit",
        PostgresErrorCodes.ReadOnlySqlTransaction =>
            "the server only accepts reads (a standby, or default_transaction_read_only); connect to the primary (Target Session Attributes=read-write)",
        PostgresErrorCodes.InvalidCatalogName => "the database does not exist",
        PostgresErrorCodes.UndefinedTable => "the database has no Keyhold schema (run MigrateAsync first)",
        PostgresErrorCodes.InsufficientPrivilege => "the database user lacks a privilege the store needs",
        PostgresErrorCodes.DataCorrupted or PostgresErrorCodes.IndexCorrupted => "the server reports corrupted data",
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => "the connection to the database server failed",
        _ when sqlState.StartsWith("28", StringComparison.Ordinal) => "the database server rejected the credentials",
        _ when sqlState.StartsWith("53", StringComparison.Ordinal) => "the database server ran out of a resource",
        _ when sqlState.StartsWith("58", StringComparison.Ordinal) => "the database server had an I/O or system error",
        _ => null,
    };

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}

using Keyhold.Core.Storage;
using Keyhold.Storage.Postgres;
using Npgsql;

namespace Keyhold.Storage.Tests.Postgres;

public sealed class PostgresErrorsTests
{
    private const string Server = "db.example:5432/keyhold";

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation, "already exists")]
    [InlineData(PostgresErrorCodes.ForeignKeyViolation, "does not exist")]
    public void TryTranslate_ConstraintViolation_ReturnsConflict(string sqlState, string reason)
    {
        Assert.True(PostgresErrors.TryTranslate(Error(sqlState), "CreateAlias", Server, committing: false, out var translated));

        var conflict = Assert.IsType<StoreConflictException>(translated);
        Assert.StartsWith("CreateAlias conflicts with stored data", conflict.Message, StringComparison.Ordinal);
        Assert.Contains(reason, conflict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.DiskFull, "disk is full")]
    [InlineData(PostgresErrorCodes.AdminShutdown, "shut down")]
    [InlineData(PostgresErrorCodes.CrashShutdown, "shut down")]
    [InlineData(PostgresErrorCodes.CannotConnectNow, "starting up")]
    [InlineData(PostgresErrorCodes.TooManyConnections, "max_connections")]
    [InlineData(PostgresErrorCodes.OutOfMemory, "out of memory")]
    [InlineData(PostgresErrorCodes.ConfigurationLimitExceeded, "ran out of a resource")]
    [InlineData(PostgresErrorCodes.QueryCanceled, "statement_timeout")]
    [InlineData(PostgresErrorCodes.LockNotAvailable, "lock_timeout")]
    [InlineData(PostgresErrorCodes.ReadOnlySqlTransaction, "read-write")]
    [InlineData(PostgresErrorCodes.DeadlockDetected, "retried")]
    [InlineData(PostgresErrorCodes.SerializationFailure, "retried")]
    [InlineData(PostgresErrorCodes.ConnectionFailure, "connection")]
    [InlineData(PostgresErrorCodes.InvalidPassword, "credentials")]
    [InlineData(PostgresErrorCodes.InvalidCatalogName, "does not exist")]
    [InlineData(PostgresErrorCodes.UndefinedTable, "MigrateAsync")]
    [InlineData(PostgresErrorCodes.InsufficientPrivilege, "privilege")]
    [InlineData(PostgresErrorCodes.IoError, "I/O")]
    [InlineData(PostgresErrorCodes.DataCorrupted, "corrupted")]
    public void TryTranslate_ServerOrConnectionProblem_ReturnsUnavailableNamingCodeAndServer(string sqlState, string reason)
    {
        Assert.True(PostgresErrors.TryTranslate(Error(sqlState), "UpdateKey", Server, committing: false, out var translated));

        var unavailable = Assert.IsType<StoreUnavailableException>(translated);
        Assert.StartsWith("UpdateKey failed: ", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains(reason, unavailable.Message, StringComparison.Ordinal);
        Assert.Contains($"SQLSTATE {sqlState}", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains(Server, unavailable.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown", unavailable.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.SyntaxError)]
    [InlineData(PostgresErrorCodes.UndefinedColumn)]
    [InlineData(PostgresErrorCodes.InvalidTextRepresentation)]
    [InlineData(PostgresErrorCodes.NotNullViolation)]
    public void TryTranslate_BugInTheStore_ReturnsFalse(string sqlState)
    {
        var error = Error(sqlState);

        Assert.False(PostgresErrors.TryTranslate(error, "UpdateKey", Server, committing: false, out var translated));
        Assert.Same(error, translated);
    }

    [Fact]
    public void TryTranslate_ConnectionLostDuringCommit_SaysTheOutcomeIsUnknown()
    {
        var broken = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());

        Assert.True(PostgresErrors.TryTranslate(broken, "CreateKey", Server, committing: true, out var translated));

        var unavailable = Assert.IsType<StoreUnavailableException>(translated);
        Assert.Contains("cannot be reached or the connection broke", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("Whether the transaction committed is unknown", unavailable.Message, StringComparison.Ordinal);
        Assert.Same(broken, unavailable.InnerException);
    }

    [Fact]
    public void TryTranslate_Timeout_ReturnsUnavailableNamingTheSettings()
    {
        var timeout = new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt"));

        Assert.True(PostgresErrors.TryTranslate(timeout, "GetKey", Server, committing: false, out var translated));

        Assert.Contains("Command Timeout", Assert.IsType<StoreUnavailableException>(translated).Message, StringComparison.Ordinal);
        Assert.False(PostgresErrors.BreaksConnection(timeout));
        Assert.False(PostgresErrors.IsRetryable(timeout));
    }

    [Fact]
    public void TryTranslate_NotADatabaseError_ReturnsFalse()
    {
        var error = new InvalidOperationException("bug");

        Assert.False(PostgresErrors.TryTranslate(error, "GetKey", Server, committing: false, out var translated));
        Assert.Same(error, translated);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected, true, false)]
    [InlineData(PostgresErrorCodes.SerializationFailure, true, false)]
    [InlineData(PostgresErrorCodes.AdminShutdown, true, true)]
    [InlineData(PostgresErrorCodes.ConnectionFailure, true, true)]
    [InlineData(PostgresErrorCodes.UniqueViolation, false, false)]
    [InlineData(PostgresErrorCodes.DiskFull, false, false)]
    [InlineData(PostgresErrorCodes.ReadOnlySqlTransaction, false, false)]
    public void IsRetryable_AndBreaksConnection_FollowTheSqlState(string sqlState, bool retryable, bool breaks)
    {
        Assert.Equal(retryable, PostgresErrors.IsRetryable(Error(sqlState)));
        Assert.Equal(breaks, PostgresErrors.BreaksConnection(Error(sqlState)));
    }

    [Fact]
    public void IsRetryable_BrokenConnection_IsTrueAndBreaksConnection()
    {
        var broken = new NpgsqlException("Exception while writing to stream", new IOException("Broken pipe"));

        Assert.True(PostgresErrors.IsRetryable(broken));
        Assert.True(PostgresErrors.BreaksConnection(broken));
    }

    private static PostgresException Error(string sqlState) => new("message text", "ERROR", "ERROR", sqlState);
}

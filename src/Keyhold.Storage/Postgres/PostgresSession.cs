using Npgsql;

namespace Keyhold.Storage.Postgres;

/// <summary>
/// One contract method's connection, its transaction (none for single-statement reads, which PostgreSQL runs in
/// their own implicit transaction) and the caller's cancellation token.
/// </summary>
internal sealed class PostgresSession(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
{
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>A command in the session's transaction.</summary>
    /// <param name="sql">A constant statement of this assembly; values always travel as parameters.</param>
    public NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    /// <summary>A batch in the session's transaction: its statements go to the server in one round trip.</summary>
    public NpgsqlBatch Batch() => new(connection, transaction);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Keyhold.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster started from the installed binaries (initdb, pg_ctl) in a temporary directory, on a
/// free loopback port, with fsync off: fast, and gone after <see cref="DisposeAsync"/>. Commits still reach the WAL
/// before they are acknowledged (synchronous_commit stays on), so a killed server keeps them as a real one does.
/// initdb refuses to run as root, so as root every binary runs as the <c>postgres</c> system user (created by
/// Debian's package) through runuser, in a directory owned by that user. Tests get an empty database each from
/// <see cref="RentDatabase"/>.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string InstallHint =
        "PostgreSQL is not installed: apt-get install -y postgresql (the tests start their own throwaway cluster from initdb/pg_ctl)";

    /// <summary>The cluster's superuser (trust authentication, loopback only).</summary>
    public const string User = "keyhold";

    /// <summary>
    /// A password every test connection string carries (trust authentication ignores it) so tests can check it never
    /// reaches an error message.
    /// </summary>
    public const string Password = "pw-MUST-NOT-LEAK-7f3a";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("keyhold-pg-").FullName;
    private readonly ConcurrentBag<string> _emptyDatabases = [];
    private readonly string? _runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
    private (string InitDb, string PgCtl) _binaries;
    private int _databases;
    private bool _running;

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_directory, "data");

    private string LogFile => Path.Combine(_directory, "postgres.log");

    public async Task InitializeAsync()
    {
        _binaries = FindBinaries("/usr/lib/postgresql", Environment.GetEnvironmentVariable("PATH"));
        if (_runAs is not null)
        {
            await PrepareDirectoryForPostgresUserAsync();
        }

        await RunAsync(_binaries.InitDb, ["-D", DataDirectory, "-A", "trust", "-U", User, "--no-sync", "-E", "UTF8", "--locale=C"]);
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the port between probing and binding it: pick another.
            }
        }
    }

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        try
        {
            await StopAsync();
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Starts (or restarts) the server on <see cref="Port"/> and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var options = string.Join(
            ' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-k '{_directory}'",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            "-c full_page_writes=off",
            "-c max_connections=200");
        await RunAsync(_binaries.PgCtl, ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options, "start"]);
        _running = true;
    }

    /// <summary>Kills the server at once (<c>pg_ctl stop -m immediate</c>), as a crash or power loss would.</summary>
    public async Task StopAsync()
    {
        if (!_running)
        {
            return;
        }

        _running = false;
        await RunAsync(_binaries.PgCtl, ["-D", DataDirectory, "-w", "-t", "60", "-m", "immediate", "stop"]);
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> with short timeouts, so a dead server fails fast.</summary>
    public string ConnectionString(string database, int commandTimeoutSeconds = 30) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Password = Password,
        Database = database,
        Timeout = 5,
        CommandTimeout = commandTimeoutSeconds,
    }.ConnectionString;

    /// <summary>Creates an empty database (plus <paramref name="options"/>, e.g. an encoding) and returns its name.</summary>
    public string CreateDatabase(string options = "")
    {
        var name = $"keyhold_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..40];
        Execute($"CREATE DATABASE {name} {options}");
        return name;
    }

    /// <summary>
    /// An empty database for one test: a returned one emptied again, or a new one. CREATE DATABASE copies the whole
    /// template (about 250 ms here), while emptying the public schema of a returned database takes a few milliseconds.
    /// </summary>
    public string RentDatabase() => _emptyDatabases.TryTake(out var database) ? database : CreateDatabase();

    /// <summary>Empties <paramref name="database"/> (its schema and any per-database settings) for the next test.</summary>
    public void ReturnDatabase(string database)
    {
        // A connection a test left open could hold a lock that DROP SCHEMA would wait for: end them all first.
        Execute($"ALTER DATABASE {database} RESET ALL; " +
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()");
        Execute("SET statement_timeout = '20s'; DROP SCHEMA public CASCADE; CREATE SCHEMA public", database);
        _emptyDatabases.Add(database);
    }

    /// <summary>Drops the database even if connections to it remain open.</summary>
    public void DropDatabase(string name) => Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    /// <summary>Opens an unpooled connection to <paramref name="database"/>, for tests that look under the store.</summary>
    public async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return connection;
    }

    /// <summary>Runs constant SQL against <paramref name="database"/> (CREATE/DROP DATABASE cannot take parameters).</summary>
    private void Execute(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// initdb and pg_ctl of the highest version under <paramref name="versionsRoot"/> (Debian's /usr/lib/postgresql/N/bin),
    /// else the first pair on <paramref name="path"/>; <see cref="InstallHint"/> if there is none.
    /// </summary>
    internal static (string InitDb, string PgCtl) FindBinaries(string versionsRoot, string? path)
    {
        var versioned = Directory.Exists(versionsRoot)
            ? Directory.GetDirectories(versionsRoot)
                .Select(d => (Bin: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
                .Where(c => c.Version is not null)
                .OrderByDescending(c => c.Version)
                .Select(c => c.Bin)
            : [];
        foreach (var directory in versioned.Concat((path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)))
        {
            var initDb = Path.Combine(directory, "initdb");
            var pgCtl = Path.Combine(directory, "pg_ctl");
            if (File.Exists(initDb) && File.Exists(pgCtl))
            {
                return (initDb, pgCtl);
            }
        }

        throw new InvalidOperationException(InstallHint);
    }

    /// <summary>"15" or "9.6" (Debian's directory names) as a comparable version; null for anything else.</summary>
    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>As root: checks that the postgres user exists and hands it the cluster directory.</summary>
    private async Task PrepareDirectoryForPostgresUserAsync()
    {
        var users = await File.ReadAllLinesAsync("/etc/passwd");
        if (!users.Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                "The tests run as root, which initdb refuses, and there is no 'postgres' user to run it as. " +
                $"Run them as a normal user, or install the server package, which creates that user. {InstallHint}");
        }

        await RunProcessAsync("chown", ["postgres:postgres", _directory]);
    }

    /// <summary>Runs a PostgreSQL binary (as the postgres user when we are root) and fails with its output if it fails.</summary>
    private Task RunAsync(string binary, IReadOnlyList<string> arguments) => _runAs is null
        ? RunProcessAsync(binary, arguments)
        : RunProcessAsync("runuser", ["-u", _runAs, "--", binary, .. arguments]);

    private async Task RunProcessAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // The postgres user may not be allowed into the current directory (e.g. /root).
            WorkingDirectory = _directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : string.Empty;
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}{await error}\n{log}");
        }
    }

    private void StopOnExit(object? sender, EventArgs e)
    {
        if (_running)
        {
            StopAsync().Wait(CommandTimeout);
        }
    }
}

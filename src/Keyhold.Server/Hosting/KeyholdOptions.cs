namespace Keyhold.Server.Hosting;

/// <summary>Settings of <c>keyhold serve</c>. Defaults are documented in the README and docs/operations.</summary>
public sealed class KeyholdOptions
{
    public const int DefaultPort = 4599;
    public const string DefaultDevAccountId = "111122223333";
    public const string DefaultRegion = "us-east-1";

    /// <summary>Data directory: keyhold.db, root.key, admin-credentials. Default <c>~/.keyhold</c>.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keyhold");

    /// <summary>HOST:PORT to bind. Plain HTTP only on loopback; anything else needs TLS. Port 0 picks a free port.</summary>
    public string Listen { get; set; } = $"127.0.0.1:{DefaultPort}";

    /// <summary>Development mode: signatures are parsed but not checked, and every caller is the root of <see cref="AccountId"/>.</summary>
    public bool Dev { get; set; }

    /// <summary>Account created on first start (and the only account in dev mode). Null: dev default, or a random id outside dev mode.</summary>
    public string? AccountId { get; set; }

    /// <summary>Region written into the admin credentials profile; requests use the region of their SigV4 scope.</summary>
    public string Region { get; set; } = DefaultRegion;

    /// <summary><c>sqlite</c> (default: <c>keyhold.db</c> in the data directory) or <c>postgres</c> (<see cref="ConnectionString"/>).</summary>
    public string Storage { get; set; } = StorageKinds.Sqlite;

    /// <summary>The PostgreSQL connection string when <see cref="Storage"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    public string? TlsCertificatePath { get; set; }

    public string? TlsKeyPath { get; set; }

    /// <summary>Requests with larger bodies are refused without being buffered.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a client may take to send all request headers before the connection is closed (Kestrel's
    /// <c>RequestHeadersTimeout</c>); a client trickling headers byte by byte cannot hold a connection open longer.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle keep-alive connection stays open between requests (Kestrel's <c>KeepAliveTimeout</c>).</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>
    /// The slowest request body upload accepted, in bytes per second, once <see cref="MinRequestBodyDataRateGracePeriod"/>
    /// has passed (Kestrel's <c>MinRequestBodyDataRate</c>); a slower client gets 408 and its connection is closed.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may upload below <see cref="MinRequestBodyBytesPerSecond"/> before it is cut off; more than 1 s (Kestrel).</summary>
    public TimeSpan MinRequestBodyDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Open connections beyond this are refused at accept (Kestrel's <c>MaxConcurrentConnections</c>), so idle sockets
    /// cannot exhaust the process's file descriptors and memory. Null: no limit.
    /// </summary>
    public long? MaxConcurrentConnections { get; set; } = 10_000;

    /// <summary>How often the deletion job looks for keys whose waiting period has ended (<see cref="Timeout.InfiniteTimeSpan"/>: only at start).</summary>
    public TimeSpan DeletionSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the rotation scheduler looks for keys whose automatic rotation is due (<see cref="Timeout.InfiniteTimeSpan"/>: only at start).</summary>
    public TimeSpan RotationSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Also append every audit event, as one JSON line, to this file (the store's hash chain stays the record).</summary>
    public string? AuditFile { get; set; }

    /// <summary>
    /// Keep serving when the audit trail cannot be written (events wait in memory, up to a limit). Off by default:
    /// Keyhold fails closed and refuses requests it could not audit.
    /// </summary>
    public bool AuditFailOpen { get; set; }

    /// <summary>How often aggregated key usage is written to the store.</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}

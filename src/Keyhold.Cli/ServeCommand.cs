using System.CommandLine;
using Keyhold.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyhold.Cli;

/// <summary><c>keyhold serve</c>: runs the server (embedded SQLite by default, or PostgreSQL) until interrupted.</summary>
internal static class ServeCommand
{
    public static Command Create() => Create(Environment.GetEnvironmentVariable, RunAsync);

    /// <summary>
    /// The command with its environment and what it runs injected (the tests check how settings resolve). Each setting
    /// comes from the command line, else the environment, else the settings file, else the default.
    /// </summary>
    internal static Command Create(Func<string, string?> environment, Func<KeyholdOptions, CancellationToken, Task<int>> run)
    {
        var defaults = new KeyholdOptions();
        var config = new Option<string?>("--config")
        {
            Description = "Settings file: a JSON object or 'key = value' lines named as the options (data, listen, account-id, …) (env KEYHOLD_CONFIG). "
                + "Command line > environment > file > default.",
        };
        var data = new Option<string?>("--data") { Description = $"Data directory (env KEYHOLD_DATA; default {defaults.DataDirectory})." };
        var listen = new Option<string?>("--listen")
        {
            Description = $"HOST:PORT to listen on (env KEYHOLD_LISTEN; default {defaults.Listen}). Non-loopback needs --tls-cert.",
        };
        var dev = new Option<bool>("--dev")
        {
            Description = "Development mode (env KEYHOLD_DEV=1): signatures not checked, every caller is the account root. Loopback only.",
        };
        var accountId = new Option<string?>("--account-id")
        {
            Description = $"Account to create on first start (env KEYHOLD_ACCOUNT_ID; dev default {KeyholdOptions.DefaultDevAccountId}, otherwise random).",
        };
        var region = new Option<string?>("--region")
        {
            Description = $"Region written into the first-start admin credentials profile (env KEYHOLD_REGION; default {KeyholdOptions.DefaultRegion}).",
        };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "TLS certificate (PEM with --tls-key, or PKCS#12) (env KEYHOLD_TLS_CERT)." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "TLS private key in PEM (env KEYHOLD_TLS_KEY)." };
        var storage = new Option<string?>("--storage")
        {
            Description = $"Key store: sqlite (keyhold.db in the data directory) or postgres (env KEYHOLD_STORAGE; default {defaults.Storage}).",
        };
        storage.AcceptOnlyFromAmong(StorageKinds.Sqlite, StorageKinds.Postgres);
        var connectionString = new Option<string?>("--connection-string")
        {
            Description = "PostgreSQL connection string for --storage postgres (env KEYHOLD_CONNECTION_STRING).",
        };
        var auditFile = new Option<string?>("--audit-file")
        {
            Description = "Also append every audit event as a JSON line to this file (env KEYHOLD_AUDIT_FILE).",
        };
        var auditFailOpen = new Option<bool>("--audit-fail-open")
        {
            Description = "Keep serving when the audit trail cannot be written (env KEYHOLD_AUDIT_FAIL_OPEN=1); the default refuses requests.",
        };

        var requestHeadersTimeout = new Option<string?>("--request-headers-timeout")
        {
            Description = $"Seconds a client may take to send its request headers (env KEYHOLD_REQUEST_HEADERS_TIMEOUT; default {defaults.RequestHeadersTimeout.TotalSeconds}).",
        };
        var keepAliveTimeout = new Option<string?>("--keep-alive-timeout")
        {
            Description = $"Seconds an idle keep-alive connection stays open (env KEYHOLD_KEEP_ALIVE_TIMEOUT; default {defaults.KeepAliveTimeout.TotalSeconds}).",
        };
        var minRequestBodyRate = new Option<string?>("--min-request-body-rate")
        {
            Description = $"Slowest accepted request body upload in bytes/s after a {defaults.MinRequestBodyDataRateGracePeriod.TotalSeconds} s grace period (env KEYHOLD_MIN_REQUEST_BODY_RATE; default {defaults.MinRequestBodyBytesPerSecond}).",
        };
        var maxConnections = new Option<string?>("--max-connections")
        {
            Description = $"Open connections beyond this are refused (env KEYHOLD_MAX_CONNECTIONS; default {defaults.MaxConcurrentConnections}).",
        };

        var command = new Command("serve", "Run the Keyhold server.")
        {
            config, data, listen, dev, accountId, region, storage, connectionString, tlsCert, tlsKey, auditFile, auditFailOpen,
            requestHeadersTimeout, keepAliveTimeout, minRequestBodyRate, maxConnections,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            KeyholdOptions options;
            try
            {
                var settings = ServeSettings.Load(parse.GetValue(config) ?? environment("KEYHOLD_CONFIG"), environment);
                string? Text(Option<string?> option, string name) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : settings.Get(name);
                bool Flag(Option<bool> option, string name) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : settings.GetFlag(name);
                options = new KeyholdOptions
                {
                    DataDirectory = Text(data, "data") ?? defaults.DataDirectory,
                    Listen = Text(listen, "listen") ?? defaults.Listen,
                    Dev = Flag(dev, "dev"),
                    AccountId = Text(accountId, "account-id"),
                    Region = Text(region, "region") ?? KeyholdOptions.DefaultRegion,
                    Storage = Text(storage, "storage") ?? defaults.Storage,
                    ConnectionString = Text(connectionString, "connection-string"),
                    TlsCertificatePath = Text(tlsCert, "tls-cert"),
                    TlsKeyPath = Text(tlsKey, "tls-key"),
                    AuditFile = Text(auditFile, "audit-file"),
                    AuditFailOpen = Flag(auditFailOpen, "audit-fail-open"),
                    RequestHeadersTimeout = Seconds(Text(requestHeadersTimeout, "request-headers-timeout"), "request-headers-timeout", defaults.RequestHeadersTimeout),
                    KeepAliveTimeout = Seconds(Text(keepAliveTimeout, "keep-alive-timeout"), "keep-alive-timeout", defaults.KeepAliveTimeout),
                    MinRequestBodyBytesPerSecond = Positive(Text(minRequestBodyRate, "min-request-body-rate"), "min-request-body-rate", defaults.MinRequestBodyBytesPerSecond),
                    MaxConcurrentConnections = (long)Positive(Text(maxConnections, "max-connections"), "max-connections", defaults.MaxConcurrentConnections!.Value),
                };
                if (options.Storage is not (StorageKinds.Sqlite or StorageKinds.Postgres))
                {
                    throw new FormatException($"storage must be {StorageKinds.Sqlite} or {StorageKinds.Postgres}, not '{options.Storage}'.");
                }
            }
            catch (FormatException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"keyhold: {ex.Message}").ConfigureAwait(false);
                return 2;
            }

            return await run(options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static TimeSpan Seconds(string? text, string name, TimeSpan fallback) =>
        text is null ? fallback : TimeSpan.FromSeconds(Positive(text, name, 0));

    /// <exception cref="FormatException">The value is not a positive number.</exception>
    private static double Positive(string? text, string name, double fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value > 0 && double.IsFinite(value)
            ? value
            : throw new FormatException($"{name} must be a positive number, not '{text}'.");
    }

    private static async Task<int> RunAsync(KeyholdOptions options, CancellationToken cancellationToken)
    {
        KeyholdServer server;
        try
        {
            server = await KeyholdServer.StartAsync(options, logging: ConfigureLogging, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KeyholdStartupException ex)
        {
            await Console.Error.WriteLineAsync($"keyhold: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        await using (server.ConfigureAwait(false))
        {
            PrintBanner(options, server);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("keyhold: shutting down");
            }
        }

        return 0;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        // A failed start (port in use, bad certificate) is reported by keyhold in one line; the host's own
        // "Hosting failed to start" entry would repeat it with a stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }

    private static void PrintBanner(KeyholdOptions options, KeyholdServer server)
    {
        Console.WriteLine($"keyhold: serving the AWS KMS API at {server.Endpoint} (data: {Path.GetFullPath(options.DataDirectory)}, storage: {options.Storage}, account {server.AccountId})");
        if (options.Dev)
        {
            Console.WriteLine("keyhold: WARNING: --dev mode: request signatures are NOT verified and every caller acts as the root of account "
                + server.AccountId + ". Never use this mode for real keys.");
            Console.WriteLine($"keyhold: try: AWS_ACCESS_KEY_ID=dev AWS_SECRET_ACCESS_KEY=dev aws kms list-keys --region {options.Region} --endpoint-url {server.Endpoint}");
        }
        else if (server.CreatedCredentialsPath is not null)
        {
            Console.WriteLine($"keyhold: created administrator credentials in {server.CreatedCredentialsPath} (profile 'keyhold'). Use them with:");
            Console.WriteLine($"keyhold:   AWS_SHARED_CREDENTIALS_FILE={server.CreatedCredentialsPath} aws --profile keyhold --endpoint-url {server.Endpoint} kms list-keys");
        }
        else
        {
            Console.WriteLine($"keyhold: credentials: {Path.Combine(Path.GetFullPath(options.DataDirectory), "admin-credentials")} (profile 'keyhold')");
        }
    }
}

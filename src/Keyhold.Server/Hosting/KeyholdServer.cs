using Keyhold.Core.Storage;
using Keyhold.Crypto.Protection;
using Keyhold.Server.Protocol;
using Keyhold.Server.Sts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyhold.Server.Hosting;

/// <summary>
/// A running Keyhold server: opens the data directory (<see cref="Bootstrapper"/>), binds Kestrel and serves
/// <c>POST /</c> (the KMS API) and <c>GET /healthz</c>. Used by <c>keyhold serve</c> and by the functional tests.
/// </summary>
public sealed class KeyholdServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IKeyholdStore _store;
    private readonly DomainKeyRing _ring;
    private int _disposed;

    private KeyholdServer(WebApplication app, IKeyholdStore store, DomainKeyRing ring, Uri endpoint, string accountId, string? credentialsPath)
    {
        _app = app;
        _store = store;
        _ring = ring;
        Endpoint = endpoint;
        AccountId = accountId;
        CreatedCredentialsPath = credentialsPath;
    }

    /// <summary>The URL clients use as <c>--endpoint-url</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The default account (first-start account, or the dev account).</summary>
    public string AccountId { get; }

    /// <summary>Set when this start created the administrator credentials file.</summary>
    public string? CreatedCredentialsPath { get; }

    internal IServiceProvider Services => _app.Services;

    public static async Task<KeyholdServer> StartAsync(KeyholdOptions options, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        var listen = ListenAddress.Parse(options.Listen);
        var tls = options.TlsCertificatePath is not null;
        if (options.Dev && !listen.IsLoopback)
        {
            throw new KeyholdStartupException("--dev accepts unsigned credentials and may only listen on a loopback address (127.0.0.1 or [::1]).");
        }

        if (!listen.IsLoopback && !tls)
        {
            throw new KeyholdStartupException($"Refusing to serve plain HTTP on {options.Listen}: give --tls-cert and --tls-key to listen beyond loopback.");
        }

        var directory = new DataDirectory(Path.GetFullPath(options.DataDirectory));
        directory.EnsureExists();
        var store = StorageKinds.Create(options, directory, time);
        Bootstrapper.Result boot;
        try
        {
            boot = await new Bootstrapper(options, directory, store, time).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var builder = WebApplication.CreateSlimBuilder();
        if (logging is not null)
        {
            logging(builder.Logging);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            // Slow and idle clients (docs/operations/limits.md): each holds a connection, so each is bounded in time,
            // and the number of connections is bounded too.
            kestrel.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = options.KeepAliveTimeout;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(options.MinRequestBodyBytesPerSecond, options.MinRequestBodyDataRateGracePeriod);
            kestrel.Limits.MaxConcurrentConnections = options.MaxConcurrentConnections;
            kestrel.Listen(listen.Address, listen.Port, listenOptions =>
            {
                if (tls)
                {
                    listenOptions.UseHttps(TlsCertificateLoader.Load(options.TlsCertificatePath!, options.TlsKeyPath));
                }
            });
        });
        builder.Services.AddKeyhold(options, store, boot.Ring, boot.AccountId, time);
        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<KmsEndpoint>();
        var sts = app.Services.GetRequiredService<StsEndpoint>();
        // One URL serves two protocols, as AWS clients address it: STS's form-encoded Query API (no X-Amz-Target) for
        // sts:GetCallerIdentity, and AWS JSON 1.1 for everything else.
        app.MapPost("/", http => StsEndpoint.Accepts(http.Request) ? sts.HandleAsync(http) : endpoint.HandleAsync(http));
        app.MapGet("/healthz", static () => Results.Text("ok\n"));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await store.DisposeAsync().ConfigureAwait(false);
            boot.Ring.Dispose();
            if (ex is IOException)
            {
                // Kestrel reports a port in use (or a forbidden address) as IOException; say so in one line, not a stack trace.
                throw new KeyholdStartupException(
                    $"Cannot listen on {options.Listen}: {ex.InnerException?.Message ?? ex.Message}. Is another server using it? Choose another address with --listen.", ex);
            }

            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new UriBuilder(address);
        if (uri.Host is "0.0.0.0" or "[::]")
        {
            uri.Host = "127.0.0.1";
        }

        return new KeyholdServer(app, store, boot.Ring, uri.Uri, boot.AccountId, boot.CreatedCredentialsPath);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server and releases the store and keys; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        _ring.Dispose();
    }
}

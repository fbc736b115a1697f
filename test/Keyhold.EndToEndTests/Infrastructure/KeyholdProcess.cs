using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>
/// <c>keyhold serve</c> as a separate process on a free loopback port: started, waited for (banner and
/// <c>GET /healthz</c>), and ended the hard way (<see cref="KillAsync"/>, SIGKILL) or the polite way
/// (<see cref="StopAsync"/>, SIGTERM). Everything it prints is kept for failure messages.
/// </summary>
public sealed partial class KeyholdProcess : IAsyncDisposable
{
    private const int MaxBindAttempts = 5;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly OutputLog _stdout = new();
    private readonly OutputLog _stderr = new();
    private readonly TaskCompletionSource<string> _account = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KeyholdProcess(Process process, string dataDirectory, int port)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Append(e.Data);
            }
        };
    }

    public string DataDirectory { get; }

    public Uri Endpoint { get; }

    /// <summary>The account from the banner (<c>… account 123456789012)</c>).</summary>
    public string AccountId => _account.Task.IsCompletedSuccessfully ? _account.Task.Result : throw new InvalidOperationException("The server has not printed its banner.");

    public string CredentialsPath => Path.Combine(DataDirectory, "admin-credentials");

    public int ProcessId => _process.Id;

    public string StandardOutput => _stdout.ToString();

    public string StandardError => _stderr.ToString();

    /// <summary>Starts a server on <paramref name="dataDirectory"/>; picks another port if the chosen one was taken meanwhile.</summary>
    public static async Task<KeyholdProcess> StartAsync(string dataDirectory, params string[] extraArguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(dataDirectory, FreePort(), extraArguments);
            if (await server.WaitUntilReadyAsync())
            {
                return server;
            }

            var output = server.Describe();
            await server.DisposeAsync();
            if (attempt < MaxBindAttempts && output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw new InvalidOperationException($"keyhold serve did not become ready.\n{output}");
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power cut of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await WaitForExitAsync();
    }

    /// <summary>SIGTERM (what systemd and docker send) and wait for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        var kill = new ProcessStartInfo("kill") { ArgumentList = { "-TERM", ProcessId.ToString(CultureInfo.InvariantCulture) } };
        var sent = await ProcessRunner.RunAsync(kill, TestTimeouts.ProcessExit);
        Assert.True(sent.ExitCode == 0, $"kill -TERM {ProcessId} failed: {sent.Describe()}");
        await WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Exit code, stdout and stderr of the server so far, for assertion messages.</summary>
    public string Describe()
    {
        var state = _process.HasExited ? $"exited with code {_process.ExitCode}" : "running";
        return $"keyhold (pid {ProcessId}, {Endpoint}) {state}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.ProcessExit);
        }

        _process.Dispose();
    }

    private static KeyholdProcess Launch(string dataDirectory, int port, string[] extraArguments)
    {
        var startInfo = KeyholdExecutable.CreateStartInfo(
            ["serve", "--data", dataDirectory, "--listen", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", .. extraArguments]);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        var server = new KeyholdProcess(new Process { StartInfo = startInfo }, dataDirectory, port);
        server._process.Start();
        server._process.StandardInput.Close();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>A port nobody listens on right now. Another process may take it before keyhold binds; the caller retries.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task<bool> WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TestTimeouts.ProcessStart)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync().WaitAsync(TestTimeouts.ProcessExit);
                return false;
            }

            if (_account.Task.IsCompleted && await IsHealthyAsync())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(Endpoint, "healthz"));
            return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Trim() == "ok";
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private async Task WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.ProcessExit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"keyhold did not exit within {TestTimeouts.ProcessExit.TotalSeconds:0} s.\n{Describe()}");
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        _stdout.Append(line);
        var banner = BannerPattern().Match(line);
        if (banner.Success)
        {
            _account.TrySetResult(banner.Groups["account"].Value);
        }
    }

    // keyhold: serving the AWS KMS API at http://127.0.0.1:PORT/ (data: DIR, account 123456789012)
    [GeneratedRegex(@"^keyhold: serving the AWS KMS API at \S+ \(data: .*, account (?<account>\d{12})\)$")]
    private static partial Regex BannerPattern();
}

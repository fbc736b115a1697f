using System.Net.Sockets;
using System.Threading.Channels;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Cli.Client;
using Keyhold.Core.Errors;

namespace Keyhold.Cli.ReEncrypt;

/// <summary>
/// Re-encrypts a stream of ciphertext lines with up to <see cref="ReEncryptOptions.Parallelism"/> ReEncrypt calls
/// in flight, writing results in input order. The reader starts one task per line (bounded by a semaphore) and
/// queues it in a bounded channel; the writer awaits the queued tasks in order. Memory therefore stays bounded by
/// the queue, however long the input. A line that fails leaves an empty output line and one error line; only
/// failures no later line can escape (server unreachable, credentials refused) stop the run.
/// ReEncrypt never returns plaintext, so none passes through here.
/// </summary>
internal sealed class ReEncryptPipeline(IAmazonKeyManagementService kms, ReEncryptOptions options, Uri endpoint)
{
    /// <summary>Errors that every later line would get too: the credentials, not the ciphertext, are the problem.</summary>
    private static readonly string[] FatalErrorCodes =
    [
        KmsErrorCodes.UnrecognizedClientException,
        KmsErrorCodes.InvalidSignatureException,
        KmsErrorCodes.IncompleteSignatureException,
        KmsErrorCodes.MissingAuthenticationToken,
        "ExpiredTokenException", // AWS's answer to expired temporary credentials
    ];

    public async Task<ReEncryptSummary> RunAsync(TextReader input, TextWriter output, TextWriter errors, ProgressBar? progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(options.Parallelism);
        var queue = Channel.CreateBounded<Task<LineResult>>(new BoundedChannelOptions(options.Parallelism * 4)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var reader = ReadAsync(input, queue.Writer, slots, stop.Token);
        long line = 0, succeeded = 0, failed = 0;
        try
        {
            await foreach (var pending in queue.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var result = await pending.ConfigureAwait(false);
                line++;
                if (result.Ciphertext is not null)
                {
                    await output.WriteAsync(result.Ciphertext).ConfigureAwait(false);
                    succeeded++;
                }
                else
                {
                    failed++;
                    progress?.Clear();
                    await errors.WriteLineAsync($"line {line}: {result.Error}").ConfigureAwait(false);
                }

                await output.WriteAsync('\n').ConfigureAwait(false);
                progress?.Update(line, failed);
            }

            await reader.ConfigureAwait(false);
        }
        finally
        {
            // On a fatal error or cancellation: stop reading, and let the calls still running finish before the
            // caller disposes the client under them.
            await stop.CancelAsync().ConfigureAwait(false);
            await DrainAsync(reader, slots, queue.Reader).ConfigureAwait(false);
            progress?.Clear();
        }

        return new ReEncryptSummary(succeeded, failed);
    }

    private async Task ReadAsync(TextReader input, ChannelWriter<Task<LineResult>> queue, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                await queue.WriteAsync(ReEncryptLineAsync(line, slots, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            queue.TryComplete();
        }
    }

    private async Task<LineResult> ReEncryptLineAsync(string line, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            if (!CiphertextLine.TryParse(line, out var ciphertext, out var context, out var problem))
            {
                return new LineResult(null, problem);
            }

            using var blob = new MemoryStream(ciphertext, writable: false);
            var response = await kms.ReEncryptAsync(
                new ReEncryptRequest
                {
                    CiphertextBlob = blob,
                    SourceEncryptionContext = context ?? options.SourceContext,
                    DestinationKeyId = options.DestinationKeyId,
                    DestinationEncryptionContext = options.DestinationContext,
                },
                cancellationToken).ConfigureAwait(false);
            using var result = response.CiphertextBlob;
            return new LineResult(Convert.ToBase64String(result.ToArray()), null);
        }
        catch (AmazonKeyManagementServiceException ex) when (!FatalErrorCodes.Contains(ex.ErrorCode) && !IsConnectionFailure(ex))
        {
            return new LineResult(null, $"{ex.ErrorCode}: {ex.Message}");
        }
        catch (AmazonKeyManagementServiceException ex) when (!IsConnectionFailure(ex))
        {
            throw new CliException($"The server refused the credentials: {ex.ErrorCode}: {ex.Message}", ex);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            throw new CliException($"No Keyhold server answers at {endpoint}: {ex.Message}", ex);
        }
        finally
        {
            slots.Release();
        }
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is HttpRequestException or SocketException || ex.InnerException is HttpRequestException or SocketException;

    /// <summary>
    /// Waits for the reader and for every call it started (each holds a slot until it ends), so none runs on after
    /// the run; their failures were reported already or do not matter once the run stops.
    /// </summary>
    private async Task DrainAsync(Task reader, SemaphoreSlim slots, ChannelReader<Task<LineResult>> queue)
    {
        await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        for (var i = 0; i < options.Parallelism; i++)
        {
            await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        while (queue.TryRead(out var pending))
        {
            await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <param name="Ciphertext">The new ciphertext in base64, or null when the line failed.</param>
    /// <param name="Error">Why the line failed, as <c>Code: message</c>.</param>
    private sealed record LineResult(string? Ciphertext, string? Error);
}

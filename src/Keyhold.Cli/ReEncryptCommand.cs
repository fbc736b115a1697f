using System.CommandLine;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Cli.Client;
using Keyhold.Cli.ReEncrypt;
using Keyhold.Cli.Wire;
using Keyhold.Core.Errors;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold reencrypt --to KEY</c>: moves ciphertexts to another key (typically the new key of a rotate-alias)
/// with KMS ReEncrypt, so nothing is left that needs the old key. One ciphertext per line in, one per line out in
/// the same order; a line that fails is reported on standard error and left empty in the output.
/// </summary>
internal static class ReEncryptCommand
{
    /// <summary>Exit code when the run finished but some lines failed.</summary>
    public const int SomeLinesFailed = 3;

    public static Command Create()
    {
        var to = new Option<string>("--to") { Required = true, HelpName = "KEY", Description = "Destination key: key id, key ARN, alias name or alias ARN." };
        var input = new Option<string>("--input")
        {
            HelpName = "FILE|-",
            Description = "Ciphertexts, one per line: base64, or {\"CiphertextBlob\": \"<base64>\", \"EncryptionContext\": {...}}; - for standard input.",
            DefaultValueFactory = _ => "-",
        };
        var output = new Option<string>("--output")
        {
            HelpName = "FILE|-",
            Description = "New ciphertexts in base64, one per input line in the same order (empty where a line failed); - for standard output.",
            DefaultValueFactory = _ => "-",
        };
        var context = new Option<string?>("--context") { HelpName = "JSON", Description = "Encryption context of the input ciphertexts as a JSON object (a JSON line's own EncryptionContext wins)." };
        var toContext = new Option<string?>("--to-context") { HelpName = "JSON", Description = "Encryption context for the new ciphertexts as a JSON object." };
        var parallel = new Option<int>("--parallel") { HelpName = "N", Description = "ReEncrypt calls in flight at once.", DefaultValueFactory = _ => 8 };
        parallel.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 256)
            {
                result.AddError("--parallel must be between 1 and 256.");
            }
        });

        var command = new Command("reencrypt", "Re-encrypt ciphertexts under another key (KMS ReEncrypt); plaintext never leaves the server.")
        {
            to, input, output, context, toContext, parallel,
        };
        ClientAction.Set(command, new ClientOptions(), async run =>
        {
            var parse = run.Parse;
            var options = new ReEncryptOptions(
                parse.GetValue(to)!,
                ReadContext(parse.GetValue(context), "--context"),
                ReadContext(parse.GetValue(toContext), "--to-context"),
                parse.GetValue(parallel));
            return await RunAsync(run, options, parse.GetValue(input)!, parse.GetValue(output)!).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CommandContext run, ReEncryptOptions options, string inputPath, string outputPath)
    {
        if (inputPath != "-" && outputPath != "-" && Path.GetFullPath(inputPath) == Path.GetFullPath(outputPath))
        {
            throw new CliException("--output must not be the --input file: it would be overwritten while it is read.");
        }

        using var kms = run.Connection.CreateKmsClient();
        await CheckDestinationAsync(kms, run.Connection, options.DestinationKeyId, run.CancellationToken).ConfigureAwait(false);

        using var input = OpenInput(inputPath);
        var output = OpenOutput(outputPath, run.Output);
        ReEncryptSummary summary;
        try
        {
            var progress = Console.IsErrorRedirected || !ReferenceEquals(run.Error, Console.Error)
                ? null
                : new ProgressBar(run.Error, inputPath == "-" ? null : CountLines(inputPath), TimeProvider.System);
            summary = await new ReEncryptPipeline(kms, options, run.Connection.Endpoint)
                .RunAsync(input, output, run.Error, progress, run.CancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new CliException($"Reading {Describe(inputPath, "standard input")} or writing {Describe(outputPath, "standard output")} failed: {ex.Message}", ex);
        }
        finally
        {
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (!ReferenceEquals(output, run.Output))
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }
        }

        await run.Error.WriteLineAsync($"re-encrypted {summary.Succeeded}, failed {summary.Failed}").ConfigureAwait(false);
        return summary.Failed == 0 ? 0 : SomeLinesFailed;
    }

    /// <summary>
    /// Fails fast, with one message, on what would otherwise fail every line: no server, bad credentials, no such
    /// key. A caller allowed kms:ReEncrypt* but not kms:DescribeKey is let through: the lines will tell.
    /// </summary>
    private static async Task CheckDestinationAsync(AmazonKeyManagementServiceClient kms, ServerConnection connection, string keyId, CancellationToken cancellationToken)
    {
        try
        {
            await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonKeyManagementServiceException ex) when (ex.ErrorCode == KmsErrorCodes.AccessDeniedException)
        {
            // Not allowed to look, which says nothing about ReEncrypt.
        }
        catch (AmazonKeyManagementServiceException ex) when (ex.InnerException is not (HttpRequestException or SocketException))
        {
            throw new CliException($"{ex.ErrorCode}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException || ex.InnerException is HttpRequestException or SocketException)
        {
            throw new CliException($"No Keyhold server answers at {connection.Endpoint}: {ex.Message}", ex);
        }
    }

    private static Dictionary<string, string>? ReadContext(string? json, string option)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, CliJsonContext.Default.DictionaryStringString)
                ?? throw new CliException($"{option} must be a JSON object of strings, e.g. {{\"purpose\": \"billing\"}}.");
        }
        catch (JsonException ex)
        {
            throw new CliException($"{option} must be a JSON object of strings, e.g. {{\"purpose\": \"billing\"}}: {ex.Message}", ex);
        }
    }

    private static StreamReader OpenInput(string path)
    {
        if (path == "-")
        {
            return new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
        }

        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { Options = FileOptions.SequentialScan });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read --input {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Standard output is the invocation's writer, buffered when it is the console itself.</summary>
    private static TextWriter OpenOutput(string path, TextWriter standardOutput)
    {
        try
        {
            if (path != "-")
            {
                return new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
            }

            return ReferenceEquals(standardOutput, Console.Out)
                ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024)
                : standardOutput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write --output {path}: {ex.Message}", ex);
        }
    }

    private static long CountLines(string path)
    {
        try
        {
            return File.ReadLines(path).LongCount();
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Describe(string path, string standard) => path == "-" ? standard : path;
}

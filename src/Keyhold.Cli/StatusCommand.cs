using System.CommandLine;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Keyhold.Cli.Client;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold status</c>: finds the server and credentials as AWS tools do, checks <c>/healthz</c>, then makes one
/// signed KMS call to prove the credentials work.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var client = new ClientOptions();
        var command = new Command("status", "Check that a Keyhold server is reachable and that your credentials work.");
        client.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var connection = client.Resolve(parse);
                return await RunAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (CliException ex)
            {
                await Console.Error.WriteLineAsync($"keyhold: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ServerConnection connection, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var health = await http.GetStringAsync(new Uri(connection.Endpoint, "/healthz"), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"endpoint:    {connection.Endpoint} ({health.Trim()})");
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"No Keyhold server answers at {connection.Endpoint}: {ex.Message}");
        }

        using var kms = connection.CreateKmsClient();
        try
        {
            var keys = await kms.ListKeysAsync(new ListKeysRequest { Limit = 1000 }, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"region:      {connection.Region}");
            Console.WriteLine($"credentials: {connection.CredentialSource} (accepted)");
            Console.WriteLine($"keys:        {keys.Keys?.Count ?? 0}{(keys.Truncated == true ? "+" : string.Empty)}");
            return 0;
        }
        catch (AmazonKeyManagementServiceException ex)
        {
            throw new CliException($"The server refused the credentials from {connection.CredentialSource}: {ex.ErrorCode}: {ex.Message}");
        }
    }
}

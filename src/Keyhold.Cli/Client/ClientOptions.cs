using System.CommandLine;

namespace Keyhold.Cli.Client;

/// <summary>
/// The options every command that talks to a running server takes, resolved the way AWS tools resolve them:
/// the flag, else the standard environment variable (AWS_ENDPOINT_URL_KMS / AWS_ENDPOINT_URL, AWS_PROFILE,
/// AWS_REGION / AWS_DEFAULT_REGION; credentials through AWS_SHARED_CREDENTIALS_FILE and the SDK's default chain).
/// </summary>
internal sealed class ClientOptions
{
    public const string DefaultEndpoint = "http://127.0.0.1:4599";

    public Option<string?> EndpointUrl { get; } = new("--endpoint-url") { Description = $"Keyhold endpoint (env AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL; default {DefaultEndpoint})." };

    public Option<string?> Profile { get; } = new("--profile") { Description = "Credentials profile (env AWS_PROFILE)." };

    public Option<string?> Region { get; } = new("--region") { Description = "Region (env AWS_REGION, AWS_DEFAULT_REGION, or the profile's region)." };

    public void AddTo(Command command)
    {
        command.Options.Add(EndpointUrl);
        command.Options.Add(Profile);
        command.Options.Add(Region);
    }

    public ServerConnection Resolve(ParseResult parse) => ServerConnection.Resolve(
        parse.GetValue(EndpointUrl),
        parse.GetValue(Profile),
        parse.GetValue(Region));
}

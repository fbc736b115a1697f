using System.CommandLine;
using Keyhold.Cli.Client;
using Keyhold.Server.Hosting;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold profile</c>: prints a ready <c>~/.aws/config</c> block that points the AWS CLI and SDKs at Keyhold through
/// the shared <c>endpoint_url</c> setting (aws CLI v1 ≥ 1.29 and v2 ≥ 2.13, boto3 ≥ 1.28, the JavaScript v3 and .NET SDKs).
/// </summary>
internal static class ProfileCommand
{
    public static Command Create() => Create(Environment.GetEnvironmentVariable);

    /// <summary>The command reading environment variables through <paramref name="environment"/> (the tests pass their own).</summary>
    internal static Command Create(Func<string, string?> environment)
    {
        var profileName = new Option<string>("--profile-name")
        {
            Description = "Name of the profile to print (default keyhold).",
            DefaultValueFactory = _ => "keyhold",
        };
        var endpoint = new Option<string?>("--endpoint-url")
        {
            Description = $"Keyhold endpoint (env AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL; default {ClientOptions.DefaultEndpoint}).",
        };
        var region = new Option<string?>("--region")
        {
            Description = $"Region (env AWS_REGION, AWS_DEFAULT_REGION; default {KeyholdOptions.DefaultRegion}).",
        };
        var servicesOnly = new Option<bool>("--services-only")
        {
            Description = "Send only KMS and STS to Keyhold (a [services] section) instead of every service of the profile.",
        };
        var command = new Command("profile", "Print a ~/.aws/config profile for this Keyhold endpoint.") { profileName, endpoint, region, servicesOnly };
        command.SetAction(parse =>
        {
            var url = (parse.GetValue(endpoint) ?? environment("AWS_ENDPOINT_URL_KMS") ?? environment("AWS_ENDPOINT_URL") ?? ClientOptions.DefaultEndpoint).TrimEnd('/');
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            {
                parse.InvocationConfiguration.Error.WriteLine($"keyhold: --endpoint-url must be an http:// or https:// URL, not '{url}'.");
                return 2;
            }

            var name = parse.GetValue(profileName)!;
            var regionName = parse.GetValue(region) ?? environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? KeyholdOptions.DefaultRegion;
            parse.InvocationConfiguration.Output.Write(Render(name, url, regionName, parse.GetValue(servicesOnly)));
            return 0;
        });
        return command;
    }

    /// <summary>The config block; <c>[default]</c> has no <c>profile</c> prefix in the config file.</summary>
    internal static string Render(string profileName, string endpointUrl, string region, bool servicesOnly)
    {
        var section = profileName == "default" ? "[default]" : $"[profile {profileName}]";
        var lines = new List<string>
        {
            $"# Keyhold at {endpointUrl}. Credentials: the server's admin-credentials (profile keyhold, e.g. with",
            "# AWS_SHARED_CREDENTIALS_FILE=~/.keyhold/admin-credentials) or a file from `keyhold access-keys create`.",
            section,
            $"region = {region}",
        };
        if (servicesOnly)
        {
            // Only these services go to Keyhold; the profile's other services keep their AWS endpoints.
            var services = $"{profileName}-keyhold";
            lines.AddRange([
                $"services = {services}",
                string.Empty,
                $"[services {services}]",
                "kms =",
                $"  endpoint_url = {endpointUrl}",
                "sts =",
                $"  endpoint_url = {endpointUrl}",
            ]);
        }
        else
        {
            lines.Add($"endpoint_url = {endpointUrl}");
        }

        return string.Join('\n', lines) + "\n";
    }
}

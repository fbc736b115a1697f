namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>An access key and its region, read from a shared-credentials profile the server or <c>keyhold access-keys</c> wrote.</summary>
internal sealed record Credentials(string Profile, string AccessKeyId, string SecretAccessKey, string Region, string FilePath)
{
    /// <summary>Reads the first profile of a credentials file (the only one in the files Keyhold writes).</summary>
    public static Credentials Read(string path)
    {
        string? profile = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path).Select(l => l.Trim()))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                if (profile is not null)
                {
                    break;
                }

                profile = line[1..^1];
            }
            else if (line.Split('=', 2) is [var name, var value])
            {
                values[name.Trim()] = value.Trim();
            }
        }

        return new Credentials(
            profile ?? throw new FormatException($"{path} has no profile."),
            values["aws_access_key_id"],
            values["aws_secret_access_key"],
            values.GetValueOrDefault("region", KmsClients.Region),
            path);
    }
}

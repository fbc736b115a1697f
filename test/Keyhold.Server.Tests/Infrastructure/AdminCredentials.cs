namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>The profile <c>keyhold</c> of the shared-credentials file a server writes on first start.</summary>
public sealed record AdminCredentials(string AccessKeyId, string SecretAccessKey)
{
    public static AdminCredentials Read(string path, bool dev)
    {
        if (!File.Exists(path))
        {
            return dev ? new AdminCredentials("AKIADEVELOPMENTONLY0", "dev-secret") : throw new FileNotFoundException("The server did not write admin credentials.", path);
        }

        string? id = null, secret = null;
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                continue;
            }

            if (parts[0] == "aws_access_key_id")
            {
                id = parts[1];
            }
            else if (parts[0] == "aws_secret_access_key")
            {
                secret = parts[1];
            }
        }

        return new AdminCredentials(
            id ?? throw new InvalidDataException($"{path} has no aws_access_key_id"),
            secret ?? throw new InvalidDataException($"{path} has no aws_secret_access_key"));
    }
}

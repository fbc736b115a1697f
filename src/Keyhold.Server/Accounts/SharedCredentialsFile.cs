using System.Text;

namespace Keyhold.Server.Accounts;

/// <summary>Writes an AWS shared-credentials file (INI, one profile), owner-only, atomically (temp file + rename).</summary>
internal static class SharedCredentialsFile
{
    /// <summary>The profile as INI text: <c>[profile]</c>, the key id, the secret and the region.</summary>
    public static string Format(string profile, string accessKeyId, string secret, string region) =>
        new StringBuilder()
            .Append('[').Append(profile).Append("]\n")
            .Append("aws_access_key_id = ").Append(accessKeyId).Append('\n')
            .Append("aws_secret_access_key = ").Append(secret).Append('\n')
            .Append("region = ").Append(region).Append('\n')
            .ToString();

    public static void Write(string path, string profile, string accessKeyId, string secret, string region)
    {
        var text = Format(profile, accessKeyId, secret, region);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}

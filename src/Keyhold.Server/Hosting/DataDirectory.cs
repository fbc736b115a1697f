namespace Keyhold.Server.Hosting;

/// <summary>The files of a data directory.</summary>
internal sealed record DataDirectory(string Root)
{
    public string Database => Path.Combine(Root, "keyhold.db");

    public string RootKey => Path.Combine(Root, "root.key");

    public string AdminCredentials => Path.Combine(Root, "admin-credentials");

    public void EnsureExists()
    {
        if (!Directory.Exists(Root))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Root);
            }
            else
            {
                Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using Keyhold.Crypto.Protection;

namespace Keyhold.Crypto.RootKeys;

/// <summary>
/// Root key held in a file (<c>&lt;data&gt;/root.key</c>, mode 0600): one line <c>keyhold-root-key-v1:BASE64</c>
/// holding 32 random bytes. Domain keys are wrapped as <c>0x01 || nonce || AES-256-GCM(domain key) || tag</c>.
/// </summary>
public sealed class FileRootKeyProvider : IRootKeyProvider, IDisposable
{
    private const string FilePrefix = "keyhold-root-key-v1:";
    private const byte WrapVersion = 0x01;
    private readonly byte[] _key;

    private FileRootKeyProvider(byte[] key, string path)
    {
        _key = key;
        Description = $"root key file {path}";
        Fingerprint = ComputeFingerprint(key);
    }

    public string Fingerprint { get; }

    public string Description { get; }

    /// <summary>Whether a root key file exists at <paramref name="path"/>.</summary>
    public static bool Exists(string path) => File.Exists(path);

    /// <summary>Creates a new random root key file (fails if one exists) with owner-only permissions.</summary>
    public static FileRootKeyProvider Create(string path)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(FilePrefix + Convert.ToBase64String(key) + "\n"));
            stream.Flush(flushToDisk: true);
        }

        return new FileRootKeyProvider(key, path);
    }

    /// <summary>Loads an existing root key file; throws <see cref="RootKeyMismatchException"/> with a clear message if it is malformed.</summary>
    public static FileRootKeyProvider Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>
    /// Reads the contents of a root key file that came from elsewhere (a backup, a file to be copied in);
    /// <paramref name="path"/> only names it in messages. Throws <see cref="RootKeyMismatchException"/> if it is malformed.
    /// </summary>
    public static FileRootKeyProvider Parse(string contents, string path)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var text = contents.Trim();
        byte[] key;
        try
        {
            key = text.StartsWith(FilePrefix, StringComparison.Ordinal)
                ? Convert.FromBase64String(text[FilePrefix.Length..])
                : [];
        }
        catch (FormatException)
        {
            key = [];
        }

        if (key.Length != 32)
        {
            throw new RootKeyMismatchException($"The root key file {path} is malformed: expected one line '{FilePrefix}' followed by 32 base64-encoded bytes.");
        }

        return new FileRootKeyProvider(key, path);
    }

    public byte[] Wrap(ReadOnlySpan<byte> domainKey, ReadOnlySpan<byte> associatedData) =>
        AesGcmSeal.Seal(_key, [WrapVersion], domainKey, associatedData);

    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> associatedData)
    {
        if (wrapped.IsEmpty || wrapped[0] != WrapVersion)
        {
            throw new RootKeyMismatchException($"A wrapped domain key has an unknown format; it was not written by {Description}.");
        }

        return AesGcmSeal.Open(_key, wrapped, 1, associatedData)
            ?? throw new RootKeyMismatchException($"{Description} cannot unwrap the stored domain key: this is not the root key the data was sealed with.");
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    private static string ComputeFingerprint(byte[] key)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, "keyhold/v1/root-key-fingerprint"u8, mac);
        return Convert.ToHexStringLower(mac[..8]);
    }
}

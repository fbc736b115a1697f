using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Keyhold.Crypto.Protection;
using Keyhold.Crypto.RootKeys;
using Keyhold.Crypto.Tests.TestSupport;

namespace Keyhold.Crypto.Tests.RootKeys;

public sealed class FileRootKeyProviderTests : IDisposable
{
    private static readonly byte[] DomainKeyAad = "keyhold/v1/domain-key/1"u8.ToArray();
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Create_NewPath_WritesOwnerOnlyFile()
    {
        var path = _directory.File("root.key");

        using var root = FileRootKeyProvider.Create(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Create_NewPath_WritesOneLineWithPrefixAnd32Bytes()
    {
        var path = _directory.File("root.key");

        using var root = FileRootKeyProvider.Create(path);

        var text = File.ReadAllText(path, Encoding.ASCII);
        var match = Regex.Match(text, @"^keyhold-root-key-v1:([A-Za-z0-9+/]{43}=)\n\z", RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"unexpected root key file layout ({text.Length} characters)");
        Assert.Equal(32, Convert.FromBase64String(match.Groups[1].Value).Length);
        Assert.True(FileRootKeyProvider.Exists(path));
    }

    [Fact]
    public void Create_ExistingFile_ThrowsIOExceptionAndKeepsFile()
    {
        var path = _directory.File("root.key");
        using (FileRootKeyProvider.Create(path))
        {
        }

        var before = File.ReadAllBytes(path);

        Assert.Throws<IOException>(() => FileRootKeyProvider.Create(path));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Create_TwoFiles_HaveDifferentFingerprints()
    {
        using var first = FileRootKeyProvider.Create(_directory.File("a.key"));
        using var second = FileRootKeyProvider.Create(_directory.File("b.key"));

        Assert.Matches("^[0-9a-f]{16}$", first.Fingerprint);
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
    }

    [Fact]
    public void Load_CreatedFile_HasSameFingerprintAndUnwraps()
    {
        var path = _directory.File("root.key");
        var domainKey = RandomNumberGenerator.GetBytes(32);
        using var created = FileRootKeyProvider.Create(path);
        var wrapped = created.Wrap(domainKey, DomainKeyAad);

        using var loaded = FileRootKeyProvider.Load(path);

        Assert.Equal(created.Fingerprint, loaded.Fingerprint);
        Assert.Equal(domainKey, loaded.Unwrap(wrapped, DomainKeyAad));
        Assert.Contains(path, loaded.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a root key")]
    [InlineData("keyhold-root-key-v1:")]
    [InlineData("keyhold-root-key-v1:!!not-base64!!")]
    [InlineData("keyhold-root-key-v1:AAECAwQFBgcICQoLDA0ODw==")] // 16 bytes
    [InlineData("keyhold-root-key-v2:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")] // unknown prefix
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")] // no prefix
    public void Load_MalformedFile_ThrowsRootKeyMismatchWithClearMessage(string content)
    {
        var path = _directory.File("root.key");
        File.WriteAllText(path, content);

        var exception = Assert.Throws<RootKeyMismatchException>(() => FileRootKeyProvider.Load(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("malformed", exception.Message, StringComparison.Ordinal);
        Assert.Contains("keyhold-root-key-v1:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValidKeyWithoutTrailingNewline_Loads()
    {
        var path = _directory.File("root.key");
        File.WriteAllText(path, "keyhold-root-key-v1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

        using var root = FileRootKeyProvider.Load(path);

        Assert.Matches("^[0-9a-f]{16}$", root.Fingerprint);
    }

    [Fact]
    public void Wrap_DomainKey_NeverWritesItToTheFile()
    {
        var path = _directory.File("root.key");
        using var root = FileRootKeyProvider.Create(path);
        var before = File.ReadAllBytes(path);
        var domainKey = RandomNumberGenerator.GetBytes(32);

        _ = root.Wrap(domainKey, DomainKeyAad);
        _ = DomainKeyRing.CreateDomainKey(root, 2, DateTimeOffset.UnixEpoch);

        var after = File.ReadAllBytes(path);
        Assert.Equal(before, after);
        Assert.Equal(-1, after.AsSpan().IndexOf(domainKey));
        Assert.DoesNotContain(Convert.ToBase64String(domainKey), Encoding.ASCII.GetString(after), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void Wrap_Output_IsVersionNonceCiphertextTag()
    {
        using var root = FileRootKeyProvider.Create(_directory.File("root.key"));

        var wrapped = root.Wrap(new byte[32], DomainKeyAad);

        Assert.Equal(1 + 12 + 32 + 16, wrapped.Length);
        Assert.Equal(0x01, wrapped[0]);
    }

    [Fact]
    public void Unwrap_WithOtherRootKey_ThrowsRootKeyMismatch()
    {
        using var root = FileRootKeyProvider.Create(_directory.File("a.key"));
        using var other = FileRootKeyProvider.Create(_directory.File("b.key"));
        var wrapped = root.Wrap(RandomNumberGenerator.GetBytes(32), DomainKeyAad);

        Assert.Throws<RootKeyMismatchException>(() => other.Unwrap(wrapped, DomainKeyAad));
    }

    [Fact]
    public void Unwrap_OtherAssociatedData_ThrowsRootKeyMismatch()
    {
        using var root = FileRootKeyProvider.Create(_directory.File("root.key"));
        var wrapped = root.Wrap(RandomNumberGenerator.GetBytes(32), DomainKeyAad);

        Assert.Throws<RootKeyMismatchException>(() => root.Unwrap(wrapped, "keyhold/v1/domain-key/2"u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("02")]
    [InlineData("01")]
    public void Unwrap_UnknownOrTruncatedFormat_ThrowsRootKeyMismatch(string hex)
    {
        using var root = FileRootKeyProvider.Create(_directory.File("root.key"));

        Assert.Throws<RootKeyMismatchException>(() => root.Unwrap(Convert.FromHexString(hex), DomainKeyAad));
    }
}

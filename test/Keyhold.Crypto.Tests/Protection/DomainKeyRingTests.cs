using System.Security.Cryptography;
using Keyhold.Core.Protection;
using Keyhold.Crypto.Protection;
using Keyhold.Crypto.RootKeys;
using Keyhold.Crypto.Tests.TestSupport;

namespace Keyhold.Crypto.Tests.Protection;

public sealed class DomainKeyRingTests : IDisposable
{
    private const string Purpose = "key-material/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/1";
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly FileRootKeyProvider _root;

    public DomainKeyRingTests()
    {
        _root = FileRootKeyProvider.Create(_directory.File("root.key"));
    }

    public void Dispose()
    {
        _root.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void CreateDomainKey_Record_CarriesIdFingerprintAndTime()
    {
        var record = DomainKeyRing.CreateDomainKey(_root, 3, Now);

        Assert.Equal(3, record.Id);
        Assert.Equal(_root.Fingerprint, record.RootKeyFingerprint);
        Assert.Equal(Now, record.CreatedAt);
        Assert.Equal(1 + 12 + 32 + 16, record.WrappedKey.Length);
    }

    [Fact]
    public void Seal_ThenOpen_ReturnsSecret()
    {
        using var ring = DomainKeyRing.Open(_root, [DomainKeyRing.CreateDomainKey(_root, 1, Now)]);
        var secret = RandomNumberGenerator.GetBytes(32);

        var sealedSecret = ring.Seal(secret, Purpose);

        Assert.Equal(secret, ring.Open(sealedSecret, Purpose));
    }

    [Fact]
    public void Seal_Output_StartsWithVersionAndDomainKeyId()
    {
        using var ring = DomainKeyRing.Open(_root, [DomainKeyRing.CreateDomainKey(_root, 0x01020304, Now)]);

        var sealedSecret = ring.Seal(new byte[32], Purpose);

        Assert.Equal(5 + 12 + 32 + 16, sealedSecret.Length);
        Assert.Equal("0101020304", Convert.ToHexStringLower(sealedSecret.AsSpan(0, 5)));
    }

    [Fact]
    public void Open_DifferentPurpose_ThrowsCryptographicException()
    {
        using var ring = DomainKeyRing.Open(_root, [DomainKeyRing.CreateDomainKey(_root, 1, Now)]);
        var sealedSecret = ring.Seal("secret"u8, "access-key/AKIAEXAMPLE1");

        Assert.Throws<CryptographicException>(() => ring.Open(sealedSecret, "access-key/AKIAEXAMPLE2"));
    }

    [Fact]
    public void Open_TamperedBlob_ThrowsCryptographicException()
    {
        using var ring = DomainKeyRing.Open(_root, [DomainKeyRing.CreateDomainKey(_root, 1, Now)]);
        var sealedSecret = ring.Seal("secret"u8, Purpose);

        for (var i = 0; i < sealedSecret.Length; i++)
        {
            var tampered = (byte[])sealedSecret.Clone();
            tampered[i] ^= 0x01;
            Assert.Throws<CryptographicException>(() => ring.Open(tampered, Purpose));
        }
    }

    [Fact]
    public void Open_TruncatedBlob_ThrowsCryptographicException()
    {
        using var ring = DomainKeyRing.Open(_root, [DomainKeyRing.CreateDomainKey(_root, 1, Now)]);
        var sealedSecret = ring.Seal("secret"u8, Purpose);

        for (var length = 0; length < sealedSecret.Length; length++)
        {
            Assert.Throws<CryptographicException>(() => ring.Open(sealedSecret.AsSpan(0, length), Purpose));
        }
    }

    [Fact]
    public void Open_BlobSealedByAnotherRing_ThrowsCryptographicException()
    {
        using var ringA = DomainKeyRing.Open(_root, [DomainKeyRing.CreateDomainKey(_root, 1, Now)]);
        using var ringB = DomainKeyRing.Open(_root, [DomainKeyRing.CreateDomainKey(_root, 1, Now)]);
        var sealedSecret = ringA.Seal("secret"u8, Purpose);

        Assert.Throws<CryptographicException>(() => ringB.Open(sealedSecret, Purpose));
    }

    [Fact]
    public void Open_UnknownDomainKeyId_ThrowsCryptographicException()
    {
        using var newer = DomainKeyRing.Open(_root, [DomainKeyRing.CreateDomainKey(_root, 2, Now)]);
        using var older = DomainKeyRing.Open(_root, [DomainKeyRing.CreateDomainKey(_root, 1, Now)]);
        var sealedSecret = newer.Seal("secret"u8, Purpose);

        var exception = Assert.Throws<CryptographicException>(() => older.Open(sealedSecret, Purpose));
        Assert.Contains("domain key 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TwoDomainKeys_OpensOlderBlobsAndSealsWithNewest()
    {
        var first = DomainKeyRing.CreateDomainKey(_root, 1, Now);
        var second = DomainKeyRing.CreateDomainKey(_root, 2, Now.AddDays(90));
        byte[] oldBlob;
        using (var oldRing = DomainKeyRing.Open(_root, [first]))
        {
            oldBlob = oldRing.Seal("old secret"u8, Purpose);
        }

        // Records in any order: the newest (highest id) key seals.
        using var ring = DomainKeyRing.Open(_root, [second, first]);
        var newBlob = ring.Seal("new secret"u8, Purpose);

        Assert.Equal("old secret"u8.ToArray(), ring.Open(oldBlob, Purpose));
        Assert.Equal("new secret"u8.ToArray(), ring.Open(newBlob, Purpose));
        Assert.Equal("0100000002", Convert.ToHexStringLower(newBlob.AsSpan(0, 5)));
    }

    [Fact]
    public void Open_NoRecords_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => DomainKeyRing.Open(_root, []));
    }

    [Fact]
    public void Open_DifferentRootKey_ThrowsRootKeyMismatchNamingBothFingerprints()
    {
        var record = DomainKeyRing.CreateDomainKey(_root, 1, Now);
        using var otherRoot = FileRootKeyProvider.Create(_directory.File("other.key"));

        var exception = Assert.Throws<RootKeyMismatchException>(() => DomainKeyRing.Open(otherRoot, [record]));

        Assert.Contains(_root.Fingerprint, exception.Message, StringComparison.Ordinal);
        Assert.Contains(otherRoot.Fingerprint, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ForgedFingerprintWithWrongRootKey_ThrowsRootKeyMismatch()
    {
        var record = DomainKeyRing.CreateDomainKey(_root, 1, Now);
        using var otherRoot = FileRootKeyProvider.Create(_directory.File("other.key"));
        var forged = record with { RootKeyFingerprint = otherRoot.Fingerprint };

        Assert.Throws<RootKeyMismatchException>(() => DomainKeyRing.Open(otherRoot, [forged]));
    }

    [Fact]
    public void Open_WrappedKeyMovedToAnotherId_ThrowsRootKeyMismatch()
    {
        var record = DomainKeyRing.CreateDomainKey(_root, 1, Now);
        var moved = new DomainKeyRecord(2, record.WrappedKey, record.RootKeyFingerprint, record.CreatedAt);

        Assert.Throws<RootKeyMismatchException>(() => DomainKeyRing.Open(_root, [moved]));
    }
}

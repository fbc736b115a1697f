using System.Security.Cryptography;
using Keyhold.Crypto.Protection;

namespace Keyhold.Crypto.Tests.Protection;

public class AesGcmSealTests
{
    // McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", revised 2005, Appendix B, Test Case 16
    // (AES-256, 96-bit IV, with additional data); the GCM spec NIST published with its proposed modes:
    // https://csrc.nist.gov/groups/ST/toolkit/BCM/documents/proposedmodes/gcm/gcm-spec.pdf
    private static readonly byte[] Key = Convert.FromHexString("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    private static readonly byte[] Iv = Convert.FromHexString("cafebabefacedbaddecaf888");
    private static readonly byte[] Plaintext = Convert.FromHexString(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    private static readonly byte[] AssociatedData = Convert.FromHexString("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    private static readonly byte[] Ciphertext = Convert.FromHexString(
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662");
    private static readonly byte[] Tag = Convert.FromHexString("76fc6ece0f4e1768cddf8853bb2d551b");

    [Fact]
    public void Open_GcmSpecTestCase16_ReturnsPublishedPlaintext()
    {
        byte[] sealedData = [0xAB, 0xCD, .. Iv, .. Ciphertext, .. Tag];

        Assert.Equal(Plaintext, AesGcmSeal.Open(Key, sealedData, 2, AssociatedData));
    }

    [Fact]
    public void Open_GcmSpecTestCase16WithoutPrefix_ReturnsPublishedPlaintext()
    {
        byte[] sealedData = [.. Iv, .. Ciphertext, .. Tag];

        Assert.Equal(Plaintext, AesGcmSeal.Open(Key, sealedData, 0, AssociatedData));
    }

    [Fact]
    public void Open_GcmSpecTestCase16WithFlippedTagBit_ReturnsNull()
    {
        byte[] sealedData = [.. Iv, .. Ciphertext, .. Tag];
        sealedData[^1] ^= 0x01;

        Assert.Null(AesGcmSeal.Open(Key, sealedData, 0, AssociatedData));
    }

    [Fact]
    public void Open_GcmSpecTestCase16WithOtherAssociatedData_ReturnsNull()
    {
        byte[] sealedData = [.. Iv, .. Ciphertext, .. Tag];

        Assert.Null(AesGcmSeal.Open(Key, sealedData, 0, AssociatedData.AsSpan(1)));
    }

    [Fact]
    public void Seal_Output_IsPrefixNonceCiphertextTagThatPlainAesGcmOpens()
    {
        byte[] prefix = [0x01, 0x02, 0x03];

        var sealedData = AesGcmSeal.Seal(Key, prefix, Plaintext, AssociatedData);

        Assert.Equal(prefix.Length + 12 + Plaintext.Length + 16, sealedData.Length);
        Assert.Equal(prefix, sealedData[..3]);
        var decrypted = new byte[Plaintext.Length];
        using var aes = new AesGcm(Key, 16);
        aes.Decrypt(sealedData.AsSpan(3, 12), sealedData.AsSpan(15, Plaintext.Length), sealedData.AsSpan(^16), decrypted, AssociatedData);
        Assert.Equal(Plaintext, decrypted);
    }

    [Fact]
    public void Seal_SamePlaintextTwice_UsesDifferentNonces()
    {
        var first = AesGcmSeal.Seal(Key, [], Plaintext, AssociatedData);
        var second = AesGcmSeal.Seal(Key, [], Plaintext, AssociatedData);

        Assert.NotEqual(first[..12], second[..12]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void Seal_ThenOpen_ReturnsPlaintext(int length)
    {
        var plaintext = RandomNumberGenerator.GetBytes(length);

        var sealedData = AesGcmSeal.Seal(Key, [0x09], plaintext, AssociatedData);

        Assert.Equal(plaintext, AesGcmSeal.Open(Key, sealedData, 1, AssociatedData));
    }

    [Fact]
    public void Open_ShorterThanPrefixNonceAndTag_ReturnsNull()
    {
        var sealedData = AesGcmSeal.Seal(Key, [0x09], [], AssociatedData);

        for (var length = 0; length < sealedData.Length; length++)
        {
            Assert.Null(AesGcmSeal.Open(Key, sealedData.AsSpan(0, length), 1, AssociatedData));
        }
    }
}

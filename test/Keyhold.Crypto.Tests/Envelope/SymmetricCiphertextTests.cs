using System.Buffers.Binary;
using System.Security.Cryptography;
using Keyhold.Crypto.Envelope;

namespace Keyhold.Crypto.Tests.Envelope;

public class SymmetricCiphertextTests
{
    private static readonly Guid KeyId = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    private static readonly byte[] Material = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly Dictionary<string, string> Context = new() { ["tenant"] = "acme", ["purpose"] = "test" };

    [Fact]
    public void Hkdf_Rfc5869TestCase1_MatchesPublishedOutput()
    {
        // RFC 5869, Appendix A.1 "Test Case 1: Basic test case with SHA-256" (https://www.rfc-editor.org/rfc/rfc5869#appendix-A.1).
        var ikm = Convert.FromHexString("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        var salt = Convert.FromHexString("000102030405060708090a0b0c");
        var info = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9");
        const string Prk = "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5";
        const string Okm = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865";

        Assert.Equal(Prk, Convert.ToHexStringLower(HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt)));
        Assert.Equal(Okm, Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 42, salt, info)));

        // The exact overload SymmetricCiphertext uses (span output, 32 bytes) yields the first 32 bytes of the OKM.
        Span<byte> messageKey = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, messageKey, salt, info);
        Assert.Equal(Okm[..64], Convert.ToHexStringLower(messageKey));
    }

    [Fact]
    public void Encrypt_FixedSaltAndNonce_MatchesBlobBuiltFromDocumentedLayout()
    {
        var salt = Convert.FromHexString("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
        var nonce = Convert.FromHexString("b0b1b2b3b4b5b6b7b8b9babb");
        var plaintext = "Keyhold known-answer"u8.ToArray();

        var blob = SymmetricCiphertext.Encrypt(KeyId, 7, Material, plaintext, Context, salt, nonce);

        // Independently, from docs/designs/ciphertext-format.md with plain BCL calls:
        // header = version 0x01 | key id (RFC 4122 order) | material version (uint32 BE) | salt | nonce.
        var header = Convert.FromHexString(
            "01" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0" + "00000007" + "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf" + "b0b1b2b3b4b5b6b7b8b9babb");
        var encodedContext = Convert.FromHexString(
            "0002" + "0007" + "707572706f7365" + "0004" + "74657374" + "0006" + "74656e616e74" + "0004" + "61636d65");
        var messageKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, Material, 32, salt, "keyhold/v1/symmetric"u8.ToArray());
        byte[] associatedData = [.. header, .. encodedContext];
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(messageKey, 16))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }

        byte[] expected = [.. header, .. ciphertext, .. tag];
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(blob));

        // Pinned output of the computation above: a change to HKDF, AAD or layout breaks this line.
        Assert.Equal("281b204884aac19da73656aac0adf882de93473ea396a2798ca32db7a737039b", Convert.ToHexStringLower(messageKey));
        Assert.Equal(
            "a15b7e2bdea17184db6104168df14ba64405fb20" + "61c1178e57d9467dc43f25305b9c9024",
            Convert.ToHexStringLower(blob.AsSpan(SymmetricCiphertext.HeaderSize)));
    }

    [Fact]
    public void TryDecrypt_PinnedKnownAnswerBlob_ReturnsPlaintext()
    {
        var blob = Convert.FromHexString(
            "01" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0" + "00000007" + "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf" + "b0b1b2b3b4b5b6b7b8b9babb"
            + "a15b7e2bdea17184db6104168df14ba64405fb20" + "61c1178e57d9467dc43f25305b9c9024");

        Assert.Equal("Keyhold known-answer"u8.ToArray(), SymmetricCiphertext.TryDecrypt(blob, Material, Context));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    public void Encrypt_ThenTryDecrypt_ReturnsPlaintext(int length)
    {
        var plaintext = RandomNumberGenerator.GetBytes(length);

        var blob = SymmetricCiphertext.Encrypt(KeyId, 3, Material, plaintext, Context);

        Assert.Equal(SymmetricCiphertext.Overhead + length, blob.Length);
        Assert.Equal(plaintext, SymmetricCiphertext.TryDecrypt(blob, Material, Context));
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_ProducesDifferentBlobs()
    {
        var first = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "same"u8, Context);
        var second = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "same"u8, Context);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(21, 16).ToArray(), second.AsSpan(21, 16).ToArray()); // salt
        Assert.NotEqual(first.AsSpan(37, 12).ToArray(), second.AsSpan(37, 12).ToArray()); // nonce
    }

    [Fact]
    public void TryDecrypt_AnySingleByteFlipped_ReturnsNull()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 2, Material, "flip every byte"u8, Context);

        foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (var i = 0; i < blob.Length; i++)
            {
                var tampered = (byte[])blob.Clone();
                tampered[i] ^= mask;
                Assert.True(SymmetricCiphertext.TryDecrypt(tampered, Material, Context) is null, $"byte {i} xor 0x{mask:x2} was accepted");
            }
        }
    }

    [Fact]
    public void TryDecrypt_TruncatedAtAnyLength_ReturnsNull()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 2, Material, "truncate me"u8, Context);

        for (var length = 0; length < blob.Length; length++)
        {
            Assert.True(SymmetricCiphertext.TryDecrypt(blob.AsSpan(0, length), Material, Context) is null, $"length {length} was accepted");
        }
    }

    [Fact]
    public void TryDecrypt_TrailingByteAppended_ReturnsNull()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 2, Material, "extend me"u8, Context);

        Assert.Null(SymmetricCiphertext.TryDecrypt([.. blob, 0], Material, Context));
    }

    [Fact]
    public void TryDecrypt_WrongContextValue_ReturnsNull()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "secret"u8, Context);
        var wrong = new Dictionary<string, string>(Context) { ["tenant"] = "other" };

        Assert.Null(SymmetricCiphertext.TryDecrypt(blob, Material, wrong));
    }

    [Fact]
    public void TryDecrypt_ExtraContextPair_ReturnsNull()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "secret"u8, Context);
        var extra = new Dictionary<string, string>(Context) { ["extra"] = "pair" };

        Assert.Null(SymmetricCiphertext.TryDecrypt(blob, Material, extra));
    }

    [Fact]
    public void TryDecrypt_MissingContext_ReturnsNull()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "secret"u8, Context);

        Assert.Null(SymmetricCiphertext.TryDecrypt(blob, Material, null));
    }

    [Fact]
    public void TryDecrypt_ContextWhereNoneWasGiven_ReturnsNull()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "secret"u8, null);

        Assert.Null(SymmetricCiphertext.TryDecrypt(blob, Material, Context));
    }

    [Fact]
    public void TryDecrypt_EmptyContextWhereNoneWasGiven_ReturnsPlaintext()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "secret"u8, null);

        Assert.Equal("secret"u8.ToArray(), SymmetricCiphertext.TryDecrypt(blob, Material, new Dictionary<string, string>()));
    }

    [Fact]
    public void TryDecrypt_ContextInOtherOrder_ReturnsPlaintext()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "secret"u8, Context);
        var reordered = new Dictionary<string, string> { ["purpose"] = "test", ["tenant"] = "acme" };

        Assert.Equal("secret"u8.ToArray(), SymmetricCiphertext.TryDecrypt(blob, Material, reordered));
    }

    [Fact]
    public void TryDecrypt_WrongMaterial_ReturnsNull()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "secret"u8, Context);

        Assert.Null(SymmetricCiphertext.TryDecrypt(blob, RandomNumberGenerator.GetBytes(32), Context));
    }

    [Fact]
    public void Encrypt_MaterialNot256Bits_ThrowsCryptographicException()
    {
        Assert.Throws<CryptographicException>(() => SymmetricCiphertext.Encrypt(KeyId, 1, new byte[16], "secret"u8, Context));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Encrypt_MaterialVersionBelowOne_ThrowsArgumentOutOfRange(int version)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricCiphertext.Encrypt(KeyId, version, Material, "secret"u8, Context));
    }

    [Fact]
    public void TryReadHeader_OwnBlob_ReturnsKeyIdAndVersion()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, int.MaxValue, Material, "secret"u8, Context);

        Assert.True(SymmetricCiphertext.TryReadHeader(blob, out var header));
        Assert.Equal(new CiphertextHeader(KeyId, int.MaxValue), header);
    }

    [Fact]
    public void TryReadHeader_KeyId_IsWrittenInRfc4122ByteOrder()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "secret"u8, null);

        Assert.Equal("0f1e2d3c4b5a69788796a5b4c3d2e1f0", Convert.ToHexStringLower(blob.AsSpan(1, 16)));
    }

    [Fact]
    public void TryReadHeader_Empty_ReturnsFalse()
    {
        Assert.False(SymmetricCiphertext.TryReadHeader([], out var header));
        Assert.Equal(default, header);
    }

    [Fact]
    public void TryReadHeader_ShorterThanOverhead_ReturnsFalse()
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, [], null);

        Assert.False(SymmetricCiphertext.TryReadHeader(blob.AsSpan(0, SymmetricCiphertext.Overhead - 1), out _));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x02)]
    [InlineData(0xFF)]
    public void TryReadHeader_ForeignFormatByte_ReturnsFalse(byte formatByte)
    {
        var blob = RandomNumberGenerator.GetBytes(128);
        blob[0] = formatByte;

        Assert.False(SymmetricCiphertext.TryReadHeader(blob, out _));
        Assert.Null(SymmetricCiphertext.TryDecrypt(blob, Material, null));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0x80000000u)]
    [InlineData(uint.MaxValue)]
    public void TryReadHeader_MaterialVersionOutOfRange_ReturnsFalse(uint version)
    {
        var blob = SymmetricCiphertext.Encrypt(KeyId, 1, Material, "secret"u8, null);
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(17), version);

        Assert.False(SymmetricCiphertext.TryReadHeader(blob, out _));
    }
}

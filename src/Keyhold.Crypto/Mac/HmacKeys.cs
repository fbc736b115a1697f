using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Keyhold.Crypto.Mac;

/// <summary>
/// HMAC KMS keys (HMAC_224/256/384/512) and the MacAlgorithmSpecs (RFC 2104). SHA-256/384/512 use .NET's one-shot
/// HMAC; .NET has no SHA-224, so HMAC_SHA_224 uses BouncyCastle's HMAC over SHA-224.
/// </summary>
public static class HmacKeys
{
    /// <summary>New random key material: HMAC_224 → 28 bytes, HMAC_256 → 32, HMAC_384 → 48, HMAC_512 → 64.</summary>
    public static byte[] Generate(string keySpec) => keySpec switch
    {
        "HMAC_224" => RandomNumberGenerator.GetBytes(28),
        "HMAC_256" => RandomNumberGenerator.GetBytes(32),
        "HMAC_384" => RandomNumberGenerator.GetBytes(48),
        "HMAC_512" => RandomNumberGenerator.GetBytes(64),
        _ => throw new ArgumentException($"{keySpec} is not an HMAC key spec.", nameof(keySpec)),
    };

    /// <summary>The MAC of <paramref name="message"/>: 28, 32, 48 or 64 bytes.</summary>
    public static byte[] Compute(string macAlgorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> message) => macAlgorithm switch
    {
        "HMAC_SHA_224" => HmacSha224(key, message),
        "HMAC_SHA_256" => HMACSHA256.HashData(key, message),
        "HMAC_SHA_384" => HMACSHA384.HashData(key, message),
        "HMAC_SHA_512" => HMACSHA512.HashData(key, message),
        _ => throw new ArgumentException($"{macAlgorithm} is not a MAC algorithm.", nameof(macAlgorithm)),
    };

    /// <summary>Recomputes and compares in constant time; false for any other MAC, including one of the wrong length.</summary>
    public static bool Verify(string macAlgorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> mac)
    {
        var expected = Compute(macAlgorithm, key, message);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    private static byte[] HmacSha224(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        var hmac = new HMac(new Sha224Digest());
        var keyCopy = key.ToArray();
        try
        {
            hmac.Init(new KeyParameter(keyCopy));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }

        hmac.BlockUpdate(message);
        var mac = new byte[hmac.GetMacSize()];
        hmac.DoFinal(mac);
        hmac.Reset();
        return mac;
    }
}

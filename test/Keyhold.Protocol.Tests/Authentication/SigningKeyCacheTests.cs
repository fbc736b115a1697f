using Keyhold.Protocol.Authentication;

namespace Keyhold.Protocol.Tests.Authentication;

public sealed class SigningKeyCacheTests
{
    private static readonly SigV4Credential Scope = new("AKIDEXAMPLE", "20261203", "us-east-1", "kms");

    // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
    [Fact]
    public void Derive_AwsDocumentedExample_MatchesPublishedKey()
    {
        var key = SigningKeyCache.Derive(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", new SigV4Credential("AKIDEXAMPLE", "20120215", "us-east-1", "iam"));

        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void GetSigningKey_SameScopeAndSecret_ReturnsTheCachedKey()
    {
        var cache = new SigningKeyCache(4);

        var first = cache.GetSigningKey(Scope, "secret");
        var second = cache.GetSigningKey(Scope with { }, "secret");

        Assert.Same(first, second);
    }

    [Fact]
    public void GetSigningKey_SecretChanged_DerivesTheNewKey()
    {
        var cache = new SigningKeyCache(4);

        var old = cache.GetSigningKey(Scope, "old-secret");
        var rotated = cache.GetSigningKey(Scope, "new-secret");

        Assert.NotEqual(old, rotated);
        Assert.Equal(SigningKeyCache.Derive("new-secret", Scope), rotated);
    }

    [Fact]
    public void GetSigningKey_NextDay_DerivesAnotherKey()
    {
        var cache = new SigningKeyCache(4);

        var today = cache.GetSigningKey(Scope, "secret");
        var tomorrow = cache.GetSigningKey(Scope with { Date = "20261204" }, "secret");

        Assert.NotEqual(today, tomorrow);
    }

    [Fact]
    public void GetSigningKey_MoreScopesThanCapacity_StaysBounded()
    {
        var cache = new SigningKeyCache(3);

        for (var i = 0; i < 10; i++)
        {
            cache.GetSigningKey(Scope with { AccessKeyId = $"AKID{i}" }, "secret");
        }

        Assert.InRange(cache.Count, 1, 3);
    }

    [Fact]
    public void GetSigningKey_LongSecret_IsSupported()
    {
        var secret = new string('s', 1000);

        var key = new SigningKeyCache(1).GetSigningKey(Scope, secret);

        Assert.Equal(SigningKeyCache.Derive(secret, Scope), key);
    }
}

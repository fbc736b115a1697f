namespace Keyhold.Policy.Tests;

public sealed class ConditionValuesTests
{
    [Fact]
    public void TryGetValues_DifferentCase_FindsKey()
    {
        var values = new ConditionValues().Add("kms:EncryptionContext:Department", "Finance");

        Assert.True(values.TryGetValues("KMS:encryptioncontext:department", out var found));
        Assert.Equal(["Finance"], found);
    }

    [Fact]
    public void Add_SameKeyTwice_KeepsBothValues()
    {
        var values = new ConditionValues().Add("kms:EncryptionContextKeys", "a").Add("kms:EncryptionContextKeys", "b");

        Assert.True(values.TryGetValues("kms:EncryptionContextKeys", out var found));
        Assert.Equal(["a", "b"], found);
    }

    [Fact]
    public void Set_ExistingKey_ReplacesValues()
    {
        var values = new ConditionValues().Add("k:x", "a").Set("k:x", ["b", "c"]);

        Assert.True(values.TryGetValues("k:x", out var found));
        Assert.Equal(["b", "c"], found);
    }

    [Fact]
    public void TryGetValues_UnknownKey_ReturnsFalse()
    {
        Assert.False(new ConditionValues().TryGetValues("aws:SourceIp", out var found));
        Assert.Empty(found);
    }

    [Fact]
    public void Conditions_NotSet_IsEmpty()
    {
        var request = new AuthorizationRequest { Action = "kms:Encrypt", Resource = "*", PrincipalArn = "arn:aws:iam::111122223333:root", PrincipalAccount = "111122223333" };

        Assert.False(request.Conditions.TryGetValues("aws:SourceIp", out _));
    }
}

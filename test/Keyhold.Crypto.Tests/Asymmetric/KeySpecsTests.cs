using Keyhold.Crypto.Asymmetric;

namespace Keyhold.Crypto.Tests.Asymmetric;

public class KeySpecsTests
{
    [Fact]
    public void Find_EveryKeySpecOfTheServiceModel_ReturnsAnEntry()
    {
        string[] serviceModel =
        [
            "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1",
            "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2", "ML_DSA_44", "ML_DSA_65",
            "ML_DSA_87", "ECC_NIST_EDWARDS25519",
        ];

        foreach (var keySpec in serviceModel)
        {
            Assert.Equal(keySpec, KeySpecs.Find(keySpec)?.KeySpec);
        }

        Assert.Equal(serviceModel.Length, KeySpecs.All.Count());
    }

    [Fact]
    public void Find_UnknownKeySpec_ReturnsNull()
    {
        Assert.Null(KeySpecs.Find("RSA_1024"));
        Assert.Null(KeySpecs.Find("rsa_2048"));
    }

    [Fact]
    public void Find_Rsa_ListsAlgorithmsInDescribeKeyOrder()
    {
        var info = KeySpecs.Find("RSA_3072")!;

        Assert.Equal(["ENCRYPT_DECRYPT", "SIGN_VERIFY"], info.KeyUsages);
        Assert.Equal(["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"], info.EncryptionAlgorithms);
        Assert.Equal(
            ["RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512"],
            info.SigningAlgorithms);
        Assert.Empty(info.KeyAgreementAlgorithms);
    }

    [Theory]
    [InlineData("ECC_NIST_P256", "ECDSA_SHA_256", true)]
    [InlineData("ECC_NIST_P384", "ECDSA_SHA_384", true)]
    [InlineData("ECC_NIST_P521", "ECDSA_SHA_512", true)]
    [InlineData("ECC_SECG_P256K1", "ECDSA_SHA_256", false)]
    public void Find_Ecc_OneEcdsaAlgorithmAndEcdhOnNistCurves(string keySpec, string signing, bool keyAgreement)
    {
        var info = KeySpecs.Find(keySpec)!;

        Assert.Equal([signing], info.SigningAlgorithms);
        Assert.Equal(keyAgreement ? ["ECDH"] : [], info.KeyAgreementAlgorithms);
        Assert.Equal(keyAgreement ? ["SIGN_VERIFY", "KEY_AGREEMENT"] : ["SIGN_VERIFY"], info.KeyUsages);
    }

    [Fact]
    public void Find_Sm2_AllThreeUsages()
    {
        var info = KeySpecs.Find("SM2")!;

        Assert.Equal(["SIGN_VERIFY", "ENCRYPT_DECRYPT", "KEY_AGREEMENT"], info.KeyUsages);
        Assert.Equal(["SM2PKE"], info.EncryptionAlgorithms);
        Assert.Equal(["SM2DSA"], info.SigningAlgorithms);
        Assert.Equal(["ECDH"], info.KeyAgreementAlgorithms);
    }

    [Fact]
    public void Find_SymmetricAndHmac_SymmetricEntries()
    {
        Assert.Equal(["SYMMETRIC_DEFAULT"], KeySpecs.Find("SYMMETRIC_DEFAULT")!.EncryptionAlgorithms);
        Assert.Equal(["ENCRYPT_DECRYPT"], KeySpecs.Find("SYMMETRIC_DEFAULT")!.KeyUsages);
        Assert.Equal(["HMAC_SHA_384"], KeySpecs.Find("HMAC_384")!.MacAlgorithms);
        Assert.Equal(["GENERATE_VERIFY_MAC"], KeySpecs.Find("HMAC_224")!.KeyUsages);
        Assert.Equal(["ED25519_SHA_512", "ED25519_PH_SHA_512"], KeySpecs.Find("ECC_NIST_EDWARDS25519")!.SigningAlgorithms);
        Assert.Equal(["ML_DSA_SHAKE_256"], KeySpecs.Find("ML_DSA_65")!.SigningAlgorithms);
    }

    [Theory]
    [InlineData("RSA_2048", true, false)]
    [InlineData("ECC_SECG_P256K1", true, false)]
    [InlineData("SM2", true, false)]
    [InlineData("ML_DSA_87", true, false)]
    [InlineData("ECC_NIST_EDWARDS25519", true, false)]
    [InlineData("SYMMETRIC_DEFAULT", false, false)]
    [InlineData("HMAC_512", false, true)]
    [InlineData("HMAC_128", false, false)]
    [InlineData("BOGUS", false, false)]
    public void IsAsymmetricIsHmac_KeySpec_Classifies(string keySpec, bool asymmetric, bool hmac)
    {
        Assert.Equal(asymmetric, KeySpecs.IsAsymmetric(keySpec));
        Assert.Equal(hmac, KeySpecs.IsHmac(keySpec));
    }
}

using System.Security.Cryptography;
using Keyhold.Crypto.Asymmetric;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>
/// The shared core of GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh key pair of the requested
/// spec, its PKCS#8 private key encrypted under a symmetric KMS key (bound to the encryption context, like any data key),
/// and its DER public key.
/// </summary>
internal sealed class DataKeyPairs(SymmetricCryptor cryptor, KeyUsageRecorder usage)
{
    public async Task<GenerateDataKeyPairResponse> GenerateAsync(
        KmsRequestContext context, GenerateDataKeyPairRequest request, bool includePlaintext, CancellationToken cancellationToken)
    {
        var key = await cryptor.ResolveForEncryptAsync(context, request.KeyId!, algorithm: null, KeyAccess.For(context.Operation), cancellationToken).ConfigureAwait(false);
        if (request.DryRun == true)
        {
            throw Core.Errors.KmsErrors.DryRun();
        }

        var privateKey = AsymmetricKey.GeneratePrivateKey(request.KeyPairSpec!);
        try
        {
            byte[] publicKey;
            using (var pair = AsymmetricKey.Import(request.KeyPairSpec!, privateKey))
            {
                publicKey = pair.PublicKeyDer;
            }

            var (ciphertext, materialId) = await cryptor.EncryptAsync(key, privateKey, request.EncryptionContext, cancellationToken).ConfigureAwait(false);
            usage.Record(key.KeyId, context.Operation, context.RequestId);
            return new GenerateDataKeyPairResponse(ciphertext, includePlaintext ? privateKey : null, publicKey, key.Arn, request.KeyPairSpec!, materialId);
        }
        finally
        {
            if (!includePlaintext)
            {
                CryptographicOperations.ZeroMemory(privateKey);
            }
        }
    }
}

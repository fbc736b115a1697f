using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Usage;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>GenerateDataKeyWithoutPlaintext: as GenerateDataKey, but only the encrypted copy leaves the server.</summary>
internal sealed class GenerateDataKeyWithoutPlaintextHandler(SymmetricCryptor cryptor, KeyUsageRecorder usage) : KmsOperation<GenerateDataKeyRequest, GenerateDataKeyResponse>
{
    public override string Name => "GenerateDataKeyWithoutPlaintext";

    protected override JsonTypeInfo<GenerateDataKeyRequest> RequestType => KmsJsonContext.Default.GenerateDataKeyRequest;

    protected override JsonTypeInfo<GenerateDataKeyResponse> ResponseType => KmsJsonContext.Default.GenerateDataKeyResponse;

    public override async Task<GenerateDataKeyResponse> HandleAsync(KmsRequestContext context, GenerateDataKeyRequest request, CancellationToken cancellationToken)
    {
        var size = DataKeySize.From(request.KeySpec, request.NumberOfBytes);
        var key = await cryptor.ResolveForEncryptAsync(context, request.KeyId!, algorithm: null, KeyAccess.For(Name), cancellationToken).ConfigureAwait(false);
        if (request.DryRun == true)
        {
            throw KmsErrors.DryRun();
        }

        var dataKey = RandomNumberGenerator.GetBytes(size);
        try
        {
            var (ciphertext, materialId) = await cryptor.EncryptAsync(key, dataKey, request.EncryptionContext, cancellationToken).ConfigureAwait(false);
            usage.Record(key.KeyId, Name, context.RequestId);
            return new GenerateDataKeyResponse(ciphertext, null, key.Arn, materialId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}

using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Cryptography;

/// <summary>GenerateRandom: 1–1024 bytes from the operating system's CSPRNG.</summary>
internal sealed class GenerateRandomHandler(KmsAuthorizer authorizer) : KmsOperation<GenerateRandomRequest, GenerateRandomResponse>
{
    public override string Name => "GenerateRandom";

    protected override JsonTypeInfo<GenerateRandomRequest> RequestType => KmsJsonContext.Default.GenerateRandomRequest;

    protected override JsonTypeInfo<GenerateRandomResponse> ResponseType => KmsJsonContext.Default.GenerateRandomResponse;

    public override async Task<GenerateRandomResponse> HandleAsync(KmsRequestContext context, GenerateRandomRequest request, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeIdentityAsync(context, "kms:GenerateRandom", "*", cancellationToken).ConfigureAwait(false);
        if (request.NumberOfBytes is not { } count)
        {
            // Recorded from AWS (shared/reference/aws-recorded/errors.tsv).
            throw KmsErrors.Validation("NumberOfBytes is required.");
        }

        if (request.CustomKeyStoreId is not null)
        {
            throw new KmsException(KmsErrorCodes.UnsupportedOperation, "Keyhold does not support custom key stores.");
        }

        RecipientRules.EnsureAbsent(request.Recipient);
        return new GenerateRandomResponse(RandomNumberGenerator.GetBytes(count));
    }
}

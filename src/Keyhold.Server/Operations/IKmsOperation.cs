using System.Text.Json;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Operations;

/// <summary>One KMS operation: takes the validated JSON body and writes the JSON response.</summary>
internal interface IKmsOperation
{
    /// <summary>The operation name as in <c>X-Amz-Target: TrentService.&lt;Name&gt;</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The target prefix: <c>TrentService</c> (AWS KMS, validated against the service model) or
    /// <c>KeyholdService</c> (Keyhold's own operations, which validate their input themselves).
    /// </summary>
    string Service => KmsTargets.KmsService;

    Task InvokeAsync(KmsRequestContext context, JsonElement body, Stream response, CancellationToken cancellationToken);
}

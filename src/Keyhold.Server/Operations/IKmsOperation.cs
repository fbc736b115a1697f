using System.Text.Json;
using Keyhold.Server.Protocol;

namespace Keyhold.Server.Operations;

/// <summary>One KMS operation: takes the validated JSON body and writes the JSON response.</summary>
internal interface IKmsOperation
{
    /// <summary>The operation name as in <c>X-Amz-Target: TrentService.&lt;Name&gt;</c>.</summary>
    string Name { get; }

    Task InvokeAsync(KmsRequestContext context, JsonElement body, Stream response, CancellationToken cancellationToken);
}

using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Rotation;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keyhold;

/// <summary><c>KeyholdService.RotateAlias</c>: the manual alias rotation as one safe, reversible step (see <see cref="AliasRotation"/>).</summary>
internal sealed class RotateAliasHandler(AliasRotation rotation) : KeyholdOperation<RotateAliasRequest, RotateAliasResponse>
{
    public override string Name => "RotateAlias";

    protected override JsonTypeInfo<RotateAliasRequest> RequestType => KmsJsonContext.Default.RotateAliasRequest;

    protected override JsonTypeInfo<RotateAliasResponse> ResponseType => KmsJsonContext.Default.RotateAliasResponse;

    public override Task<RotateAliasResponse> HandleAsync(KmsRequestContext context, RotateAliasRequest request, CancellationToken cancellationToken)
    {
        var aliasName = Required(request.AliasName, nameof(request.AliasName));
        var dryRun = request.DryRun == true;
        if (request.Rollback == true)
        {
            if (request.DatedAliasName is not null)
            {
                throw Core.Errors.KmsErrors.Validation("DatedAliasName cannot be used with Rollback.");
            }

            return rotation.RollbackAsync(context, aliasName, dryRun, cancellationToken);
        }

        return rotation.RotateAsync(context, aliasName, request.DatedAliasName, dryRun, cancellationToken);
    }
}

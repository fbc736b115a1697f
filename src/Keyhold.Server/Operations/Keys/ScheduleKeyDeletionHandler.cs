using System.Text.Json.Serialization.Metadata;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Operations.Keys;

/// <summary>
/// ScheduleKeyDeletion: PendingDeletion for 7–30 days (default 30). The key and all its material are removed by
/// KeyDeletionService once the window has passed; CancelKeyDeletion restores it as Disabled.
/// </summary>
internal sealed class ScheduleKeyDeletionHandler(KeyUpdater updater, TimeProvider time)
    : KmsOperation<ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse>
{
    public const int MinWindowDays = 7;
    public const int MaxWindowDays = 30;

    public override string Name => "ScheduleKeyDeletion";

    protected override JsonTypeInfo<ScheduleKeyDeletionRequest> RequestType => KmsJsonContext.Default.ScheduleKeyDeletionRequest;

    protected override JsonTypeInfo<ScheduleKeyDeletionResponse> ResponseType => KmsJsonContext.Default.ScheduleKeyDeletionResponse;

    public override async Task<ScheduleKeyDeletionResponse> HandleAsync(KmsRequestContext context, ScheduleKeyDeletionRequest request, CancellationToken cancellationToken)
    {
        var days = request.PendingWindowInDays ?? MaxWindowDays;
        if (days < MinWindowDays)
        {
            throw KmsErrors.Validation($"1 validation error detected: Value '{days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to {MinWindowDays}");
        }

        if (days > MaxWindowDays)
        {
            throw KmsErrors.Validation($"1 validation error detected: Value '{days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to {MaxWindowDays}");
        }

        var key = await updater.UpdateAsync(context, request.KeyId!, key =>
        {
            KeyStateRules.EnsureNotPendingDeletion(key);
            return key with
            {
                State = KeyState.PendingDeletion,
                DeletionDate = time.GetUtcNow().AddDays(days),
                PendingDeletionWindowInDays = days,
            };
        }, cancellationToken).ConfigureAwait(false);
        return new ScheduleKeyDeletionResponse(key.Arn, key.DeletionDate!.Value, key.State.ToString(), days);
    }
}

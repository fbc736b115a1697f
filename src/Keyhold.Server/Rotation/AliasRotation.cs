using Keyhold.Core.Aliases;
using Keyhold.Core.Errors;
using Keyhold.Core.Keys;
using Keyhold.Core.Storage;
using Keyhold.Server.Authorization;
using Keyhold.Server.Keys;
using Keyhold.Server.Protocol;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Rotation;

/// <summary>
/// The user's manual rotation (AWS Knowledge Center, "How do I manually rotate customer managed keys") as one step:
/// <list type="number">
/// <item>keep the current key reachable under a dated alias (<c>alias/application-YYYYMMDD</c>),</item>
/// <item>create a new key with the same spec, usage, description, key policy and tags,</item>
/// <item>repoint the alias at the new key (compare-and-swap on the old target).</item>
/// </list>
/// Every step is idempotent and the new key's id is derived from the rotation (<see cref="RotationKeyId"/>), so a run
/// interrupted anywhere and run again completes the same rotation; the alias only ever points at the old or the
/// new key, and the new key is created with its policy and tags in one transaction. Rollback repoints the alias at
/// the target it had before its last change, read from the alias history.
/// </summary>
internal sealed class AliasRotation(IKeyholdStore store, KeyResolver resolver, KmsAuthorizer authorizer, KeyFactory factory, TimeProvider time)
{
    private const string Planned = "Planned";
    private const string Done = "Done";
    private const string AlreadyDone = "AlreadyDone";

    /// <summary>Test hook: runs after each completed step (by action name), to simulate a crash between steps.</summary>
    internal Func<string, Task>? AfterStep { get; set; }

    public async Task<RotateAliasResponse> RotateAsync(KmsRequestContext context, string aliasName, string? datedAliasName, bool dryRun, CancellationToken cancellationToken)
    {
        var alias = await GetAliasAsync(context, aliasName, cancellationToken).ConfigureAwait(false);
        var history = await store.GetAliasHistoryAsync(context.AccountId, context.Region, aliasName, cancellationToken).ConfigureAwait(false);
        var oldKey = await resolver.GetAsync(context, alias.TargetKeyId, cancellationToken).ConfigureAwait(false);
        var newKeyId = RotationKeyId.Derive(context.AccountId, context.Region, aliasName, oldKey.KeyId, history.Count == 0 ? 0 : history[^1].Sequence);
        KeyStateRules.EnsureNotPendingDeletion(oldKey);
        var dated = await ChooseDatedAliasAsync(context, aliasName, datedAliasName, oldKey.KeyId, cancellationToken).ConfigureAwait(false);
        await AuthorizeRotationAsync(context, aliasName, dated.Name, oldKey, cancellationToken).ConfigureAwait(false);
        var steps = new List<RotateAliasStep>
        {
            new("CreateDatedAlias", $"{dated.Name} -> {oldKey.KeyId} (keeps the current key reachable)", dated.Exists ? AlreadyDone : Planned),
            new("CreateKey", $"{newKeyId}: a new {oldKey.KeySpec} {oldKey.KeyUsage} key with the same description, key policy and tags", Planned),
            new("UpdateAlias", $"{aliasName} -> {newKeyId} (was {oldKey.KeyId})", Planned),
        };
        if (dryRun)
        {
            return new RotateAliasResponse(aliasName, oldKey.KeyId, newKeyId, dated.Name, true, steps);
        }

        var principal = context.Principal.Arn;
        if (!dated.Exists)
        {
            steps[0] = steps[0] with { Status = await CreateDatedAliasAsync(context, dated.Name, oldKey.KeyId, principal, cancellationToken).ConfigureAwait(false) };
        }

        await StepCompletedAsync("CreateDatedAlias").ConfigureAwait(false);
        steps[1] = steps[1] with { Status = await CreateKeyCopyAsync(context, oldKey, newKeyId, cancellationToken).ConfigureAwait(false) };
        await StepCompletedAsync("CreateKey").ConfigureAwait(false);
        if (!await store.UpdateAliasAsync(context.AccountId, context.Region, aliasName, newKeyId, time.GetUtcNow(), principal, oldKey.KeyId, cancellationToken).ConfigureAwait(false))
        {
            throw new KmsException(KmsErrorCodes.KmsInvalidState, $"{aliasName} changed while it was being rotated (it no longer points at {oldKey.KeyId}); nothing else was changed. Run the rotation again.");
        }

        steps[2] = steps[2] with { Status = Done };
        await StepCompletedAsync("UpdateAlias").ConfigureAwait(false);
        return new RotateAliasResponse(aliasName, oldKey.KeyId, newKeyId, dated.Name, false, steps);
    }

    public async Task<RotateAliasResponse> RollbackAsync(KmsRequestContext context, string aliasName, bool dryRun, CancellationToken cancellationToken)
    {
        var alias = await GetAliasAsync(context, aliasName, cancellationToken).ConfigureAwait(false);
        var history = await store.GetAliasHistoryAsync(context.AccountId, context.Region, aliasName, cancellationToken).ConfigureAwait(false);
        var lastChange = history.LastOrDefault(c => c.TargetKeyId == alias.TargetKeyId && c.Change is "Create" or "Update");
        if (lastChange?.PreviousTargetKeyId is not { } previousKeyId)
        {
            throw KmsErrors.Validation($"{aliasName} has pointed at {alias.TargetKeyId} since it was created; there is no earlier key to roll back to.");
        }

        var previous = await store.GetKeyAsync(context.AccountId, context.Region, previousKeyId, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.KeyNotFound(KeyArn.Format(context.Region, context.AccountId, previousKeyId));
        KeyStateRules.EnsureNotPendingDeletion(previous);
        await authorizer.AuthorizeIdentityAsync(context, "kms:UpdateAlias", KeyArn.FormatAlias(context.Region, context.AccountId, aliasName), cancellationToken).ConfigureAwait(false);
        if (await store.GetKeyAsync(context.AccountId, context.Region, alias.TargetKeyId, cancellationToken).ConfigureAwait(false) is { } current)
        {
            await authorizer.AuthorizeAsync(context, current, new KeyAccess("kms:UpdateAlias"), cancellationToken).ConfigureAwait(false);
        }

        await authorizer.AuthorizeAsync(context, previous, new KeyAccess("kms:UpdateAlias"), cancellationToken).ConfigureAwait(false);
        var steps = new List<RotateAliasStep> { new("UpdateAlias", $"{aliasName} -> {previousKeyId} (was {alias.TargetKeyId})", Planned) };
        if (!dryRun)
        {
            if (!await store.UpdateAliasAsync(context.AccountId, context.Region, aliasName, previousKeyId, time.GetUtcNow(), context.Principal.Arn, alias.TargetKeyId, cancellationToken).ConfigureAwait(false))
            {
                throw new KmsException(KmsErrorCodes.KmsInvalidState, $"{aliasName} changed during the rollback; nothing was changed. Run it again.");
            }

            steps[0] = steps[0] with { Status = Done };
        }

        return new RotateAliasResponse(aliasName, alias.TargetKeyId, previousKeyId, null, dryRun, steps);
    }

    /// <summary>
    /// The rotation is the document's manual steps, so the caller needs the permissions each step needs: kms:CreateKey,
    /// kms:CreateAlias on the dated alias and kms:UpdateAlias on the alias (identity), and on the current key
    /// kms:DescribeKey, kms:GetKeyPolicy and kms:ListResourceTags (to copy it) plus kms:CreateAlias and kms:UpdateAlias.
    /// The new key gets the current key's policy, so what that policy allows on the current key it allows on the new one.
    /// </summary>
    private async Task AuthorizeRotationAsync(KmsRequestContext context, string aliasName, string datedAliasName, KeyRecord oldKey, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeIdentityAsync(context, "kms:CreateKey", "*", cancellationToken).ConfigureAwait(false);
        await authorizer.AuthorizeIdentityAsync(context, "kms:CreateAlias", KeyArn.FormatAlias(context.Region, context.AccountId, datedAliasName), cancellationToken).ConfigureAwait(false);
        await authorizer.AuthorizeIdentityAsync(context, "kms:UpdateAlias", KeyArn.FormatAlias(context.Region, context.AccountId, aliasName), cancellationToken).ConfigureAwait(false);
        foreach (var action in (string[])["kms:DescribeKey", "kms:GetKeyPolicy", "kms:ListResourceTags", "kms:CreateAlias", "kms:UpdateAlias"])
        {
            await authorizer.AuthorizeAsync(context, oldKey, new KeyAccess(action), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AliasRecord> GetAliasAsync(KmsRequestContext context, string aliasName, CancellationToken cancellationToken)
    {
        AliasNameRules.ValidateName(aliasName);
        return await store.GetAliasAsync(context.AccountId, context.Region, aliasName, cancellationToken).ConfigureAwait(false)
            ?? throw KmsErrors.AliasNotFound(KeyArn.FormatAlias(context.Region, context.AccountId, aliasName));
    }

    /// <summary>The first candidate name that is free or already points at the old key (a rerun finds its own alias).</summary>
    private async Task<(string Name, bool Exists)> ChooseDatedAliasAsync(KmsRequestContext context, string aliasName, string? requested, string oldKeyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var candidates = requested is null ? DatedAliasName.Candidates(DatedAliasName.Base(aliasName, now))
            : DatedAliasName.IsPattern(requested) ? DatedAliasName.Candidates(DatedAliasName.Expand(requested, now))
            : [requested];
        foreach (var candidate in candidates)
        {
            AliasNameRules.ValidateNewName(candidate);
            var existing = await store.GetAliasAsync(context.AccountId, context.Region, candidate, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                return (candidate, false);
            }

            if (existing.TargetKeyId == oldKeyId)
            {
                return (candidate, true);
            }
        }

        throw new KmsException(KmsErrorCodes.AlreadyExists, requested is not null
            ? $"An alias with the name {requested} already exists and points at another key"
            : $"Every dated alias name for {aliasName} today is taken; give one with --dated-alias.");
    }

    private async Task<string> CreateDatedAliasAsync(KmsRequestContext context, string name, string oldKeyId, string principal, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await store.CreateAliasAsync(
                new AliasRecord { AccountId = context.AccountId, Region = context.Region, AliasName = name, TargetKeyId = oldKeyId, CreationDate = now, LastUpdatedDate = now },
                principal,
                cancellationToken).ConfigureAwait(false);
            return Done;
        }
        catch (StoreConflictException)
        {
            var existing = await store.GetAliasAsync(context.AccountId, context.Region, name, cancellationToken).ConfigureAwait(false);
            return existing?.TargetKeyId == oldKeyId
                ? AlreadyDone
                : throw new KmsException(KmsErrorCodes.AlreadyExists, $"An alias with the name {name} was just created for another key; run the rotation again.");
        }
    }

    private async Task<string> CreateKeyCopyAsync(KmsRequestContext context, KeyRecord oldKey, string newKeyId, CancellationToken cancellationToken)
    {
        if (await store.GetKeyAsync(context.AccountId, context.Region, newKeyId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return AlreadyDone;
        }

        var tags = await store.GetTagsAsync(oldKey.KeyId, cancellationToken).ConfigureAwait(false);
        var (key, material) = factory.NewKey(context, newKeyId, oldKey.KeySpec, oldKey.KeyUsage, oldKey.Description, oldKey.Policy);
        try
        {
            await store.CreateKeyAsync(key, material, tags, cancellationToken).ConfigureAwait(false);
            return Done;
        }
        catch (StoreConflictException)
        {
            // A concurrent rerun created it first; anything else is a real conflict.
            if (await store.GetKeyAsync(context.AccountId, context.Region, newKeyId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }

            return AlreadyDone;
        }
    }

    private Task StepCompletedAsync(string action) => AfterStep?.Invoke(action) ?? Task.CompletedTask;
}

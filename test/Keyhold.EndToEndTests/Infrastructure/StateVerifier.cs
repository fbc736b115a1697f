using System.Collections.Concurrent;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>
/// Checks a (restarted) server against what writers were told: every acknowledged key, alias, tag and policy is there,
/// every acknowledged ciphertext and data key decrypts to its plaintext, and no alias names a key that does not exist.
/// With <c>completeKeys</c> it also checks that no key is half-created: every listed key not yet in that set
/// describes, and an enabled one encrypts and decrypts (its material is there). Ciphertexts under a key that is
/// (acknowledged as) pending deletion or disabled must be refused with that state's error instead.
/// Changes that were in flight are settled to what the server shows, so later rounds know the exact state again.
/// </summary>
public static class StateVerifier
{
    private const int MaxParallelDecrypts = 4;

    /// <summary>Returns the problems found (empty when the server kept everything).</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(
        IAmazonKeyManagementService client, IReadOnlyList<AcknowledgedWrites> ledgers, HashSet<string>? completeKeys = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ledgers);
        var problems = new ConcurrentQueue<string>();
        var keys = await ListKeyIdsAsync(client);
        var aliases = await ListAliasesAsync(client);

        foreach (var (name, target) in aliases)
        {
            if (!name.StartsWith("alias/aws/", StringComparison.Ordinal) && (target is null || !keys.Contains(target)))
            {
                problems.Enqueue($"{name} points at key {target ?? "(none)"}, which does not exist.");
            }
        }

        if (completeKeys is not null)
        {
            await VerifyCompleteAsync(client, keys, completeKeys, problems);
        }

        var states = new ConcurrentDictionary<string, KeyState>(StringComparer.Ordinal);
        foreach (var ledger in ledgers)
        {
            await VerifyKeysAsync(client, ledger, keys, states, problems);
            VerifyAliases(ledger, aliases, problems);
        }

        var sealedData = ledgers.SelectMany(ledger => ledger.Ciphertexts.Concat(ledger.DataKeys)).ToList();
        await Parallel.ForEachAsync(sealedData, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDecrypts }, async (item, cancellationToken) =>
        {
            var state = states.GetValueOrDefault(item.KeyId, KeyState.Enabled);
            try
            {
                var response = await client.DecryptAsync(
                    new DecryptRequest { CiphertextBlob = new MemoryStream(item.Ciphertext), EncryptionContext = item.EncryptionContext }, cancellationToken);
                if (state != KeyState.Enabled)
                {
                    problems.Enqueue($"A ciphertext under {item.KeyId} decrypted although the key is {state}.");
                }
                else if (!response.Plaintext.ToArray().AsSpan().SequenceEqual(item.Plaintext) || !response.KeyId.EndsWith("/" + item.KeyId, StringComparison.Ordinal))
                {
                    problems.Enqueue($"A ciphertext under {item.KeyId} decrypted to other data or named key {response.KeyId}.");
                }
            }
            catch (AmazonKeyManagementServiceException ex) when (
                (state == KeyState.PendingDeletion && ex.ErrorCode == "KMSInvalidStateException") || (state == KeyState.Disabled && ex.ErrorCode == "DisabledException"))
            {
                // Refused because of the key's state, as AWS does; it decrypts again once the key is enabled.
            }
            catch (AmazonKeyManagementServiceException ex)
            {
                problems.Enqueue($"A ciphertext under {item.KeyId} no longer decrypts: {ex.ErrorCode}: {ex.Message}");
            }
        });

        return [.. problems];
    }

    private static async Task VerifyCompleteAsync(IAmazonKeyManagementService client, HashSet<string> keys, HashSet<string> completeKeys, ConcurrentQueue<string> problems)
    {
        foreach (var keyId in keys.Where(keyId => !completeKeys.Contains(keyId)))
        {
            try
            {
                var metadata = (await client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId })).KeyMetadata;
                if (metadata.KeyState == KeyState.Enabled && metadata.KeySpec == KeySpec.SYMMETRIC_DEFAULT)
                {
                    var probe = new byte[] { 1, 2, 3 };
                    var sealedProbe = await client.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(probe) });
                    var opened = await client.DecryptAsync(new DecryptRequest { CiphertextBlob = sealedProbe.CiphertextBlob });
                    if (!opened.Plaintext.ToArray().AsSpan().SequenceEqual(probe))
                    {
                        problems.Enqueue($"Key {keyId} is listed but does not round-trip a plaintext.");
                        continue;
                    }
                }

                completeKeys.Add(keyId);
            }
            catch (AmazonKeyManagementServiceException ex)
            {
                problems.Enqueue($"Key {keyId} is listed but half-created: {ex.ErrorCode}: {ex.Message}");
            }
        }
    }

    private static async Task VerifyKeysAsync(
        IAmazonKeyManagementService client, AcknowledgedWrites ledger, HashSet<string> keys, ConcurrentDictionary<string, KeyState> states, ConcurrentQueue<string> problems)
    {
        foreach (var (keyId, description) in ledger.Keys)
        {
            if (!keys.Contains(keyId))
            {
                problems.Enqueue($"Key {keyId} ({description}) was acknowledged but is not listed.");
                continue;
            }

            var metadata = (await client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId })).KeyMetadata;
            states[keyId] = metadata.KeyState;
            if (ledger.KeyStates.TryGetValue(keyId, out var state))
            {
                if (metadata.Description != description || !state.Allows(metadata.KeyState.Value))
                {
                    problems.Enqueue($"Key {keyId}: description '{metadata.Description}', state {metadata.KeyState}; expected '{description}', {state}.");
                }

                Settle(state, metadata.KeyState.Value);
            }
            else if (metadata.Description != description || metadata.KeyState != KeyState.Enabled)
            {
                problems.Enqueue($"Key {keyId}: description '{metadata.Description}', state {metadata.KeyState}; expected '{description}', Enabled.");
            }

            if (metadata.KeyState == KeyState.Enabled && ledger.Rotations.TryGetValue(keyId, out var rotations))
            {
                var listed = (await client.ListKeyRotationsAsync(new ListKeyRotationsRequest { KeyId = keyId, Limit = 1000 })).Rotations?.Count ?? 0;
                if (listed < rotations)
                {
                    problems.Enqueue($"Key {keyId}: {listed} rotations listed, {rotations} acknowledged.");
                }
            }

            var tags = await ListTagsAsync(client, keyId);
            foreach (var (tagKey, tagValue) in ledger.Tags[keyId])
            {
                if (!tags.TryGetValue(tagKey, out var actual) || actual != tagValue)
                {
                    problems.Enqueue($"Key {keyId}: tag {tagKey} is '{actual ?? "(missing)"}', acknowledged '{tagValue}'.");
                }
            }

            if (ledger.Policies.TryGetValue(keyId, out var policy))
            {
                var actual = (await client.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = keyId, PolicyName = "default" })).Policy;
                var neverAcknowledged = policy.Acknowledged is null && actual.Contains("\"key-default-1\"", StringComparison.Ordinal);
                if (!policy.Allows(actual) && !neverAcknowledged)
                {
                    problems.Enqueue($"Key {keyId}: policy is {actual}; {policy}.");
                }

                Settle(policy, actual);
            }
        }
    }

    private static void VerifyAliases(AcknowledgedWrites ledger, Dictionary<string, string?> aliases, ConcurrentQueue<string> problems)
    {
        foreach (var (name, expected) in ledger.Aliases)
        {
            if (!aliases.TryGetValue(name, out var target) || target is null)
            {
                problems.Enqueue($"Alias {name} was acknowledged but is not listed ({expected}).");
                continue;
            }

            if (!expected.Allows(target))
            {
                problems.Enqueue($"Alias {name} points at {target}; {expected}.");
            }

            Settle(expected, target);
        }
    }

    /// <summary>Once the outcome of an in-flight change is known, it is simply the acknowledged state.</summary>
    private static void Settle(AcknowledgedValue value, string actual)
    {
        if (value.Allows(actual))
        {
            value.Acknowledged = actual;
        }

        value.Pending = null;
    }

    private static async Task<HashSet<string>> ListKeyIdsAsync(IAmazonKeyManagementService client)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var page = await client.ListKeysAsync(new ListKeysRequest { Marker = marker, Limit = 1000 });
            keys.UnionWith((page.Keys ?? []).Select(key => key.KeyId));
            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return keys;
    }

    private static async Task<Dictionary<string, string?>> ListAliasesAsync(IAmazonKeyManagementService client)
    {
        var aliases = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var page = await client.ListAliasesAsync(new ListAliasesRequest { Marker = marker, Limit = 100 });
            foreach (var alias in page.Aliases ?? [])
            {
                aliases[alias.AliasName] = alias.TargetKeyId;
            }

            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return aliases;
    }

    private static async Task<Dictionary<string, string>> ListTagsAsync(IAmazonKeyManagementService client, string keyId)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        string? marker = null;
        do
        {
            var page = await client.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = keyId, Marker = marker, Limit = 50 });
            foreach (var tag in page.Tags ?? [])
            {
                tags[tag.TagKey] = tag.TagValue;
            }

            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return tags;
    }
}

using System.Collections.Concurrent;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>
/// Checks a (restarted) server against what writers were told: every acknowledged key, alias, tag and policy is there,
/// every acknowledged ciphertext and data key decrypts to its plaintext, and no alias names a key that does not exist.
/// Changes that were in flight are settled to what the server shows, so later rounds know the exact state again.
/// </summary>
public static class StateVerifier
{
    private const int MaxParallelDecrypts = 4;

    /// <summary>Returns the problems found (empty when the server kept everything).</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(IAmazonKeyManagementService client, IReadOnlyList<AcknowledgedWrites> ledgers)
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

        foreach (var ledger in ledgers)
        {
            await VerifyKeysAsync(client, ledger, keys, problems);
            VerifyAliases(ledger, aliases, problems);
        }

        var sealedData = ledgers.SelectMany(ledger => ledger.Ciphertexts.Concat(ledger.DataKeys)).ToList();
        await Parallel.ForEachAsync(sealedData, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDecrypts }, async (item, cancellationToken) =>
        {
            try
            {
                var response = await client.DecryptAsync(
                    new DecryptRequest { CiphertextBlob = new MemoryStream(item.Ciphertext), EncryptionContext = item.EncryptionContext }, cancellationToken);
                if (!response.Plaintext.ToArray().AsSpan().SequenceEqual(item.Plaintext) || !response.KeyId.EndsWith("/" + item.KeyId, StringComparison.Ordinal))
                {
                    problems.Enqueue($"A ciphertext under {item.KeyId} decrypted to other data or named key {response.KeyId}.");
                }
            }
            catch (AmazonKeyManagementServiceException ex)
            {
                problems.Enqueue($"A ciphertext under {item.KeyId} no longer decrypts: {ex.ErrorCode}: {ex.Message}");
            }
        });

        return [.. problems];
    }

    private static async Task VerifyKeysAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, HashSet<string> keys, ConcurrentQueue<string> problems)
    {
        foreach (var (keyId, description) in ledger.Keys)
        {
            if (!keys.Contains(keyId))
            {
                problems.Enqueue($"Key {keyId} ({description}) was acknowledged but is not listed.");
                continue;
            }

            var metadata = (await client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId })).KeyMetadata;
            if (metadata.Description != description || metadata.KeyState != KeyState.Enabled)
            {
                problems.Enqueue($"Key {keyId}: description '{metadata.Description}', state {metadata.KeyState}; expected '{description}', Enabled.");
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

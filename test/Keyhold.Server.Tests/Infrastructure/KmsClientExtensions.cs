using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>Short forms of the SDK calls most tests repeat; every call carries the test timeout.</summary>
internal static class KmsClientExtensions
{
    public static async Task<KeyMetadata> CreateTestKeyAsync(this IAmazonKeyManagementService client, string? description = null) =>
        (await client.CreateKeyAsync(new CreateKeyRequest { Description = description }).WithTimeout()).KeyMetadata;

    public static async Task<KeyMetadata> DescribeAsync(this IAmazonKeyManagementService client, string keyId) =>
        (await client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }).WithTimeout()).KeyMetadata;

    public static async Task<byte[]> EncryptBytesAsync(
        this IAmazonKeyManagementService client, string keyId, byte[] plaintext, Dictionary<string, string>? context = null)
    {
        var response = await client.EncryptAsync(new EncryptRequest
        {
            KeyId = keyId,
            Plaintext = new MemoryStream(plaintext),
            EncryptionContext = context,
        }).WithTimeout();
        return response.CiphertextBlob.ToArray();
    }

    public static async Task<byte[]> DecryptBytesAsync(
        this IAmazonKeyManagementService client, byte[] ciphertext, Dictionary<string, string>? context = null, string? keyId = null)
    {
        var response = await client.DecryptAsync(Decrypt(ciphertext, context, keyId)).WithTimeout();
        return response.Plaintext.ToArray();
    }

    public static DecryptRequest Decrypt(byte[] ciphertext, Dictionary<string, string>? context = null, string? keyId = null) => new()
    {
        CiphertextBlob = new MemoryStream(ciphertext),
        EncryptionContext = context,
        KeyId = keyId,
    };

    public static Task CreateAliasForAsync(this IAmazonKeyManagementService client, string aliasName, string targetKeyId) =>
        client.CreateAliasAsync(new CreateAliasRequest { AliasName = aliasName, TargetKeyId = targetKeyId }).WithTimeout();

    /// <summary>Every alias of the caller (optionally of one key), following NextMarker.</summary>
    public static async Task<List<AliasListEntry>> ListAllAliasesAsync(this IAmazonKeyManagementService client, string? keyId = null)
    {
        var all = new List<AliasListEntry>();
        string? marker = null;
        do
        {
            var page = await client.ListAliasesAsync(new ListAliasesRequest { KeyId = keyId, Marker = marker }).WithTimeout();
            all.AddRange(page.Aliases ?? []);
            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return all;
    }

    /// <summary>Every key id of the caller in the client's region, following NextMarker.</summary>
    public static async Task<List<string>> ListAllKeyIdsAsync(this IAmazonKeyManagementService client)
    {
        var all = new List<string>();
        string? marker = null;
        do
        {
            var page = await client.ListKeysAsync(new ListKeysRequest { Marker = marker }).WithTimeout();
            all.AddRange((page.Keys ?? []).Select(k => k.KeyId));
            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (marker is not null);
        return all;
    }

    public static async Task<Dictionary<string, string>> ListTagsAsync(this IAmazonKeyManagementService client, string keyId)
    {
        var response = await client.ListResourceTagsAsync(new ListResourceTagsRequest { KeyId = keyId }).WithTimeout();
        return (response.Tags ?? []).ToDictionary(t => t.TagKey, t => t.TagValue, StringComparer.Ordinal);
    }

    public static async Task<string> GetPolicyAsync(this IAmazonKeyManagementService client, string keyId) =>
        (await client.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = keyId }).WithTimeout()).Policy;

    public static Task ScheduleDeletionAsync(this IAmazonKeyManagementService client, string keyId, int? days = null) =>
        client.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = days }).WithTimeout();

    public static Task DisableAsync(this IAmazonKeyManagementService client, string keyId) =>
        client.DisableKeyAsync(new DisableKeyRequest { KeyId = keyId }).WithTimeout();
}

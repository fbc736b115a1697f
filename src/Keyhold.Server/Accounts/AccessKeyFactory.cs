using System.Security.Cryptography;
using System.Text;
using Keyhold.Core.Accounts;
using Keyhold.Crypto.Protection;

namespace Keyhold.Server.Accounts;

/// <summary>Creates access keys in AWS's shape (<c>AKIA</c> + 16 characters, 40-character secret), secret sealed at rest.</summary>
internal static class AccessKeyFactory
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string SecretPurpose(string accessKeyId) => $"access-key/{accessKeyId}";

    public static (AccessKeyRecord Record, string Secret) Create(DomainKeyRing ring, string accountId, string? userName, DateTimeOffset now)
    {
        var id = "AKIA" + RandomNumberGenerator.GetString(IdAlphabet, 16);
        var secret = RandomNumberGenerator.GetString(SecretAlphabet, 40);
        var record = new AccessKeyRecord
        {
            AccessKeyId = id,
            AccountId = accountId,
            UserName = userName,
            WrappedSecret = ring.Seal(Encoding.UTF8.GetBytes(secret), SecretPurpose(id)),
            Active = true,
            CreatedAt = now,
        };
        return (record, secret);
    }

    public static string NewAccountId() => string.Concat(Enumerable.Range(0, 12).Select(i => (char)('0' + RandomNumberGenerator.GetInt32(i == 0 ? 1 : 0, 10))));
}

using System.Text.Json.Serialization;
using Keyhold.Cli.ReEncrypt;

namespace Keyhold.Cli.Wire;

/// <summary>
/// The CLI's one source-generated serializer context: Keyhold's operations, error bodies, reencrypt's JSON input
/// lines and encryption contexts. Names are the wire's; nulls are omitted as AWS omits absent members.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(RotateAliasRequest))]
[JsonSerializable(typeof(RotateAliasResponse))]
[JsonSerializable(typeof(AliasNameRequest))]
[JsonSerializable(typeof(GetAliasHistoryResponse))]
[JsonSerializable(typeof(KeyIdRequest))]
[JsonSerializable(typeof(GetKeyUsageResponse))]
[JsonSerializable(typeof(ListAuditEventsRequest))]
[JsonSerializable(typeof(ListAuditEventsResponse))]
[JsonSerializable(typeof(VerifyAuditTrailRequest))]
[JsonSerializable(typeof(VerifyAuditTrailResponse))]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(UserNameRequest))]
[JsonSerializable(typeof(CreateUserResponse))]
[JsonSerializable(typeof(ListUsersResponse))]
[JsonSerializable(typeof(PutUserPolicyRequest))]
[JsonSerializable(typeof(UserPolicyRequest))]
[JsonSerializable(typeof(GetUserPolicyResponse))]
[JsonSerializable(typeof(ListUserPoliciesResponse))]
[JsonSerializable(typeof(CreateAccessKeyResponse))]
[JsonSerializable(typeof(ListAccessKeysResponse))]
[JsonSerializable(typeof(UpdateAccessKeyRequest))]
[JsonSerializable(typeof(DeleteAccessKeyRequest))]
[JsonSerializable(typeof(CreateAccountResponse))]
[JsonSerializable(typeof(CiphertextLine))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
}

using System.Text.Json.Serialization;
using Keyhold.Server.Wire;

namespace Keyhold.Server.Protocol;

/// <summary>
/// The one source-generated serializer context for every wire shape (STYLE.md 7): no reflection on the hot path.
/// Member names are the service model's, nulls are omitted as AWS omits absent members.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter), typeof(TruncatingInt32Converter)])]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ListAuditEventsRequest))]
[JsonSerializable(typeof(ListAuditEventsResponse))]
[JsonSerializable(typeof(VerifyAuditTrailRequest))]
[JsonSerializable(typeof(VerifyAuditTrailResponse))]
[JsonSerializable(typeof(CreateGrantRequest))]
[JsonSerializable(typeof(CreateGrantResponse))]
[JsonSerializable(typeof(ListGrantsRequest))]
[JsonSerializable(typeof(ListRetirableGrantsRequest))]
[JsonSerializable(typeof(ListGrantsResponse))]
[JsonSerializable(typeof(RetireGrantRequest))]
[JsonSerializable(typeof(RevokeGrantRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(CreateKeyResponse))]
[JsonSerializable(typeof(DescribeKeyRequest))]
[JsonSerializable(typeof(DescribeKeyResponse))]
[JsonSerializable(typeof(ListKeysRequest))]
[JsonSerializable(typeof(ListKeysResponse))]
[JsonSerializable(typeof(UpdateKeyDescriptionRequest))]
[JsonSerializable(typeof(KeyIdRequest))]
[JsonSerializable(typeof(ScheduleKeyDeletionRequest))]
[JsonSerializable(typeof(ScheduleKeyDeletionResponse))]
[JsonSerializable(typeof(CancelKeyDeletionResponse))]
[JsonSerializable(typeof(AliasRequest))]
[JsonSerializable(typeof(ListAliasesRequest))]
[JsonSerializable(typeof(ListAliasesResponse))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(ListResourceTagsRequest))]
[JsonSerializable(typeof(ListResourceTagsResponse))]
[JsonSerializable(typeof(GetKeyPolicyRequest))]
[JsonSerializable(typeof(GetKeyPolicyResponse))]
[JsonSerializable(typeof(PutKeyPolicyRequest))]
[JsonSerializable(typeof(ListKeyPoliciesRequest))]
[JsonSerializable(typeof(ListKeyPoliciesResponse))]
[JsonSerializable(typeof(EncryptRequest))]
[JsonSerializable(typeof(EncryptResponse))]
[JsonSerializable(typeof(DecryptRequest))]
[JsonSerializable(typeof(DecryptResponse))]
[JsonSerializable(typeof(ReEncryptRequest))]
[JsonSerializable(typeof(ReEncryptResponse))]
[JsonSerializable(typeof(GenerateDataKeyRequest))]
[JsonSerializable(typeof(GenerateDataKeyResponse))]
[JsonSerializable(typeof(GenerateRandomRequest))]
[JsonSerializable(typeof(GenerateRandomResponse))]
[JsonSerializable(typeof(EnableKeyRotationRequest))]
[JsonSerializable(typeof(GetKeyRotationStatusResponse))]
[JsonSerializable(typeof(RotateKeyOnDemandResponse))]
[JsonSerializable(typeof(ListKeyRotationsRequest))]
[JsonSerializable(typeof(ListKeyRotationsResponse))]
[JsonSerializable(typeof(GetKeyLastUsageResponse))]
[JsonSerializable(typeof(RotateAliasRequest))]
[JsonSerializable(typeof(RotateAliasResponse))]
[JsonSerializable(typeof(AliasNameRequest))]
[JsonSerializable(typeof(GetAliasHistoryResponse))]
[JsonSerializable(typeof(GetKeyUsageResponse))]
internal sealed partial class KmsJsonContext : JsonSerializerContext
{
}

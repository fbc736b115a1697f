namespace Keyhold.Server.Wire;

// Tagging operations.

internal sealed record Tag(string? TagKey, string? TagValue);

internal sealed record TagResourceRequest(string? KeyId, List<Tag>? Tags);

internal sealed record UntagResourceRequest(string? KeyId, List<string>? TagKeys);

internal sealed record ListResourceTagsRequest(string? KeyId, int? Limit, string? Marker);

internal sealed record ListResourceTagsResponse(List<Tag> Tags, string? NextMarker, bool Truncated);

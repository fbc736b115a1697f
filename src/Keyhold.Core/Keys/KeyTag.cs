namespace Keyhold.Core.Keys;

/// <summary>A tag on a key, as AWS's Tag shape.</summary>
public sealed record KeyTag(string TagKey, string TagValue);

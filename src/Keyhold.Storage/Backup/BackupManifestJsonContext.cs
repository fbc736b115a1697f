using System.Text.Json.Serialization;

namespace Keyhold.Storage.Backup;

/// <summary>Source-generated (de)serialization of <see cref="BackupManifest"/>: camelCase, indented so an operator can read it.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(BackupManifest))]
internal sealed partial class BackupManifestJsonContext : JsonSerializerContext;

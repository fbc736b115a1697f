using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyhold.Storage.Backup;

/// <summary>Source-generated (de)serialization of <see cref="BackupManifest"/>: camelCase, indented so an operator can read it.</summary>
[JsonSerializable(typeof(BackupManifest))]
internal sealed partial class BackupManifestJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The options the manifest is written and read with. The relaxed encoder keeps '+' in a version readable; the
    /// manifest is a file, never embedded in HTML.
    /// </summary>
    public static BackupManifestJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

namespace Keyhold.Protocol.Validation;

/// <summary>The service-model shape types KMS uses (<c>"type"</c> in kms-service-2.json).</summary>
internal enum ShapeKind
{
    Structure,
    List,
    Map,
    String,
    Blob,
    Integer,
    Long,
    Boolean,
    Timestamp,
}

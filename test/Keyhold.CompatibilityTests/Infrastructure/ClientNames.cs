namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>The clients of the matrix, in column order.</summary>
internal static class ClientNames
{
    public const string AwsCliV1 = "aws CLI v1";
    public const string AwsCliV2 = "aws CLI v2";
    public const string DotnetSdk = "AWS SDK for .NET";
    public const string JavaScriptSdk = "AWS SDK for JavaScript v3";
    public const string Boto3 = "boto3 (Python)";
    public const string EncryptionSdk = "AWS Encryption SDK for JavaScript";

    public static readonly IReadOnlyList<string> All = [AwsCliV1, AwsCliV2, DotnetSdk, JavaScriptSdk, Boto3, EncryptionSdk];
}

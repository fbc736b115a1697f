using System.Text.RegularExpressions;
using Keyhold.CompatibilityTests.Infrastructure;

namespace Keyhold.CompatibilityTests;

/// <summary>
/// Runs a KMS scenario script (clients/js/kms-scenario.mjs, clients/python/kms_scenario.py: the same steps, the same
/// facts) and checks each step's facts, recording every operation for the matrix.
/// </summary>
internal static partial class KmsScenarioScripts
{
    public static async Task RunAndCheckAsync(CompatibilityEnvironment environment, string client, string interpreter, string script, string alias)
    {
        var report = await ClientScript.RunAsync(interpreter, script, environment.Administrator, environment.Server.Endpoint, new Dictionary<string, string>
        {
            ["ALIAS_NAME"] = alias,
            ["DENIED_ACCESS_KEY_ID"] = environment.Denied.AccessKeyId,
            ["DENIED_SECRET_ACCESS_KEY"] = environment.Denied.SecretAccessKey,
        });
        var scenario = new ClientScenario(environment.Results, client);
        var account = environment.Server.AccountId;

        await scenario.CheckAsync(OperationNames.CreateKey, () =>
        {
            var keyId = report.String("CreateKey", "keyId");
            Assert.Equal($"arn:aws:kms:us-east-1:{account}:key/{keyId}", report.String("CreateKey", "arn"));
            Assert.Equal("SYMMETRIC_DEFAULT", report.String("CreateKey", "keySpec"));
            Assert.True(report.Bool("CreateKey", "enabled"));
        });
        await scenario.CheckAsync(OperationNames.CreateAlias, () =>
            Assert.Equal(report.String("CreateKey", "keyId"), report.String("CreateAlias", "aliasKeyId")));
        await scenario.CheckAsync(OperationNames.EncryptDecrypt, () =>
        {
            Assert.True(report.Bool("EncryptDecrypt", "roundTrip"));
            Assert.Equal(report.String("CreateKey", "arn"), report.String("EncryptDecrypt", "encryptKeyId"));
            Assert.Equal(report.String("CreateKey", "arn"), report.String("EncryptDecrypt", "decryptKeyId"));
        });
        await scenario.CheckAsync(OperationNames.GenerateDataKey, () =>
        {
            Assert.Equal(32, report.Int("GenerateDataKey", "plaintextLength"));
            Assert.True(report.Bool("GenerateDataKey", "decryptMatches"));
        });
        await scenario.CheckAsync(OperationNames.EnableKeyRotation, () => Assert.True(report.Bool("Rotation", "rotationEnabled")));
        await scenario.CheckAsync(OperationNames.RotateKeyOnDemand, () =>
        {
            Assert.Equal(1, report.Int("Rotation", "rotations"));
            Assert.True(report.Bool("Rotation", "oldCiphertextDecrypts"));
        });
        await scenario.CheckAsync(OperationNames.ListKeysPagination, () =>
        {
            // The environment made extra keys: with two keys a page there are always several pages.
            Assert.True(report.Int("ListKeysPagination", "pages") >= 3, $"pages: {report.Int("ListKeysPagination", "pages")}");
            Assert.True(report.Bool("ListKeysPagination", "containsCreatedKey"));
        });
        await scenario.CheckAsync(OperationNames.NotFound, () => AssertError(report, "NotFoundException", "NotFoundException", "is not found"));
        await scenario.CheckAsync(OperationNames.InvalidCiphertext, () => AssertError(report, "InvalidCiphertextException", "InvalidCiphertextException", null));
        await scenario.CheckAsync(OperationNames.Validation, () => AssertError(report, "ValidationException", "ValidationException", "1 validation error detected"));
        await scenario.CheckAsync(OperationNames.AccessDenied, () => AssertError(report, "AccessDeniedException", "AccessDeniedException", $"user/{CompatibilityEnvironment.DeniedUser} is not authorized"));
        await scenario.CheckAsync(OperationNames.Disabled, () => AssertError(report, "DisabledException", "DisabledException", "is disabled"));
        scenario.AssertAllPassed();
    }

    private static void AssertError(ScriptReport report, string step, string expectedCode, string? messageContains)
    {
        Assert.Equal(expectedCode, report.String(step, "errorName"));
        Assert.Equal(400, report.Int(step, "httpStatus"));
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, report.String(step, "message"), StringComparison.Ordinal);
        }

        // boto3 raises the modeled errors as their own classes (kms.exceptions.NotFoundException): check it does.
        if (report.Step(step).TryGetProperty("exceptionClass", out var exceptionClass) && ModeledErrors().IsMatch(expectedCode))
        {
            Assert.Equal(expectedCode, exceptionClass.GetString());
        }
    }

    // The KMS service model's own errors (the others are generic ClientError in boto3).
    [GeneratedRegex("^(NotFound|Disabled|InvalidCiphertext)Exception$")]
    private static partial Regex ModeledErrors();
}

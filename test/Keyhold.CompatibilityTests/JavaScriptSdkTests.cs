using Keyhold.CompatibilityTests.Infrastructure;

namespace Keyhold.CompatibilityTests;

/// <summary>The AWS SDK for JavaScript v3 (@aws-sdk/client-kms, pinned in clients/js/package-lock.json).</summary>
[Collection(CompatibilitySuite.Name)]
public sealed class JavaScriptSdkTests(CompatibilityEnvironment environment)
{
    [Fact]
    public async Task KmsScenario_JavaScriptSdkV3_EveryOperationAndErrorAsAws()
    {
        await ClientTools.EnsureJavaScriptPackagesAsync();
        await KmsScenarioScripts.RunAndCheckAsync(environment, ClientNames.JavaScriptSdk, ClientTools.Node,
            Path.Combine(RepositoryPaths.JavaScriptClients, "kms-scenario.mjs"), "alias/compat-javascript");
    }
}

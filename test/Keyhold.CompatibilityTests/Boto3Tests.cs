using Keyhold.CompatibilityTests.Infrastructure;

namespace Keyhold.CompatibilityTests;

/// <summary>boto3 from the pyenv Python (the same one that carries the aws CLI v1).</summary>
[Collection(CompatibilitySuite.Name)]
public sealed class Boto3Tests(CompatibilityEnvironment environment)
{
    [Fact]
    public async Task KmsScenario_Boto3_EveryOperationAndErrorAsAws()
    {
        var python = await ClientTools.PythonWithBoto3Async();
        await KmsScenarioScripts.RunAndCheckAsync(environment, ClientNames.Boto3, python,
            Path.Combine(RepositoryPaths.PythonClients, "kms_scenario.py"), "alias/compat-boto3");
    }
}

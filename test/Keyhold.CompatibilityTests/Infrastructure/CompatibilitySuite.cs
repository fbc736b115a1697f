namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>Every compatibility test class shares one <see cref="CompatibilityEnvironment"/> (one server, one results file).</summary>
[CollectionDefinition(Name)]
public sealed class CompatibilitySuite : ICollectionFixture<CompatibilityEnvironment>
{
    public const string Name = "Compatibility";
}

using Keyhold.CompatibilityTests.Infrastructure;

namespace Keyhold.CompatibilityTests;

/// <summary>The generator of docs/compatibility.md's table, and that the committed document has a generated table.</summary>
public sealed class CompatibilityMatrixTests
{
    [Fact]
    public void Render_MixedOutcomes_ShowsWorstOutcomePerCellAndFootnotes()
    {
        CompatibilityResult[] results =
        [
            new("cli", "Encrypt", Outcome.Passed, null),
            new("sdk", "Encrypt", Outcome.Passed, null),
            new("sdk", "Encrypt", Outcome.Failed, "boom"),
            new("cli", "Rotate", Outcome.NotInClient, "too old"),
        ];

        var table = CompatibilityMatrix.Render(results, ["cli", "sdk"], ["Encrypt", "Rotate"]);

        Assert.Equal("| Operation | cli | sdk |\n|---|---|---|\n| Encrypt | ✅ | ❌ |\n| Rotate | n/a [1] |  |\n\n[1] too old\n", table);
    }

    [Fact]
    public void ReplaceMatrix_DocumentWithMarkers_ReplacesOnlyTheGeneratedPart()
    {
        var document = $"# Title\n{CompatibilityMatrix.BeginMarker}\nold\n{CompatibilityMatrix.EndMarker}\nsnippets\n";

        var updated = CompatibilityMatrix.ReplaceMatrix(document, "new\n");

        Assert.Equal($"# Title\n{CompatibilityMatrix.BeginMarker}\nnew\n{CompatibilityMatrix.EndMarker}\nsnippets\n", updated);
    }

    [Fact]
    public void CompatibilityDocument_Committed_HasAGeneratedMatrixForEveryClient()
    {
        var document = File.ReadAllText(RepositoryPaths.CompatibilityDocument);

        var begin = document.IndexOf(CompatibilityMatrix.BeginMarker, StringComparison.Ordinal);
        var end = document.IndexOf(CompatibilityMatrix.EndMarker, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/compatibility.md has no generated matrix section.");
        var matrix = document[begin..end];
        Assert.All(ClientNames.All, client => Assert.Contains(client, matrix, StringComparison.Ordinal));
        Assert.All(OperationNames.All, operation => Assert.Contains(operation, matrix, StringComparison.Ordinal));
    }
}

using Keyhold.Storage.Migration;

namespace Keyhold.Storage.Tests.Migration;

public sealed class TableOrderTests
{
    [Fact]
    public void Sort_ReferencesDeclaredLater_PutsReferencedTablesFirstAndKeepsCatalogueOrderOtherwise()
    {
        var order = TableOrder.Sort(
            ["grants", "aliases", "accounts", "keys", "audit_events"],
            new Dictionary<string, IReadOnlyCollection<string>>
            {
                ["grants"] = ["keys"],
                ["aliases"] = ["keys", "aliases"],
                ["keys"] = ["accounts", "not_copied"],
            });

        Assert.Equal(["accounts", "keys", "grants", "aliases", "audit_events"], order);
    }

    [Fact]
    public void Sort_ReferenceCycle_ThrowsNamingTheTables()
    {
        var error = Assert.Throws<StoreMigrationException>(() => TableOrder.Sort(
            ["accounts", "a", "b"],
            new Dictionary<string, IReadOnlyCollection<string>> { ["a"] = ["b"], ["b"] = ["a"] }));

        Assert.Contains("a, b form a cycle", error.Message, StringComparison.Ordinal);
    }
}

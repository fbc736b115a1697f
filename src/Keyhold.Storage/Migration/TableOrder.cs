namespace Keyhold.Storage.Migration;

/// <summary>
/// Orders tables so that every table comes after the tables its foreign keys reference: the order in which rows can be
/// inserted into a database whose foreign keys are checked at once (PostgreSQL's are not deferrable).
/// </summary>
internal static class TableOrder
{
    /// <summary>
    /// A topological order of <paramref name="tables"/> (given in catalogue order, which breaks ties so the result is
    /// stable); <paramref name="references"/> maps a table to the tables it references. Self-references and references
    /// to tables outside the list are ignored; a cycle is refused.
    /// </summary>
    public static IReadOnlyList<string> Sort(IReadOnlyList<string> tables, IReadOnlyDictionary<string, IReadOnlyCollection<string>> references)
    {
        var ordered = new List<string>(tables.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var known = new HashSet<string>(tables, StringComparer.Ordinal);
        while (ordered.Count < tables.Count)
        {
            // The first table (in catalogue order) whose referenced tables are all placed; O(n²), n is a dozen.
            var next = tables.FirstOrDefault(table => !placed.Contains(table) && DependenciesOf(table).All(placed.Contains));
            if (next is null)
            {
                var rest = tables.Where(t => !placed.Contains(t));
                throw new StoreMigrationException(
                    $"The foreign keys between tables {string.Join(", ", rest)} form a cycle, so no copy order exists. Nothing was written.");
            }

            ordered.Add(next);
            placed.Add(next);
        }

        return ordered;

        IEnumerable<string> DependenciesOf(string table) =>
            references.TryGetValue(table, out var referenced)
                ? referenced.Where(r => known.Contains(r) && !string.Equals(r, table, StringComparison.Ordinal))
                : [];
    }
}

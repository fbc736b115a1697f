using System.Text.Json;

namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>Every (client, operation, outcome) the tests of this run recorded; saved as JSON for the matrix generator.</summary>
public sealed class CompatibilityResults
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private readonly List<CompatibilityResult> _results = [];
    private readonly Lock _lock = new();

    public void Record(string client, string operation, Outcome outcome, string? note = null)
    {
        lock (_lock)
        {
            _results.Add(new CompatibilityResult(client, operation, outcome, note));
        }
    }

    public IReadOnlyList<CompatibilityResult> Snapshot()
    {
        lock (_lock)
        {
            return [.. _results];
        }
    }

    public static void Save(IReadOnlyList<CompatibilityResult> results, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(results, JsonOptions));
    }

    public static IReadOnlyList<CompatibilityResult> Load(string path) =>
        JsonSerializer.Deserialize<List<CompatibilityResult>>(File.ReadAllText(path), JsonOptions) ?? [];
}

using System.Text.Json;

namespace Keyhold.CompatibilityTests.Infrastructure;

/// <summary>The facts a scenario script printed for each of its steps (or the error a step threw).</summary>
internal sealed class ScriptReport(JsonElement steps, string output)
{
    /// <summary>The facts of <paramref name="name"/>; a missing step or one that threw fails with the script's output.</summary>
    public JsonElement Step(string name)
    {
        Assert.True(steps.TryGetProperty(name, out var step), $"The script reported no step {name}.\n{output}");
        Assert.False(step.TryGetProperty("error", out var error), $"Step {name} threw {error}.");
        return step;
    }

    public string String(string step, string fact) => Step(step).GetProperty(fact).GetString() ?? string.Empty;

    public bool Bool(string step, string fact) => Step(step).GetProperty(fact).GetBoolean();

    public int Int(string step, string fact) => Step(step).GetProperty(fact).GetInt32();
}

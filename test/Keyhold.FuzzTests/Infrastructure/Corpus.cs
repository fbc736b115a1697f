namespace Keyhold.FuzzTests.Infrastructure;

/// <summary>
/// The regression corpus: <c>Corpus/&lt;target&gt;/*</c>, one input per file, copied next to the test assembly.
/// Inputs that once crashed a parser stay here so the fix keeps holding without the generator finding them again.
/// </summary>
internal static class Corpus
{
    public static TheoryData<string> Files(string target)
    {
        var data = new TheoryData<string>();
        var directory = Path.Combine(AppContext.BaseDirectory, "Corpus", target);
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static byte[] Read(string target, string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Corpus", target, name));
}

namespace Keyhold.Cli.Output;

/// <summary>A plain-text table: a header row and left-aligned columns two spaces apart, sized to their widest cell.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public void AddRow(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = new int[headers.Length];
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                writer.Write(row[i].PadRight(widths[i] + 2));
            }

            writer.WriteLine(row[^1]);
        }
    }
}

using Keyhold.Cli.Output;

namespace Keyhold.Cli.Tests.Output;

public sealed class TextTableTests
{
    [Fact]
    public void WriteTo_Rows_AlignsColumnsTwoSpacesApartWithoutTrailingSpaces()
    {
        var table = new TextTable("WHEN", "CHANGE", "BY");
        table.AddRow("2026-12-03T10:00:00Z", "Create", "arn:aws:iam::111122223333:user/admin");
        table.AddRow("2026-12-04T10:00:00Z", "Update", "-");
        using var writer = new StringWriter { NewLine = "\n" };

        table.WriteTo(writer);

        Assert.Equal(
            "WHEN                  CHANGE  BY\n"
            + "2026-12-03T10:00:00Z  Create  arn:aws:iam::111122223333:user/admin\n"
            + "2026-12-04T10:00:00Z  Update  -\n",
            writer.ToString());
    }

    [Fact]
    public void AddRow_WrongNumberOfCells_Throws()
    {
        var table = new TextTable("A", "B");

        Assert.Throws<ArgumentException>(() => table.AddRow("only one"));
    }
}

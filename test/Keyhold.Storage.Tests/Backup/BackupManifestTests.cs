using System.Text;
using Keyhold.Storage.Backup;

namespace Keyhold.Storage.Tests.Backup;

public sealed class BackupManifestTests
{
    private static readonly BackupManifest Sample = new()
    {
        Format = BackupManifest.CurrentFormat,
        KeyholdVersion = "1.2.3+abc",
        SchemaVersion = 3,
        CreatedAt = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.Zero),
        RootKeyFingerprint = "0123456789abcdef",
        IncludesRootKey = false,
        Database = new BackupDatabaseFile(4096, new string('a', 64)),
        Tables = [new BackupTable("accounts", 1), new BackupTable("keys", 42)],
    };

    [Fact]
    public void ToJson_ThenParse_RoundTripsEveryField()
    {
        var parsed = BackupManifest.Parse(Sample.ToJson());

        Assert.Equal(Sample with { Tables = parsed.Tables }, parsed);
        Assert.Equal(Sample.Tables, parsed.Tables);
        Assert.Equal(43, parsed.TotalRows);
    }

    [Fact]
    public void ToJson_Always_IsReadableCamelCaseWithoutTheRootKey()
    {
        var json = Encoding.UTF8.GetString(Sample.ToJson());

        Assert.Contains("\"format\": \"keyhold-backup/1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"rootKeyFingerprint\": \"0123456789abcdef\"", json, StringComparison.Ordinal);
        Assert.Contains("\"keyholdVersion\": \"1.2.3+abc\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("totalRows", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherFormat_ThrowsBackupException()
    {
        var json = Encoding.UTF8.GetString(Sample.ToJson()).Replace("keyhold-backup/1", "keyhold-backup/9", StringComparison.Ordinal);

        var ex = Assert.Throws<BackupException>(() => BackupManifest.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("keyhold-backup/9", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"format\":\"keyhold-backup/1\"}")]
    [InlineData("{\"format\":\"keyhold-backup/1\",\"keyholdVersion\":\"1\",\"schemaVersion\":3,\"createdAt\":\"2025-01-01T00:00:00Z\",\"rootKeyFingerprint\":null,\"includesRootKey\":false,\"database\":null,\"tables\":[]}")]
    public void Parse_MalformedOrIncomplete_ThrowsBackupException(string json)
    {
        Assert.Throws<BackupException>(() => BackupManifest.Parse(Encoding.UTF8.GetBytes(json)));
    }
}

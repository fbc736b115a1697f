using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Keyhold.Core.Grants;

namespace Keyhold.Storage.Shared;

/// <summary>
/// Reading the grants table, the same in both backends, and the text encodings of its list columns: operations as a
/// JSON array in request order, encryption context constraints as canonical JSON objects (keys in ordinal order, no
/// whitespace), null when absent. Written with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>,
/// so no reflection is involved.
/// </summary>
internal static class GrantRows
{
    /// <summary>The grants columns in the order <see cref="ReadGrant"/> expects.</summary>
    public const string Columns =
        "grant_id, account_id, region, key_id, name, grantee_principal, retiring_principal, issuing_account, operations, " +
        "ec_equals, ec_subset, grant_token, creation_date";

    /// <summary>The same SQL on both backends: the schema mirrors column for column.</summary>
    public const string InsertSql =
        $"INSERT INTO grants ({Columns}) VALUES (@grantId, @accountId, @region, @keyId, @name, @granteePrincipal, " +
        "@retiringPrincipal, @issuingAccount, @operations, @ecEquals, @ecSubset, @grantToken, @creationDate)";

    // Oldest first, so a retry is answered with the grant the first call created even if same-name grants with other
    // parameters were added since.
    public const string ByNameSql =
        $"SELECT {Columns} FROM grants WHERE key_id = @keyId AND name = @name ORDER BY creation_date, grant_id";

    /// <summary>
    /// ListGrants after <c>@after</c>, with only the filters that are set: one statement per combination rather than
    /// "(@x IS NULL OR ...)", so each can use its index. Parameters: @keyId, @after, @limit, and @grantId /
    /// @granteePrincipal when filtered.
    /// </summary>
    public static string ListSql(bool byGrantId, bool byGrantee) =>
        $"SELECT {Columns} FROM grants WHERE key_id = @keyId AND grant_id > @after"
        + (byGrantId ? " AND grant_id = @grantId" : string.Empty)
        + (byGrantee ? " AND grantee_principal = @granteePrincipal" : string.Empty)
        + " ORDER BY grant_id LIMIT @limit";

    public static GrantRecord ReadGrant(DbDataReader reader) => new()
    {
        GrantId = reader.GetString(0),
        AccountId = reader.GetString(1),
        Region = reader.GetString(2),
        KeyId = reader.GetString(3),
        Name = reader.IsDBNull(4) ? null : reader.GetString(4),
        GranteePrincipal = reader.GetString(5),
        RetiringPrincipal = reader.IsDBNull(6) ? null : reader.GetString(6),
        IssuingAccount = reader.GetString(7),
        Operations = ParseOperations(reader.GetString(8)),
        EncryptionContextEquals = reader.IsDBNull(9) ? null : ParseContext(reader.GetString(9)),
        EncryptionContextSubset = reader.IsDBNull(10) ? null : ParseContext(reader.GetString(10)),
        GrantToken = reader.GetString(11),
        CreationDate = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
    };

    /// <summary>Rejects a grant the columns cannot hold (a caller bug, not a conflict).</summary>
    public static void Validate(GrantRecord grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(grant.Operations, nameof(grant));
        foreach (var operation in grant.Operations)
        {
            ArgumentNullException.ThrowIfNull(operation, nameof(grant));
        }
    }

    /// <summary>The record exactly as a later read returns it (creation date in UTC whole milliseconds).</summary>
    public static GrantRecord AsStored(GrantRecord grant) => grant with
    {
        CreationDate = DateTimeOffset.FromUnixTimeMilliseconds(grant.CreationDate.ToUnixTimeMilliseconds()),
    };

    public static string FormatOperations(IReadOnlyList<string> operations) => WriteJson(operations, static (writer, operations) =>
    {
        writer.WriteStartArray();
        foreach (var operation in operations)
        {
            writer.WriteStringValue(operation);
        }

        writer.WriteEndArray();
    });

    /// <summary>Canonical JSON of the constraint, or null when there is none (an empty one is <c>{}</c>, not null).</summary>
    public static string? FormatContext(IReadOnlyDictionary<string, string>? context) => context is null
        ? null
        : WriteJson(context, static (writer, context) =>
        {
            writer.WriteStartObject();
            foreach (var (key, value) in context.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        });

    private static string[] ParseOperations(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static Dictionary<string, string> ParseContext(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    private static string WriteJson<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, state);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

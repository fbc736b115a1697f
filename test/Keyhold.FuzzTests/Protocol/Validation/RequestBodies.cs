using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Keyhold.FuzzTests.Protocol.Validation;

/// <summary>Generators of KMS request bodies: valid requests of several operations, then structurally broken ones.</summary>
internal static class RequestBodies
{
    public static readonly string[] Operations =
        ["Encrypt", "Decrypt", "GenerateDataKey", "CreateKey", "TagResource", "ListKeys", "CreateGrant", "ScheduleKeyDeletion", "Sign", "PutKeyPolicy"];

    private static readonly Gen<string> KeyId = Gen.Elements(
        "\"1234abcd-12ab-34cd-56ef-1234567890ab\"",
        "\"alias/my-key\"",
        "\"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"",
        "\"\"");

    private static readonly Gen<string> Base64 = Gen.Elements("\"AAECAwQ=\"", "\"\"", "\"SGVsbG8gd29ybGQ=\"", "\"not base64!\"", "\"AQ\"");

    private static readonly Gen<string> Context = Gen.Elements(
        "{}", "{\"purpose\":\"test\"}", "{\"a\":\"1\",\"b\":\"2\"}", "{\"\":\"\"}", "{\"k\":\"\\u00e9\\ud83d\\ude00\"}");

    private static readonly Gen<string> Tags = Gen.Elements(
        "[]", "[{\"TagKey\":\"k\",\"TagValue\":\"v\"}]", "[{\"TagKey\":\"aws:x\",\"TagValue\":\"\"}]", "[{\"TagKey\":\"k\"}]");

    /// <summary>Raw JSON values that are wrong, extreme or odd for any member.</summary>
    private static readonly Gen<string> OddValue = Gen.OneOf(
        Gen.Elements(
            "null", "true", "0", "-1", "1e400", "-1e400", "123456789012345678901234567890", "0.5", "-0", "1E+2",
            "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u202e\\ufeff\"", "\"\ud83d\ude00\"",
            "[]", "{}", "[null]", "{\"\":null}", "[[[]]]", "\"SYMMETRIC_DEFAULT\"", "2147483648", "-2147483649"),
        Gen.Choose(1, 200).Select(depth => new string('[', depth) + new string(']', depth)),
        Gen.Choose(1, 200).Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)),
        Gen.Choose(1, 70_000).Select(length => "\"" + new string('x', length) + "\""),
        Gen.Choose(1, 5_000).Select(count => "[" + string.Join(',', Enumerable.Repeat("\"a\"", count)) + "]"));

    /// <summary>A valid request body for <paramref name="operation"/> as (member, raw JSON value) pairs.</summary>
    public static Gen<List<(string Name, string Value)>> Valid(string operation) => operation switch
    {
        "Encrypt" => Members(("KeyId", KeyId), ("Plaintext", Base64), ("EncryptionContext", Context), ("EncryptionAlgorithm", Gen.Constant("\"SYMMETRIC_DEFAULT\""))),
        "Decrypt" => Members(("CiphertextBlob", Base64), ("KeyId", KeyId), ("EncryptionContext", Context), ("GrantTokens", Gen.Elements("[]", "[\"token\"]"))),
        "GenerateDataKey" => Members(("KeyId", KeyId), ("KeySpec", Gen.Elements("\"AES_256\"", "\"AES_128\"")), ("NumberOfBytes", Gen.Choose(1, 1024).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        "CreateKey" => Members(("Description", Gen.Elements("\"d\"", "\"\"")), ("KeyUsage", Gen.Elements("\"ENCRYPT_DECRYPT\"", "\"SIGN_VERIFY\"")), ("KeySpec", Gen.Elements("\"SYMMETRIC_DEFAULT\"", "\"RSA_2048\"")), ("Tags", Tags), ("Policy", Gen.Constant("\"{}\""))),
        "TagResource" => Members(("KeyId", KeyId), ("Tags", Tags)),
        "ListKeys" => Members(("Limit", Gen.Choose(0, 2000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))), ("Marker", Gen.Elements("\"m\"", "\"\""))),
        "CreateGrant" => Members(("KeyId", KeyId), ("GranteePrincipal", Gen.Constant("\"arn:aws:iam::111122223333:role/r\"")), ("Operations", Gen.Elements("[\"Encrypt\"]", "[\"Decrypt\",\"Encrypt\"]", "[]")), ("Constraints", Gen.Elements("{\"EncryptionContextSubset\":{\"a\":\"b\"}}", "{}"))),
        "ScheduleKeyDeletion" => Members(("KeyId", KeyId), ("PendingWindowInDays", Gen.Choose(0, 40).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        "Sign" => Members(("KeyId", KeyId), ("Message", Base64), ("SigningAlgorithm", Gen.Elements("\"RSASSA_PSS_SHA_256\"", "\"ECDSA_SHA_256\"")), ("MessageType", Gen.Elements("\"RAW\"", "\"DIGEST\""))),
        _ => Members(("KeyId", KeyId), ("PolicyName", Gen.Constant("\"default\"")), ("Policy", Gen.Constant("\"{\\\"Version\\\":\\\"2012-10-17\\\"}\""))),
    };

    /// <summary>A valid body with zero to four structural mutations: a member dropped, replaced by an odd value, duplicated or invented.</summary>
    public static Gen<List<(string Name, string Value)>> Mutated(string operation) =>
        from members in Valid(operation)
        from count in Gen.Choose(0, 4)
        from edits in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 3), Gen.Zip(Gen.Choose(0, 100), OddValue)), count)
        select Apply(members, edits);

    public static string Render(List<(string Name, string Value)> members)
    {
        var text = new StringBuilder("{");
        foreach (var (name, value) in members)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            text.Append('"').Append(name).Append("\":").Append(value);
        }

        return text.Append('}').ToString();
    }

    private static List<(string Name, string Value)> Apply(List<(string Name, string Value)> members, (int Kind, (int Index, string Value) Edit)[] edits)
    {
        var result = new List<(string Name, string Value)>(members);
        foreach (var (kind, (index, value)) in edits)
        {
            var at = result.Count == 0 ? 0 : index % result.Count;
            switch (kind)
            {
                case 0 when result.Count > 0:
                    result.RemoveAt(at);
                    break;
                case 1 when result.Count > 0:
                    result[at] = (result[at].Name, value);
                    break;
                case 2 when result.Count > 0:
                    result.Add((result[at].Name, value));
                    break;
                default:
                    result.Add(("Unknown" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), value));
                    break;
            }
        }

        return result;
    }

    private static Gen<List<(string Name, string Value)>> Members(params (string Name, Gen<string> Value)[] members) =>
        Gen.CollectToList(members, member =>
            from present in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
            from value in member.Value
            select present ? (member.Name, value) : (null!, null!))
        .Select(list => list.Where(m => m.Item1 is not null).Select(m => (m.Item1, m.Item2)).ToList());
}

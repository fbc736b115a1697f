using FsCheck;
using FsCheck.Fluent;
using Keyhold.FuzzTests.Infrastructure;

namespace Keyhold.FuzzTests.Protocol.Authentication;

/// <summary>One signed request as the server sees it: the three date/authorization headers and the canonical-request inputs.</summary>
internal sealed record SigV4Input(
    string? Authorization,
    string? AmzDate,
    string? Date,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    bool ClockAtRequestTime)
{
    public override string ToString() =>
        $"Authorization={Quote(Authorization)} X-Amz-Date={Quote(AmzDate)} Date={Quote(Date)} {Method} {Quote(Path)}?{Quote(Query)} " +
        $"headers=[{string.Join(", ", Headers.Select(h => h.Key + "=" + Quote(h.Value)))}] body={Convert.ToBase64String(Body)} clockAtRequest={ClockAtRequestTime}";

    private static string Quote(string? value) =>
        value is null ? "null" : System.Text.Json.JsonSerializer.Serialize(value);
}

/// <summary>Generators of SigV4 header sets: well-formed ones assembled from odd parts, then text-mutated.</summary>
internal static class SigV4Inputs
{
    private static readonly Gen<string> Piece = Gen.Elements(
        "", " ", "AKIAIOSFODNN7EXAMPLE", "20261204", "us-east-1", "kms", "sts", "aws4_request", "*", "/", "=", ",",
        "\u00e9", "\ud800", "\u0000", "19700101", "99991231", "20261304", new string('a', 300));

    private static readonly Gen<string> Credential = Gen.OneOf(
        Gen.Constant("AKIAIOSFODNN7EXAMPLE/20261204/us-east-1/kms/aws4_request"),
        Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Piece, n)).Select(parts => string.Join('/', parts)));

    private static readonly Gen<string> SignedHeaders = Gen.OneOf(
        Gen.Constant("content-type;host;x-amz-date;x-amz-target"),
        Gen.Constant("host"),
        Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements("host", "HOST", "x-amz-date", "", " ", "x-amz-target", "content-length", "a:b", "\u00e9", "date", "host"), n))
            .Select(names => string.Join(';', names)),
        Gen.Choose(0, 3000).Select(n => string.Join(';', Enumerable.Range(0, n).Select(i => "h" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

    private static readonly Gen<string> Signature = Gen.Elements(
        new string('0', 64), "", "zz", new string('f', 63), new string('F', 64), new string('a', 128), "\u0660\u0661");

    private static readonly Gen<string> Algorithm = Gen.Elements("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512", "AWS4-", "AWS4-ECDSA-P256-SHA256", "  AWS4-HMAC-SHA256");

    private static readonly Gen<string> WellFormedAuthorization =
        from algorithm in Algorithm
        from credential in Credential
        from signedHeaders in SignedHeaders
        from signature in Signature
        from separator in Gen.Elements(", ", ",", " ", ",,", ", , ")
        from order in Gen.Shuffle(new[] { "Credential=" + credential, "SignedHeaders=" + signedHeaders, "Signature=" + signature })
        select algorithm + " " + string.Join(separator, order);

    private static readonly Gen<string?> Authorization = Gen.Frequency(
        (6, WellFormedAuthorization.Select(a => (string?)a)),
        (6, WellFormedAuthorization.SelectMany(Mutations.Mutate).Select(a => (string?)a)),
        (1, Gen.Constant<string?>(null)),
        (1, Gen.Elements<string?>("", "AWS4-", "Bearer x", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 =", "AWS4-HMAC-SHA256 Credential")));

    private static readonly Gen<string?> AmzDate = Gen.Frequency(
        (6, Gen.Elements<string?>("20261204T090000Z", "20261204T235959Z", "19700101T000000Z", "99991231T235959Z")),
        (4, Gen.Constant("20261204T090000Z").SelectMany(Mutations.Mutate).Select(d => (string?)d)),
        (2, Gen.Elements<string?>(null, "", "20261304T090000Z", "20260230T090000Z", "20261204T250000Z", "20261204T090060Z", "2026-12-04T09:00:00Z", "\u0660\u0662\u0660\u0666\u0661\u0662\u0660\u0664T090000Z")));

    private static readonly Gen<string?> HttpDate = Gen.Elements<string?>(
        null, null, "Fri, 04 Dec 2026 09:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "garbage", "");

    private static readonly Gen<string> Path = Gen.OneOf(
        Gen.Elements("/", "//", "/./../a", "/%", "/%zz", "/%2F%2f", "/a b", "/\u00e9", "/%C3%A9", "/%ff%fe", "/" + new string('/', 500), ""),
        Gen.Constant("/a/b/../c").SelectMany(Mutations.Mutate));

    private static readonly Gen<string> Query = Gen.OneOf(
        Gen.Elements("", "a=1&b=2", "=", "&&", "a", "a=%", "a=%zz&a=%00", "b=2&a=1&a=0", "%ff=%fe", "x=\u00e9", "a=1;b=2"),
        Gen.Constant("Action=GetCallerIdentity&Version=2011-06-15").SelectMany(Mutations.Mutate));

    private static readonly Gen<IReadOnlyDictionary<string, string>> Headers =
        from host in Gen.Elements("127.0.0.1:4566", "", " a   b ", "\t", "h\u0000", "\u00e9")
        from target in Gen.Elements("TrentService.Encrypt", "", "  x  ,  y ")
        from extra in Gen.Elements("", "   ", "a\r\nb", new string(' ', 10_000))
        select (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["host"] = host,
            ["x-amz-target"] = target,
            ["content-type"] = extra,
        };

    public static readonly Gen<SigV4Input> Inputs =
        from authorization in Authorization
        from amzDate in AmzDate
        from date in HttpDate
        from method in Gen.Elements("POST", "GET", "post", "", "M\u00e9")
        from path in Path
        from query in Query
        from headers in Headers
        from body in Mutations.RandomBytes(256)
        from clockAtRequest in Gen.Elements(true, false)
        select new SigV4Input(authorization, amzDate, date, method, path, query, headers, body, clockAtRequest);
}

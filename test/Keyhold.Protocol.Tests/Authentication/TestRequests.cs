using System.Text;
using Keyhold.Protocol.Authentication;

namespace Keyhold.Protocol.Tests.Authentication;

/// <summary>Builds <see cref="SigV4Request"/>s the way Keyhold.Server does from ASP.NET Core's request.</summary>
internal static class TestRequests
{
    public const string SuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>
    /// Headers may repeat. Like Kestrel, each value is trimmed and the values of a repeated header are joined
    /// with ',' (StringValues.ToString()); names are looked up case-insensitively.
    /// </summary>
    public static SigV4Request Create(
        string method,
        string path,
        string query,
        IEnumerable<KeyValuePair<string, string>> headers,
        string body = "")
    {
        var byName = headers
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => string.Join(',', g.Select(h => h.Value.Trim(' ', '\t'))),
                StringComparer.OrdinalIgnoreCase);
        return new SigV4Request(method, path, query, name => byName.GetValueOrDefault(name))
        {
            Body = Encoding.UTF8.GetBytes(body),
        };
    }

    public static KeyValuePair<string, string> Header(string name, string value) => new(name, value);
}

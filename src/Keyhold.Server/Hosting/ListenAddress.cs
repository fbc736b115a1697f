using System.Globalization;
using System.Net;

namespace Keyhold.Server.Hosting;

/// <summary>A parsed <c>HOST:PORT</c> (IPv6 as <c>[::1]:PORT</c>; <c>localhost</c> means 127.0.0.1).</summary>
internal sealed record ListenAddress(IPAddress Address, int Port)
{
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    public static ListenAddress Parse(string value)
    {
        var separator = value.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(value.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new KeyholdStartupException($"--listen '{value}' is not HOST:PORT (e.g. 127.0.0.1:{KeyholdOptions.DefaultPort}).");
        }

        var host = value[..separator].Trim('[', ']');
        if (host == "localhost")
        {
            return new ListenAddress(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new ListenAddress(address, port)
            : throw new KeyholdStartupException($"--listen '{value}': '{host}' is not an IP address (use 127.0.0.1, [::1], 0.0.0.0 or a local address).");
    }
}

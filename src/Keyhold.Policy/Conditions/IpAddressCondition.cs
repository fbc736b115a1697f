using System.Net;

namespace Keyhold.Policy.Conditions;

/// <summary>IpAddress/NotIpAddress: the request address lies in one of the policy's CIDR ranges (IPv4 or IPv6; a bare address is a /32 or /128).</summary>
internal sealed class IpAddressCondition : ConditionClause
{
    private readonly IPNetwork[] _networks;

    public IpAddressCondition(string key, ConditionOptions options, IPNetwork[] networks)
        : base(key, options)
    {
        _networks = networks;
    }

    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        if (text.Contains('/', StringComparison.Ordinal))
        {
            // AWS accepts ranges with host bits set ("10.0.0.1/8"): keep the network part.
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (IPAddress.TryParse(text.AsSpan(0, slash), out var address)
                && int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
                && prefix <= (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
            {
                network = new IPNetwork(Mask(address, prefix), prefix);
                return true;
            }

            network = default;
            return false;
        }

        if (IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        network = default;
        return false;
    }

    protected override bool MatchesAny(string requestValue, IConditionValues context)
    {
        if (!IPAddress.TryParse(requestValue, out var address))
        {
            return false;
        }

        // An IPv4 client seen on a dual-stack socket arrives as ::ffff:a.b.c.d; match it against IPv4 ranges too.
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : null;
        foreach (var network in _networks)
        {
            if (network.Contains(address) || (mapped is not null && network.Contains(mapped)))
            {
                return true;
            }
        }

        return false;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }
}

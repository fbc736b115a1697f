using System.Text;

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// The <c>Credential</c> parameter, <c>AccessKeyId/yyyyMMdd/region/service/aws4_request</c>, checked against the
/// request date and the service the way AWS checks it.
/// </summary>
internal static class CredentialScope
{
    public static SigV4Credential Read(ReadOnlySpan<char> credential, string requestTimestamp, string service)
    {
        // AWS ignores trailing slashes: "AKID/20261203/us-east-1/kms/aws4_request/" is accepted.
        Span<Range> parts = stackalloc Range[6];
        var trimmed = credential.TrimEnd('/');
        if (trimmed.Split(parts, '/') != 5)
        {
            throw SigV4Errors.IncompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                + $"got '{credential}'");
        }

        var accessKeyId = trimmed[parts[0]];
        var scopeDate = trimmed[parts[1]];
        var region = trimmed[parts[2]];
        var scopeService = trimmed[parts[3]];
        var terminator = trimmed[parts[4]];
        var requestDate = requestTimestamp.AsSpan(0, 8);
        var regionValid = IsValidRegion(region);
        var serviceValid = scopeService.SequenceEqual(service);
        var terminatorValid = terminator.SequenceEqual(SigV4Parser.Terminator);
        var dateValid = scopeDate.SequenceEqual(requestDate);
        if (regionValid && serviceValid && terminatorValid && dateValid)
        {
            return new SigV4Credential(accessKeyId.ToString(), scopeDate.ToString(), region.ToString(), service);
        }

        // AWS reports every scope fault at once, each sentence ending ". " but the last one.
        var message = new StringBuilder();
        if (!regionValid)
        {
            message.Append("Credential should be scoped to a valid region, not '").Append(region).Append("'. ");
        }

        if (!serviceValid)
        {
            message.Append("Credential should be scoped to correct service: '").Append(service).Append("'. ");
        }

        if (!terminatorValid)
        {
            message.Append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
                .Append(terminator).Append("'. ");
        }

        if (!dateValid)
        {
            message.Append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '")
                .Append(scopeDate).Append("' != '").Append(requestDate).Append("', from '").Append(requestTimestamp)
                .Append("'.");
        }

        throw SigV4Errors.InvalidSignature(message.ToString());
    }

    /// <summary>
    /// Keyhold serves whichever region the caller signs for, so "valid" means shaped like an AWS region name:
    /// lowercase letters, digits and hyphens, starting with a letter.
    /// </summary>
    private static bool IsValidRegion(ReadOnlySpan<char> region)
    {
        if (region.Length is 0 or > 64 || !char.IsAsciiLetterLower(region[0]) || region[^1] == '-')
        {
            return false;
        }

        foreach (var c in region)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}

using System.Text;

namespace Keyhold.Protocol.Authentication;

/// <summary>
/// The <c>Credential</c> parameter, <c>AccessKeyId/yyyyMMdd/region/service/aws4_request</c>, checked against the
/// request date and the service the way AWS checks it.
/// </summary>
internal static class CredentialScope
{
    public static SigV4Credential Read(string credential, string requestTimestamp, string service)
    {
        // AWS ignores trailing slashes: "AKID/20261203/us-east-1/kms/aws4_request/" is accepted.
        var parts = credential.TrimEnd('/').Split('/');
        if (parts.Length != 5)
        {
            throw SigV4Errors.IncompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                + $"got '{credential}'");
        }

        var (accessKeyId, scopeDate, region, scopeService, terminator) = (parts[0], parts[1], parts[2], parts[3], parts[4]);
        var requestDate = requestTimestamp[..8];
        var regionValid = IsValidRegion(region);
        if (regionValid && scopeService == service && terminator == SigV4Parser.Terminator && scopeDate == requestDate)
        {
            return new SigV4Credential(accessKeyId, scopeDate, region, scopeService);
        }

        // AWS reports every scope fault at once, each sentence ending ". " except the last one.
        var message = new StringBuilder();
        if (!regionValid)
        {
            message.Append("Credential should be scoped to a valid region, not '").Append(region).Append("'. ");
        }

        if (scopeService != service)
        {
            message.Append("Credential should be scoped to correct service: '").Append(service).Append("'. ");
        }

        if (terminator != SigV4Parser.Terminator)
        {
            message.Append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
                .Append(terminator).Append("'. ");
        }

        if (scopeDate != requestDate)
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
    private static bool IsValidRegion(string region)
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

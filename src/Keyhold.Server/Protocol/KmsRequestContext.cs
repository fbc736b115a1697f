using Keyhold.Core.Accounts;

namespace Keyhold.Server.Protocol;

/// <summary>Who is calling and where: the authenticated principal and the region from the SigV4 credential scope.</summary>
internal sealed record KmsRequestContext(Principal Principal, string Region, string RequestId)
{
    public string AccountId => Principal.AccountId;
}

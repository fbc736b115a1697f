using Keyhold.Core.Accounts;
using Keyhold.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Keyhold.Server.Authentication;

/// <summary>
/// <c>--dev</c>: any well-formed SigV4 request is accepted without checking its signature, and every access key
/// acts as the root of the default account. Loopback only (enforced at start).
/// </summary>
internal sealed class DevRequestAuthenticator(DefaultAccount account) : IRequestAuthenticator
{
    public ValueTask<(Principal Principal, string Region)> AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, string service, CancellationToken cancellationToken)
    {
        var parsed = SigV4HttpRequest.Parse(request, service);
        var principal = new Principal(account.AccountId, $"arn:aws:iam::{account.AccountId}:root", parsed.Credential.AccessKeyId);
        return ValueTask.FromResult<(Principal, string)>((principal, parsed.Credential.Region));
    }
}

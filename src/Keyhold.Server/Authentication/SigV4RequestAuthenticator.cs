using Keyhold.Core.Accounts;
using Keyhold.Protocol.Authentication;
using Microsoft.AspNetCore.Http;

namespace Keyhold.Server.Authentication;

/// <summary>Production authentication: the access key must exist and be active, and the SigV4 signature must match.</summary>
internal sealed class SigV4RequestAuthenticator(AccessKeyCache accessKeys, TimeProvider time) : IRequestAuthenticator
{
    private readonly SigV4Verifier _verifier = new(time);

    public async ValueTask<(Principal Principal, string Region)> AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, string service, CancellationToken cancellationToken)
    {
        var sigV4 = SigV4HttpRequest.Create(request, body);
        var parsed = SigV4Parser.Parse(sigV4, service);
        var found = await accessKeys.GetAsync(parsed.Credential.AccessKeyId, cancellationToken).ConfigureAwait(false)
            ?? throw SigV4Errors.UnrecognizedClient();
        _verifier.Verify(sigV4, parsed, found.Secret);
        var key = found.Key;
        return (new Principal(key.AccountId, key.PrincipalArn, key.AccessKeyId), parsed.Credential.Region);
    }
}

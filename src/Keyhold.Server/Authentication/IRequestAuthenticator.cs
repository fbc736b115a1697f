using Keyhold.Core.Accounts;
using Microsoft.AspNetCore.Http;

namespace Keyhold.Server.Authentication;

/// <summary>Verifies the SigV4 signature of a request and says who sent it and for which region.</summary>
internal interface IRequestAuthenticator
{
    /// <remarks>The credential scope must name <paramref name="service"/>: <c>kms</c>, or <c>sts</c> for STS calls.</remarks>
    ValueTask<(Principal Principal, string Region)> AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, string service, CancellationToken cancellationToken);
}

using System.Text.Json;
using Keyhold.Core.Accounts;

namespace Keyhold.Server.Protocol;

/// <summary>
/// One request as the handlers and the authorizer see it: who is calling and where (the authenticated principal and
/// the region from the SigV4 credential scope), the operation, the validated JSON body (the source of the request's
/// policy condition values), and what the audit event records about it.
/// </summary>
internal sealed class KmsRequestContext(Principal principal, string region, string requestId)
{
    public Principal Principal { get; } = principal;

    public string Region { get; } = region;

    public string RequestId { get; } = requestId;

    public string AccountId => Principal.AccountId;

    /// <summary>The operation name as in X-Amz-Target (<c>Encrypt</c>, <c>CreateUser</c>).</summary>
    public string Operation { get; init; } = string.Empty;

    /// <summary>The request body; valid while the request runs. <c>default</c> when there is none.</summary>
    public JsonElement Body { get; init; }

    /// <summary>The client's address (aws:SourceIp).</summary>
    public string? SourceIp { get; init; }

    /// <summary>Whether the request came over TLS (aws:SecureTransport).</summary>
    public bool SecureTransport { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>ARNs of the keys the request acted on, in order, for the audit event's <c>resources</c>.</summary>
    public List<string> Resources { get; } = [];

    /// <summary>The grant that authorized the request's key access, when a grant (not a policy) did.</summary>
    public Core.Grants.GrantRecord? AuthorizingGrant { get; set; }

    /// <summary>Records that the request acted on <paramref name="keyArn"/> (once).</summary>
    public void AddResource(string keyArn)
    {
        if (!Resources.Contains(keyArn))
        {
            Resources.Add(keyArn);
        }
    }
}

namespace Keyhold.Server.Protocol;

/// <summary>Request limits enforced by the endpoint.</summary>
internal sealed record KeyholdLimits(long MaxRequestBodyBytes);

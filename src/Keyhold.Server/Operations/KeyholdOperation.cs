using Keyhold.Core.Errors;

namespace Keyhold.Server.Operations;

/// <summary>Base of Keyhold's own operations (<c>KeyholdService.*</c>): same pipeline, no service-model validation.</summary>
internal abstract class KeyholdOperation<TRequest, TResponse> : KmsOperation<TRequest, TResponse>
    where TRequest : class
{
    public override string Service => KmsTargets.KeyholdService;

    /// <summary>Required string members, checked in AWS's words since no service model covers these operations.</summary>
    protected static string Required(string? value, string member) =>
        string.IsNullOrEmpty(value)
            ? throw KmsErrors.Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(member[0])}{member[1..]}' failed to satisfy constraint: Member must not be null")
            : value;
}

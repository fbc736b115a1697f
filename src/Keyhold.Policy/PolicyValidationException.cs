namespace Keyhold.Policy;

/// <summary>
/// A policy document is malformed. The message says what is wrong and where (statement number and Sid) and is meant to
/// be shown to the caller inside a <c>MalformedPolicyDocumentException</c>.
/// </summary>
public sealed class PolicyValidationException : Exception
{
    public PolicyValidationException()
    {
    }

    public PolicyValidationException(string message)
        : base(message)
    {
    }

    public PolicyValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

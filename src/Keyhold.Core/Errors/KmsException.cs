namespace Keyhold.Core.Errors;

/// <summary>
/// The one exception type that carries an AWS error code to the wire. The server maps it to
/// <c>{"__type": Code, "message": Message}</c> with <see cref="StatusCode"/>.
/// </summary>
public sealed class KmsException : Exception
{
    public KmsException(string code, string? message, int statusCode = 400)
        : base(message ?? string.Empty)
    {
        Code = code;
        StatusCode = statusCode;
        HasMessage = message is not null;
    }

    public KmsException()
        : this(KmsErrorCodes.KmsInternal, null, 500)
    {
    }

    public KmsException(string message)
        : this(KmsErrorCodes.KmsInternal, message, 500)
    {
    }

    public KmsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = KmsErrorCodes.KmsInternal;
        StatusCode = 500;
        HasMessage = true;
    }

    /// <summary>The AWS error type, e.g. <c>NotFoundException</c>.</summary>
    public string Code { get; }

    /// <summary>HTTP status: 400 for client faults, 500 only for internal errors.</summary>
    public int StatusCode { get; }

    /// <summary>False where AWS sends no message at all (e.g. InvalidCiphertextException).</summary>
    public bool HasMessage { get; }
}

using System.Net;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace Keyhold.Server.Tests.Infrastructure;

/// <summary>Assertions on the errors the AWS SDK raises: the exact typed exception, HTTP 400 and, where AWS's wording is known, the exact message.</summary>
internal static class KmsAssert
{
    public const string ValidationException = "ValidationException";

    /// <summary>Asserts that <paramref name="call"/> fails with exactly <typeparamref name="T"/> (not a subclass) and HTTP 400.</summary>
    public static async Task<T> ThrowsAsync<T>(Func<Task> call, string? message = null)
        where T : AmazonServiceException
    {
        var exception = await Assert.ThrowsAsync<T>(() => call().WithTimeout());
        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        if (message is not null)
        {
            Assert.Equal(message, exception.Message);
        }

        return exception;
    }

    /// <summary>For error codes the KMS model does not declare (ValidationException, authentication errors): the SDK's base exception with that code.</summary>
    public static async Task<AmazonKeyManagementServiceException> ErrorAsync(Func<Task> call, string errorCode, string? message = null)
    {
        var exception = await ThrowsAsync<AmazonKeyManagementServiceException>(call, message);
        Assert.Equal(errorCode, exception.ErrorCode);
        return exception;
    }

    /// <summary>AccessDeniedException, which the KMS model does not declare either (the SDK's base exception with that code).</summary>
    public static Task<AmazonKeyManagementServiceException> DeniedAsync(Func<Task> call, string? message = null) =>
        ErrorAsync(call, "AccessDeniedException", message);

    public static Task<AmazonKeyManagementServiceException> ValidationAsync(Func<Task> call, string? message = null) =>
        ErrorAsync(call, ValidationException, message);
}

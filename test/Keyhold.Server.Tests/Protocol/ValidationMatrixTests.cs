using System.Text;
using System.Text.Json;
using Keyhold.Core.Errors;
using Keyhold.Protocol.Validation;
using Keyhold.Server.Operations;
using Keyhold.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Keyhold.Server.Tests.Protocol;

/// <summary>
/// Every model constraint of every KMS operation, broken one at a time (<see cref="ValidationMatrix"/>), sent as a
/// SigV4-signed request to one shared verifying server; then the hostile bodies a parser must survive. The endpoint's
/// order is target → size limit → authentication → "is it implemented" → JSON parse → model validation → handler, so an
/// operation of the model Keyhold does not implement answers <c>UnsupportedOperationException</c> whatever the body.
/// </summary>
public sealed class ValidationMatrixTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private const int BodyLimit = 1024 * 1024;

    /// <summary>
    /// Cases where AWS answers something other than the model's ValidationException, with the reason. Empty today:
    /// every model constraint is checked before any handler, as AWS does; checks that are not model constraints
    /// (the <c>alias/</c> prefix, an unknown key) are the handlers' and are not generated here.
    /// </summary>
    private static readonly Dictionary<string, (string Type, string Reason)> NotValidationErrors = new(StringComparer.Ordinal);

    private readonly HttpClient _http = new() { Timeout = TimeoutExtensions.Timeout };

    public static TheoryData<ValidationCaseName> Cases => [.. ValidationMatrix.Cases.Keys.Order(StringComparer.Ordinal).Select(n => new ValidationCaseName(n))];

    public static TheoryData<string> Operations => [.. KmsServiceModel.Instance.OperationNames.Order(StringComparer.Ordinal)];

    public void Dispose() => _http.Dispose();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_OneConstraintBroken_Returns400InAwsWords(ValidationCaseName name)
    {
        var @case = ValidationMatrix.Cases[name.Name];

        // In process first: this also covers the operations Keyhold does not implement, whose requests never reach it.
        if (!NotValidationErrors.ContainsKey(name.Name))
        {
            using var json = JsonDocument.Parse(@case.Body);
            var error = Assert.Throws<KmsException>(() => RequestValidator.Validate(@case.Operation, json.RootElement));
            Assert.Equal((KmsAssert.ValidationException, @case.Message), (error.Code, error.Message));
        }

        var response = await SendAsync(@case.Operation, @case.Body);

        Assert.Equal(400, response.Status);
        if (!IsImplemented(@case.Operation))
        {
            Assert.Equal("UnsupportedOperationException", response.Type);
            Assert.Equal($"Keyhold does not support {@case.Operation} yet.", response.Message);
        }
        else if (NotValidationErrors.TryGetValue(name.Name, out var expected))
        {
            Assert.Equal(expected.Type, response.Type);
        }
        else
        {
            Assert.Equal(KmsAssert.ValidationException, response.Type);
            Assert.Equal(@case.Message, response.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task MinimalRequest_EveryOperation_PassesModelValidation(string operation)
    {
        // The matrix starts every case from this request, so each case breaks exactly the constraint it names.
        var body = ValidationMatrix.MinimalRequest(operation);
        using (var json = JsonDocument.Parse(body))
        {
            RequestValidator.Validate(operation, json.RootElement);
        }

        // Past the model, handlers may still refuse it (Decrypt without a ciphertext, an unknown key), but never with a 500.
        var response = await SendAsync(operation, body);
        Assert.InRange(response.Status, 200, 499);
    }

    [Fact]
    public void Matrix_CoversEveryOperationWithConstraints()
    {
        var covered = ValidationMatrix.Cases.Values.Select(c => c.Operation).ToHashSet(StringComparer.Ordinal);

        // Every operation of today's model has at least one constrained member; one without would have no case.
        Assert.All(KmsServiceModel.Instance.OperationNames, operation => Assert.Contains(operation, covered));
    }

    [Theory]
    [InlineData("[]", "Start of list found where not expected")]
    [InlineData("\"text\"", null)]
    [InlineData("42", null)]
    [InlineData("true", null)]
    [InlineData("null", null)]
    public async Task Body_RootNotAnObject_Returns400SerializationException(string body, string? message)
    {
        var response = await SendAsync("DescribeKey", body);

        AssertError(response, 400, "SerializationException", message);
    }

    [Theory]
    [InlineData("{\"KeyId\":__}")]
    [InlineData("{\"Tags\":[__]}")]
    [InlineData("{\"Nope\":__}")]
    public async Task Body_NestedBeyondMaxDepth_Returns400SerializationException(string template)
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);

        var response = await SendAsync("CreateKey", template.Replace("__", deep, StringComparison.Ordinal));

        AssertError(response, 400, "SerializationException", "The request body is not valid JSON.");
    }

    [Fact]
    public async Task Body_HugeStringInMember_Returns400ValidationException()
    {
        var huge = new string('d', BodyLimit - 100);

        var response = await SendAsync("CreateKey", $"{{\"Description\":\"{huge}\"}}");

        AssertError(response, 400, KmsAssert.ValidationException, null);
        Assert.EndsWith(
            "at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_HugeStringInUnknownMember_IsIgnoredAsAwsDoes()
    {
        var response = await SendAsync("ListKeys", $"{{\"Unknown\":\"{new string('u', BodyLimit - 100)}\"}}");

        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData("DescribeKey", "{\"KeyId\":42}", "NUMBER_VALUE can not be converted to a String")]
    [InlineData("DescribeKey", "{\"KeyId\":true}", "TRUE_VALUE can not be converted to a String")]
    [InlineData("DescribeKey", "{\"KeyId\":{}}", "Start of structure or map found where not expected.")]
    [InlineData("DescribeKey", "{\"KeyId\":[]}", "Start of list found where not expected")]
    [InlineData("DescribeKey", "{\"KeyId\":\"k\",\"GrantTokens\":\"t\"}", "Expected list or null")]
    [InlineData("ListKeys", "{\"Limit\":\"ten\"}", "STRING_VALUE can not be converted to an Integer")]
    [InlineData("ListKeys", "{\"Limit\":1e400}", "NUMBER_VALUE can not be converted to an Integer")]
    [InlineData("ListKeys", "{\"Limit\":99999999999}", "NUMBER_VALUE can not be converted to an Integer")]
    [InlineData("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AA==\",\"DryRun\":1}", "NUMBER_VALUE can not be converted to a Boolean")]
    [InlineData("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AA==\",\"EncryptionContext\":{\"a\":1}}", "NUMBER_VALUE can not be converted to a String")]
    public async Task Body_WrongJsonTypeForMember_Returns400SerializationException(string operation, string body, string message)
    {
        var response = await SendAsync(operation, body);

        AssertError(response, 400, "SerializationException", message);
    }

    [Theory]
    [InlineData("ListKeys", "{\"Limit\":1e2}")]
    [InlineData("ListKeys", "{\"Limit\":5.0}")]
    [InlineData("GenerateRandom", "{\"NumberOfBytes\":3.2E1}")]
    [InlineData("DescribeKey", "{\"KeyId\":\"alias/aws/\\u0065bs\"}")]
    public async Task Body_UnusualButValidJson_IsAnswered(string operation, string body)
    {
        // Exponents, fractions and escapes the validator accepts must read the same way in the handler (no 500).
        var response = await SendAsync(operation, body);

        Assert.InRange(response.Status, 200, 499);
        Assert.NotEqual("SerializationException", response.Type);
    }

    [Theory]
    [InlineData("DescribeKey", "{\"KeyId\":\"@\"}")]
    [InlineData("CreateAlias", "{\"AliasName\":\"alias/@\",\"TargetKeyId\":\"k\"}")]
    [InlineData("CreateKey", "{\"Description\":\"@\"}")]
    [InlineData("CreateKey", "{\"Tags\":[{\"TagKey\":\"@\",\"TagValue\":\"v\"}]}")]
    [InlineData("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AA==\",\"EncryptionContext\":{\"@\":\"v\"}}")]
    [InlineData("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AA==\",\"EncryptionContext\":{\"k\":\"@\"}}")]
    [InlineData("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"A@==\"}")]
    [InlineData("CreateGrant", "{\"KeyId\":\"k\",\"GranteePrincipal\":\"p\",\"Operations\":[\"@\"]}")]
    public async Task Body_InvalidUtf8_Returns400SerializationException(string operation, string template)
    {
        // 0xFF never occurs in UTF-8; 0xC3 0x28 is a lead byte followed by a non-continuation byte.
        foreach (var invalid in new byte[][] { [0xFF], [0xC3, 0x28] })
        {
            var at = template.IndexOf('@', StringComparison.Ordinal);
            byte[] body = [.. Encoding.UTF8.GetBytes(template[..at]), .. invalid, .. Encoding.UTF8.GetBytes(template[(at + 1)..])];

            var response = await SendAsync(operation, body);

            AssertError(response, 400, "SerializationException", "The request body is not valid UTF-8.");
        }
    }

    [Fact]
    public async Task Body_DuplicatedMember_Returns400SerializationException()
    {
        // A validator, a policy condition and a handler that each picked a different copy could be played against each
        // other; Keyhold refuses the ambiguity outright. AWS SDKs never send a member twice.
        var response = await SendAsync("DescribeKey", "{\"KeyId\":\"a\",\"KeyId\":\"b\"}");

        AssertError(response, 400, "SerializationException", "The request body is not valid JSON.");
    }

    [Fact]
    public async Task Body_DuplicatedEncryptionContextKey_Returns400SerializationException()
    {
        var response = await SendAsync("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"AA==\",\"EncryptionContext\":{\"a\":\"1\",\"a\":\"2\"}}");

        AssertError(response, 400, "SerializationException", "The request body is not valid JSON.");
    }

    [Fact]
    public async Task Body_OverSizeLimit_Returns413RequestEntityTooLarge()
    {
        var body = "{\"Description\":\"" + new string('x', BodyLimit) + "\"}";

        var response = await SendAsync("CreateKey", body);

        AssertError(response, 413, "RequestEntityTooLargeException", $"The request body is larger than the limit of {BodyLimit} bytes.");
    }

    private static void AssertError(SignedResponse response, int status, string type, string? message)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(type, response.Type);
        if (message is not null)
        {
            Assert.Equal(message, response.Message);
        }
    }

    private bool IsImplemented(string operation) =>
        fixture.Server.Server.Services.GetServices<IKmsOperation>()
            .Any(o => o.Service == KmsTargets.KmsService && string.Equals(o.Name, operation, StringComparison.Ordinal));

    private Task<SignedResponse> SendAsync(string operation, string body) => SendAsync(operation, Encoding.UTF8.GetBytes(body));

    private Task<SignedResponse> SendAsync(string operation, byte[] body) =>
        SignedRequest.SendAsync(_http, fixture.Server, KmsTargets.KmsService + "." + operation, body);
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Keyhold.Core.Errors;
using Keyhold.Protocol.Validation;
using static Keyhold.Protocol.Tests.Validation.ValidationAssert;

namespace Keyhold.Protocol.Tests.Validation;

public sealed partial class KmsServiceModelTests
{
    /// <summary>Every operation of the embedded model; a new operation is covered without touching the tests.</summary>
    public static TheoryData<string> Operations => [.. ModelOperationNames()];

    [Fact]
    public void Instance_RepeatedAccess_ReturnsOneModel()
    {
        Assert.Same(KmsServiceModel.Instance, KmsServiceModel.Instance);
    }

    [Fact]
    public void OperationNames_MatchTheModelFile()
    {
        var expected = ModelOperationNames().Order(StringComparer.Ordinal);

        Assert.Equal(expected, KmsServiceModel.Instance.OperationNames.Order(StringComparer.Ordinal));
        Assert.Contains("Encrypt", KmsServiceModel.Instance.OperationNames);
    }

    [Theory]
    [InlineData("Encrypt", true)]
    [InlineData("RotateKeyOnDemand", true)]
    [InlineData("encrypt", false)]
    [InlineData("TrentService.Encrypt", false)]
    [InlineData("CreateBucket", false)]
    public void IsKnownOperation_Name_MatchesModelExactly(string name, bool known)
    {
        Assert.Equal(known, KmsServiceModel.Instance.IsKnownOperation(name));
    }

    [Theory]
    [InlineData("Encrypt", "DryRun", true)]
    [InlineData("Decrypt", "DryRunModifiers", true)]
    [InlineData("DescribeKey", "DryRun", false)]
    [InlineData("Encrypt", "dryRun", false)]
    [InlineData("CreateBucket", "DryRun", false)]
    public void HasMember_OperationAndMember_MatchesInputShape(string operation, string member, bool expected)
    {
        Assert.Equal(expected, KmsServiceModel.Instance.HasMember(operation, member));
    }

    [Fact]
    public void Validate_UnknownOperation_ThrowsUnknownOperation()
    {
        var exception = Throws("CreateBucket", "{}");

        Assert.Equal(KmsErrorCodes.UnknownOperationException, exception.Code);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Validate_EmptyBody_ReportsExactlyTheRequiredMembers(string operation)
    {
        // The oracle reads "required" straight from the model file, independently of the validator's loader.
        using var model = ReadModelDocument();
        var inputName = model.RootElement.GetProperty("operations").GetProperty(operation).GetProperty("input").GetProperty("shape").GetString()!;
        var input = model.RootElement.GetProperty("shapes").GetProperty(inputName);
        var required = input.TryGetProperty("required", out var names)
            ? names.EnumerateArray().Select(n => char.ToLowerInvariant(n.GetString()![0]) + n.GetString()![1..]).Order(StringComparer.Ordinal).ToList()
            : [];

        if (required.Count == 0)
        {
            Passes(operation, "{}");
            return;
        }

        var message = ValidationMessage(operation, "{}");
        var prefix = required.Count == 1 ? "1 validation error detected: " : $"{required.Count} validation errors detected: ";
        Assert.StartsWith(prefix, message, StringComparison.Ordinal);
        var errors = message[prefix.Length..].Split("; ");
        var reported = errors.Select(e => RequiredMemberError().Match(e) is { Success: true } m ? m.Groups[1].Value : e);
        Assert.Equal(required, reported.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex("^Value null at '([A-Za-z]+)' failed to satisfy constraint: Member must not be null$")]
    private static partial Regex RequiredMemberError();

    private static List<string> ModelOperationNames()
    {
        using var model = ReadModelDocument();
        return [.. model.RootElement.GetProperty("operations").EnumerateObject().Select(o => o.Name)];
    }

    private static JsonDocument ReadModelDocument()
    {
        using var stream = typeof(KmsServiceModel).Assembly.GetManifestResourceStream("Keyhold.Protocol.ServiceModel.kms-service-2.json")!;
        return JsonDocument.Parse(stream);
    }
}

using Keyhold.Protocol.Validation;
using static Keyhold.Protocol.Tests.Validation.ValidationAssert;

namespace Keyhold.Protocol.Tests.Validation;

/// <summary>Constraints the KMS model does not use today (constrained map keys and values, longs), on a small model.</summary>
public sealed class RequestValidatorSyntheticModelTests
{
    private static readonly KmsServiceModel Model = KmsServiceModel.Parse("""
        {
          "operations": {
            "PutThing": {"input": {"shape": "PutThingRequest"}},
            "Ping": {}
          },
          "shapes": {
            "PutThingRequest": {
              "type": "structure",
              "required": ["Labels"],
              "members": {
                "Labels": {"shape": "LabelMap"},
                "Size": {"shape": "SizeType"},
                "When": {"shape": "DateType"},
                "Secrets": {"shape": "SecretList"}
              }
            },
            "LabelMap": {"type": "map", "key": {"shape": "LabelKey"}, "value": {"shape": "LabelValue"}, "min": 1, "max": 2},
            "LabelKey": {"type": "string", "min": 1, "max": 4, "pattern": "[a-z]+"},
            "LabelValue": {"type": "string", "max": 3},
            "SizeType": {"type": "long", "min": 1, "max": 5000000000},
            "DateType": {"type": "timestamp"},
            "SecretList": {"type": "list", "member": {"shape": "Secret"}},
            "Secret": {"type": "string", "min": 2, "sensitive": true}
          }
        }
        """);

    [Fact]
    public void Map_KeyBreaksPattern_ReportsAllKeyConstraints()
    {
        var message = ValidationMessage("PutThing", """{"Labels": {"ab": "x", "A1": "y"}}""", Model);

        Assert.Equal(
            "1 validation error detected: Value '{ab=x, A1=y}' at 'labels' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 4, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [a-z]+]",
            message);
    }

    [Fact]
    public void Map_KeyAndValueBroken_ReportsKeysFirst()
    {
        var message = ValidationMessage("PutThing", """{"Labels": {"toolong": "long"}}""", Model);

        Assert.Equal(
            "2 validation errors detected: "
            + "Value '{toolong=long}' at 'labels' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 4, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [a-z]+]; "
            + "Value '{toolong=long}' at 'labels' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 3]",
            message);
    }

    [Fact]
    public void Map_TooManyEntries_ReportsLength()
    {
        var message = ValidationMessage("PutThing", """{"Labels": {"a": "1", "b": "2", "c": "3"}}""", Model);

        Assert.Equal("1 validation error detected: Value '{a=1, b=2, c=3}' at 'labels' failed to satisfy constraint: Member must have length less than or equal to 2", message);
    }

    [Fact]
    public void Long_BeyondIntegerRange_IsReadAndBounded()
    {
        Passes("PutThing", """{"Labels": {"a": "1"}, "Size": 4000000000}""", Model);

        var message = ValidationMessage("PutThing", """{"Labels": {"a": "1"}, "Size": 6000000000}""", Model);

        Assert.Equal("1 validation error detected: Value '6000000000' at 'size' failed to satisfy constraint: Member must have value less than or equal to 5000000000", message);
    }

    [Fact]
    public void Timestamp_NumberOrString_Passes()
    {
        Passes("PutThing", """{"Labels": {"a": "1"}, "When": 1528289057.531}""", Model);
        Passes("PutThing", """{"Labels": {"a": "1"}, "When": "2018-06-06T12:44:17Z"}""", Model);
    }

    [Fact]
    public void SensitiveList_ShortElement_DoesNotEchoTheList()
    {
        var message = ValidationMessage("PutThing", """{"Labels": {"a": "1"}, "Secrets": ["hunter2", "x"]}""", Model);

        Assert.Equal("1 validation error detected: Value at 'secrets' failed to satisfy constraint: Member must satisfy constraint: [Member must have length greater than or equal to 2]", message);
    }

    [Fact]
    public void OperationWithoutInput_AcceptsAnyObject()
    {
        Passes("Ping", """{"Anything": 1}""", Model);
    }
}

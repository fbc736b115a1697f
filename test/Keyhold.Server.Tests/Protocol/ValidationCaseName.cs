using Xunit.Abstractions;

namespace Keyhold.Server.Tests.Protocol;

/// <summary>
/// A matrix case as a theory argument: serializable, so each case is its own test row, and printed in full
/// (<c>CreateKey.tags.1.member.tagKey.maxLength</c>) where xUnit would cut a string argument at 50 characters.
/// </summary>
public sealed class ValidationCaseName : IXunitSerializable
{
    public ValidationCaseName()
    {
        Name = string.Empty;
    }

    public ValidationCaseName(string name) => Name = name;

    public string Name { get; private set; }

    public void Deserialize(IXunitSerializationInfo info) => Name = info.GetValue<string>(nameof(Name));

    public void Serialize(IXunitSerializationInfo info) => info.AddValue(nameof(Name), Name);

    public override string ToString() => Name;
}

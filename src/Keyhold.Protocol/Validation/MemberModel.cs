using System.Text;

namespace Keyhold.Protocol.Validation;

/// <summary>One member of a structure: its wire name, the lowerCamelCase name AWS uses in messages, and its shape.</summary>
internal sealed class MemberModel
{
    public MemberModel(string name, ShapeModel shape, bool required)
    {
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        PathName = string.Concat(char.ToLowerInvariant(name[0]).ToString(), name.AsSpan(1));
        Shape = shape;
        Required = required;
    }

    /// <summary>The JSON property name, e.g. <c>KeyId</c>.</summary>
    public string Name { get; }

    /// <summary>The JSON property name as UTF-8, for allocation-free lookups in a <see cref="System.Text.Json.JsonElement"/>.</summary>
    public byte[] Utf8Name { get; }

    /// <summary>The name in validation messages: <c>KeyId</c> becomes <c>keyId</c>.</summary>
    public string PathName { get; }

    public ShapeModel Shape { get; }

    public bool Required { get; }
}

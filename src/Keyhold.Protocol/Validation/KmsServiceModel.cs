using System.Collections.Frozen;
using System.Text.Json;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// The AWS KMS service model (kms-service-2.json, embedded in this assembly), loaded once on first use and kept as
/// a compact map from operation to input shape. It drives <see cref="RequestValidator"/>.
/// </summary>
public sealed class KmsServiceModel
{
    private const string ResourceName = "Keyhold.Protocol.ServiceModel.kms-service-2.json";

    private static readonly Lazy<KmsServiceModel> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, ShapeModel> _inputs;

    private KmsServiceModel(FrozenDictionary<string, ShapeModel> inputs) => _inputs = inputs;

    /// <summary>The model embedded in this assembly; parsed on first access, then shared.</summary>
    public static KmsServiceModel Instance => Embedded.Value;

    /// <summary>Every operation the model defines, e.g. <c>Encrypt</c>.</summary>
    public IReadOnlyCollection<string> OperationNames => _inputs.Keys;

    /// <summary>Whether <paramref name="name"/> is an operation of the model (case-sensitive, as in X-Amz-Target).</summary>
    public bool IsKnownOperation(string name) => _inputs.ContainsKey(name);

    /// <summary>Whether the operation's input has a member of that name, e.g. <c>HasMember("Encrypt", "DryRun")</c>.</summary>
    public bool HasMember(string operation, string member)
    {
        if (!_inputs.TryGetValue(operation, out var input))
        {
            return false;
        }

        foreach (var candidate in input.Members)
        {
            if (string.Equals(candidate.Name, member, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal bool TryGetInput(string operation, out ShapeModel input) => _inputs.TryGetValue(operation, out input!);

    /// <summary>Parses a model document; tests use it for constraints the KMS model does not have.</summary>
    internal static KmsServiceModel Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new KmsServiceModel(ServiceModelReader.ReadOperations(document.RootElement));
    }

    private static KmsServiceModel LoadEmbedded()
    {
        using var stream = typeof(KmsServiceModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from {typeof(KmsServiceModel).Assembly.GetName().Name}.");
        using var document = JsonDocument.Parse(stream);
        return new KmsServiceModel(ServiceModelReader.ReadOperations(document.RootElement));
    }
}

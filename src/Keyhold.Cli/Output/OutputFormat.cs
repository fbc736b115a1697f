using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Keyhold.Cli.Wire;

namespace Keyhold.Cli.Output;

/// <summary><c>--output text|json</c>: readable text by default, the operation's JSON response for scripts.</summary>
internal static class OutputFormat
{
    public const string Text = "text";
    public const string Json = "json";

    private static readonly JsonSerializerOptions Indented = new(CliJsonContext.Default.Options) { WriteIndented = true };

    public static Option<string> CreateOption()
    {
        var option = new Option<string>("--output")
        {
            Description = "text for people, json (the server's response) for scripts.",
            DefaultValueFactory = _ => Text,
        };
        option.AcceptOnlyFromAmong(Text, Json);
        return option;
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON in the wire's shape (epoch-second timestamps).</summary>
    public static void WriteJson<T>(TextWriter output, T value) =>
        output.WriteLine(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Indented.GetTypeInfo(typeof(T))));
}

using System.Text.Json;

namespace Keyhold.Cli;

/// <summary>
/// The settings of <c>keyhold serve</c> that did not come from the command line: the environment (<c>KEYHOLD_DATA</c>
/// for <c>data</c>, <c>KEYHOLD_ACCOUNT_ID</c> for <c>account-id</c>, …) over a settings file (<c>--config</c> /
/// <c>KEYHOLD_CONFIG</c>). The file is a JSON object or <c>key = value</c> lines (<c>#</c> comments), its keys the
/// option names without dashes; relative paths in it are relative to the file.
/// </summary>
internal sealed class ServeSettings
{
    /// <summary>Every setting a file or the environment may give, as the option's name without <c>--</c>.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["data", "listen", "dev", "account-id", "region", "storage", "connection-string", "tls-cert", "tls-key", "audit-file", "audit-fail-open",
            "request-headers-timeout", "keep-alive-timeout", "min-request-body-rate", "max-connections"];

    private static readonly HashSet<string> PathNames = ["data", "tls-cert", "tls-key", "audit-file"];
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<string, string> _file;

    private ServeSettings(Func<string, string?> environment, Dictionary<string, string> file)
    {
        _environment = environment;
        _file = file;
    }

    /// <summary>Reads the settings file at <paramref name="configPath"/> (none if null); a bad file is a <see cref="FormatException"/>.</summary>
    public static ServeSettings Load(string? configPath, Func<string, string?> environment)
    {
        if (configPath is null)
        {
            return new ServeSettings(environment, []);
        }

        string text;
        try
        {
            text = File.ReadAllText(configPath);
        }
        catch (IOException ex)
        {
            throw new FormatException($"cannot read the settings file {configPath}: {ex.Message}", ex);
        }

        var values = text.TrimStart().StartsWith('{') ? ParseJson(text, configPath) : ParseKeyValue(text, configPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        foreach (var name in values.Keys.ToList())
        {
            if (!Names.Contains(name))
            {
                throw new FormatException($"{configPath}: unknown setting '{name}' (known: {string.Join(", ", Names)}).");
            }

            if (PathNames.Contains(name))
            {
                values[name] = Path.GetFullPath(values[name], directory);
            }
        }

        return new ServeSettings(environment, values);
    }

    /// <summary>The environment variable of a setting: <c>account-id</c> → <c>KEYHOLD_ACCOUNT_ID</c>.</summary>
    public static string EnvironmentName(string name) => "KEYHOLD_" + name.ToUpperInvariant().Replace('-', '_');

    /// <summary>The environment's value, else the file's, else null (the default applies).</summary>
    public string? Get(string name) => _environment(EnvironmentName(name)) ?? _file.GetValueOrDefault(name);

    /// <summary>An on/off setting: 1/true/yes or 0/false/no; absent is off.</summary>
    public bool GetFlag(string name) => Get(name)?.Trim().ToUpperInvariant() switch
    {
        null or "" or "0" or "FALSE" or "NO" => false,
        "1" or "TRUE" or "YES" => true,
        var other => throw new FormatException($"{name} (or {EnvironmentName(name)}) must be true or false, not '{other}'."),
    };

    private static Dictionary<string, string> ParseJson(string text, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{path}: the settings file must be one JSON object.");
            }

            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => p.Value.GetRawText(),
                _ => throw new FormatException($"{path}: '{p.Name}' must be a string, number or boolean."),
            }, StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not valid JSON: {ex.Message}", ex);
        }
    }

    private static Dictionary<string, string> ParseKeyValue(string text, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.Split('=', 2) is not [var name, var value] || name.Trim().Length == 0)
            {
                throw new FormatException($"{path}:{number}: expected 'key = value'.");
            }

            values[name.Trim()] = value.Trim();
        }

        return values;
    }
}

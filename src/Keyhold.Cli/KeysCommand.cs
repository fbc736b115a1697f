using System.CommandLine;
using Keyhold.Cli.Client;
using Keyhold.Cli.Output;
using Keyhold.Cli.Wire;

namespace Keyhold.Cli;

/// <summary>
/// <c>keyhold keys usage KEY</c>: a key's last use and, per key-material version, how many decrypts it served
/// (<c>KeyholdService.GetKeyUsage</c>) — what tells whether old material or an old key is still needed.
/// </summary>
internal static class KeysCommand
{
    /// <summary>Material ids are 64 hex digits; this many identify one in a table.</summary>
    private const int ShortMaterialId = 12;

    public static Command Create() => new("keys", "Inspect keys.") { CreateUsage() };

    private static Command CreateUsage()
    {
        var key = new Argument<string>("key") { Description = "Key id, key ARN, alias name or alias ARN." };
        var output = OutputFormat.CreateOption();
        var command = new Command("usage", "Show when a key was last used and how many decrypts each key-material version served.") { key, output };
        ClientAction.Set(command, new ClientOptions(), async context =>
        {
            using var api = new KeyholdApiClient(context.Connection);
            var response = await api.GetKeyUsageAsync(context.Parse.GetValue(key)!, context.CancellationToken).ConfigureAwait(false);
            if (context.Parse.GetValue(output) == OutputFormat.Json)
            {
                OutputFormat.WriteJson(context.Output, response);
            }
            else
            {
                WriteText(context.Output, response);
            }

            return 0;
        });
        return command;
    }

    private static void WriteText(TextWriter output, GetKeyUsageResponse response)
    {
        output.WriteLine($"key:      {response.KeyId}");
        output.WriteLine($"created:  {TextFormat.Timestamp(response.KeyCreationDate)}");
        output.WriteLine(response.KeyLastUsage is { } last
            ? $"last use: {last.Operation} at {TextFormat.Timestamp(last.Timestamp)} (request {TextFormat.OrNone(last.KmsRequestId)})"
            : $"last use: never used since creation {TextFormat.Timestamp(response.KeyCreationDate)}");
        output.WriteLine();
        var table = new TextTable("VERSION", "MATERIAL ID", "STATE", "CREATED", "ROTATION", "DECRYPTS", "LAST DECRYPT");
        foreach (var material in response.KeyMaterials)
        {
            table.AddRow(
                TextFormat.Number(material.Version),
                material.KeyMaterialId.Length > ShortMaterialId ? material.KeyMaterialId[..ShortMaterialId] : material.KeyMaterialId,
                material.KeyMaterialState,
                TextFormat.Timestamp(material.CreatedAt),
                TextFormat.OrNone(material.RotationType),
                TextFormat.Number(material.DecryptCount),
                TextFormat.Timestamp(material.LastDecryptDate));
        }

        table.WriteTo(output);
    }
}

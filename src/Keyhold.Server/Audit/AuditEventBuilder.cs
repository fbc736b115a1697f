using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Keyhold.Core.Accounts;
using Keyhold.Core.Audit;

namespace Keyhold.Server.Audit;

/// <summary>
/// Writes one request as a CloudTrail-shaped record (eventVersion, userIdentity, eventTime, eventSource, eventName,
/// awsRegion, sourceIPAddress, userAgent, errorCode, errorMessage, requestParameters, responseElements, requestID,
/// eventID, readOnly, resources, eventType, recipientAccountId). Secret members are left out (<see cref="AuditedMembers"/>).
/// </summary>
internal static class AuditEventBuilder
{
    /// <summary>Members whose values are maps (keys written as given), not structures (keys camelCased).</summary>
    private static readonly HashSet<string> Maps = new(StringComparer.Ordinal)
    {
        "EncryptionContext", "SourceEncryptionContext", "DestinationEncryptionContext", "EncryptionContextEquals", "EncryptionContextSubset",
    };

    public static AuditEventDraft Build(AuditInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventVersion", "1.08");
            WriteIdentity(json, input.Principal);
            json.WriteString("eventTime", input.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("eventSource", input.EventSource);
            json.WriteString("eventName", input.EventName);
            json.WriteString("awsRegion", input.Region);
            json.WriteString("sourceIPAddress", input.SourceIp);
            json.WriteString("userAgent", input.UserAgent);
            if (input.ErrorCode is not null)
            {
                json.WriteString("errorCode", input.ErrorCode);
                json.WriteString("errorMessage", input.ErrorMessage);
            }

            json.WritePropertyName("requestParameters");
            WriteFiltered(json, input.Request);
            json.WritePropertyName("responseElements");
            WriteFiltered(json, input.Response);
            json.WriteString("requestID", input.RequestId);
            json.WriteString("eventID", input.EventId);
            json.WriteBoolean("readOnly", input.ReadOnly);
            json.WriteStartArray("resources");
            foreach (var arn in input.Resources)
            {
                json.WriteStartObject();
                json.WriteString("accountId", arn.Split(':')[4]);
                json.WriteString("type", "AWS::KMS::Key");
                json.WriteString("ARN", arn);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("eventType", "AwsApiCall");
            json.WriteBoolean("managementEvent", true);
            json.WriteString("recipientAccountId", input.Principal?.AccountId ?? string.Empty);
            json.WriteEndObject();
        }

        return new AuditEventDraft
        {
            EventId = input.EventId,
            EventTime = input.Time,
            AccountId = input.Principal?.AccountId ?? string.Empty,
            Region = input.Region,
            EventName = input.EventName,
            PrincipalArn = input.Principal?.Arn ?? string.Empty,
            KeyArn = input.Resources.Count > 0 ? input.Resources[0] : null,
            ErrorCode = input.ErrorCode,
            ReadOnly = input.ReadOnly,
            Json = Encoding.UTF8.GetString(buffer.WrittenSpan),
        };
    }

    private static void WriteIdentity(Utf8JsonWriter json, Principal? principal)
    {
        json.WriteStartObject("userIdentity");
        if (principal is null)
        {
            json.WriteString("type", "Unknown");
        }
        else
        {
            json.WriteString("type", principal.IsRoot ? "Root" : "IAMUser");
            json.WriteString("principalId", principal.IsRoot ? principal.AccountId : principal.Arn);
            json.WriteString("arn", principal.Arn);
            json.WriteString("accountId", principal.AccountId);
            json.WriteString("accessKeyId", principal.AccessKeyId);
            if (principal.UserName is { } user)
            {
                json.WriteString("userName", user);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteFiltered(Utf8JsonWriter json, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            json.WriteNullValue();
            return;
        }

        WriteStructure(json, element);
    }

    private static void WriteStructure(Utf8JsonWriter json, JsonElement element)
    {
        json.WriteStartObject();
        foreach (var member in element.EnumerateObject())
        {
            if (AuditedMembers.IsSecret(member.Name))
            {
                continue;
            }

            json.WritePropertyName(CamelCase(member.Name));
            if (Maps.Contains(member.Name))
            {
                member.Value.WriteTo(json);
            }
            else
            {
                WriteValue(json, member.Value);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteStructure(json, value);
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                value.WriteTo(json);
                break;
        }
    }

    private static string CamelCase(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

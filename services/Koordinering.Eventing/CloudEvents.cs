using System.Text.Json;
using System.Text.Json.Nodes;

namespace Koordinering.Eventing;

/// <summary>
/// The CloudEvent (structured JSON, spec 1.0) the relay sends, the same in both delivery modes.
/// <c>subject</c> is the aggregate id; the municipality travels as the extension
/// <c>municipality</c>. No personal data is in the attributes, only in <c>data</c>.
/// </summary>
public static class CloudEvents
{
    public const string ContentType = "application/cloudevents+json";

    public static byte[] Serialize(OutboxMessage message, string source)
    {
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = message.Id.ToString(),
            ["source"] = source,
            ["type"] = message.EventType,
            ["subject"] = message.AggregateId.ToString(),
            ["time"] = message.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["municipality"] = message.MunicipalityNumber,
            ["topic"] = message.Topic,
            ["data"] = JsonNode.Parse(message.Payload),
        };
        if (message.TraceParent is not null)
        {
            envelope["traceparent"] = message.TraceParent;
        }
        return JsonSerializer.SerializeToUtf8Bytes(envelope);
    }
}

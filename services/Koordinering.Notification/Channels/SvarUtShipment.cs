using System.Text.Json;
using System.Text.Json.Nodes;
using Koordinering.Notification.Domain;

namespace Koordinering.Notification.Channels;

/// <summary>A postal address for a printed letter, where the notice has one (else SvarUt looks it up in Folkeregisteret).</summary>
public sealed record PostalAddress(string Name, string Line1, string PostalCode, string PostalPlace);

/// <summary>
/// The SvarUt forsendelse (ForsendelseRestServiceV1) for one letter, pure: the recipient by identity number
/// (<c>mottaker.digitalAdresse.fodselsNummer</c>) and postal address, the title, the notice's id as
/// <c>eksternReferanse</c> (the same on every retry, so SvarUt keeps one shipment), one PDF document, and
/// <c>kunDigitalLevering: false</c> with a print configuration, so one who is not digital gets it on paper.
/// For <see cref="Channel.Paper"/> with a postal address the recipient is the address alone, which SvarUt prints.
/// </summary>
public static class SvarUtShipment
{
    public const string FileName = "brev.pdf";
    public const string SendPath = "tjenester/api/forsendelse/v1/sendForsendelse";

    public static JsonObject Forsendelse(OutgoingMessage message, SvarUtOptions options)
    {
        var recipient = new JsonObject();
        if (message.Address is { } address)
        {
            recipient["postAdresse"] = new JsonObject
            {
                ["navn"] = address.Name,
                ["adresse1"] = address.Line1,
                ["postNummer"] = address.PostalCode,
                ["postSted"] = address.PostalPlace,
            };
        }
        if (message.Channel != Channel.Paper || message.Address is null)
        {
            recipient["digitalAdresse"] = new JsonObject { ["fodselsNummer"] = message.To };
        }
        return new JsonObject
        {
            ["mottaker"] = recipient,
            ["avgivendeSystem"] = options.SendingSystem,
            ["tittel"] = message.Subject,
            ["eksternReferanse"] = message.NoticeId.ToString(),
            ["kunDigitalLevering"] = false,
            ["kryptert"] = false,
            ["krevNiva4Innlogging"] = false,
            ["utskriftsKonfigurasjon"] = new JsonObject { ["tosidig"] = options.Duplex, ["utskriftMedFarger"] = options.Colour },
            ["dokumenter"] = new JsonArray(new JsonObject { ["filnavn"] = FileName, ["mimeType"] = "application/pdf" }),
        };
    }

    /// <summary>The forsendelse id in SvarUt's answer (<c>{"id": "…"}</c>), the receipt; null when the answer has none.</summary>
    public static string? Receipt(string answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(answer) is JsonObject o && o["id"] is JsonValue id && id.TryGetValue<string>(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

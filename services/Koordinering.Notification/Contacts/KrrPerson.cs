using System.Text.Json.Serialization;

namespace Koordinering.Notification.Contacts;

/// <summary>One person in KRR's answer to <c>POST /rest/v1/personer</c> (Oppslagstjenesten REST).</summary>
public sealed record KrrPerson(
    [property: JsonPropertyName("personidentifikator")] string? Personidentifikator,
    [property: JsonPropertyName("reservasjon")] string? Reservasjon,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("varslingsstatus")] string? Varslingsstatus,
    [property: JsonPropertyName("spraak")] string? Spraak,
    [property: JsonPropertyName("kontaktinformasjon")] KrrContact? Kontaktinformasjon,
    [property: JsonPropertyName("digital_post")] KrrDigitalPost? DigitalPost);

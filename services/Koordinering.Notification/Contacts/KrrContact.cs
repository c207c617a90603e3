using System.Text.Json.Serialization;

namespace Koordinering.Notification.Contacts;

/// <summary>KRR's <c>kontaktinformasjon</c>: e-mail and mobile as the person registered them.</summary>
public sealed record KrrContact(
    [property: JsonPropertyName("epostadresse")] string? Epostadresse,
    [property: JsonPropertyName("mobiltelefonnummer")] string? Mobiltelefonnummer);

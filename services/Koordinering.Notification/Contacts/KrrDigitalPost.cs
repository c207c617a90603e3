using System.Text.Json.Serialization;

namespace Koordinering.Notification.Contacts;

/// <summary>KRR's <c>digital_post</c>: the digital mailbox address and its provider's address.</summary>
public sealed record KrrDigitalPost(
    [property: JsonPropertyName("postkasseadresse")] string? Postkasseadresse,
    [property: JsonPropertyName("postkasseleverandoeradresse")] string? Postkasseleverandoeradresse);

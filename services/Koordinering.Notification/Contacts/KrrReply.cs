using System.Text.Json.Serialization;

namespace Koordinering.Notification.Contacts;

/// <summary>KRR's answer: <c>{"personer": [...]}</c>.</summary>
public sealed record KrrReply([property: JsonPropertyName("personer")] IReadOnlyList<KrrPerson>? Personer);

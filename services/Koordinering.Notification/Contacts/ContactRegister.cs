using Koordinering.Domain;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Koordinering.Contracts.Events;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Notification.Contacts;

/// <summary>The contact and reservation register (KRR): reservation, whether the person can be notified, mobile, e-mail, digital mailbox, language.</summary>
public interface IContactRegister
{
    Task<ContactInfo?> LookupAsync(string identityNumber, CancellationToken cancellationToken);
}

/// <summary>The local register: the service's own table, seeded by tools/up.</summary>
public sealed class LocalContactRegister(NotificationDbContext db) : IContactRegister
{
    public async Task<ContactInfo?> LookupAsync(string identityNumber, CancellationToken cancellationToken)
    {
        var record = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.IdentityNumber == identityNumber, cancellationToken);
        return record is null ? null : new ContactInfo(record.Reserved, record.CanBeNotified, record.Mobile, record.Email, record.DigitalMailbox, record.Language);
    }
}

/// <summary>
/// KRR's REST API (<c>POST {base}/rest/v2/personer</c>), configured only where it is reachable
/// with a Maskinporten token (<c>ContactRegister:BaseUrl</c>). Not exercised on this machine.
/// </summary>
public sealed class HttpContactRegister(HttpClient http) : IContactRegister
{
    public async Task<ContactInfo?> LookupAsync(string identityNumber, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri("rest/v2/personer", UriKind.Relative), new { personidentifikatorer = new[] { identityNumber } }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<Reply>(cancellationToken);
        var person = reply?.Personer?.FirstOrDefault();
        if (person is null)
        {
            return null;
        }
        return new ContactInfo(
            person.Reservasjon == "JA",
            person.Varslingsstatus != "KAN_IKKE_VARSLES" && person.Status == "AKTIV",
            person.Kontaktinformasjon?.Mobiltelefonnummer,
            person.Kontaktinformasjon?.Epostadresse,
            person.DigitalPost?.Postkasseadresse,
            person.Spraak == "nn" ? WrittenStandard.Nn : person.Spraak == "nb" ? WrittenStandard.Nb : WrittenStandard.Unspecified);
    }

    private sealed record Reply([property: JsonPropertyName("personer")] List<Person>? Personer);
    private sealed record Person(
        [property: JsonPropertyName("reservasjon")] string? Reservasjon,
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("varslingsstatus")] string? Varslingsstatus,
        [property: JsonPropertyName("spraak")] string? Spraak,
        [property: JsonPropertyName("kontaktinformasjon")] Contact? Kontaktinformasjon,
        [property: JsonPropertyName("digitalPost")] Mailbox? DigitalPost);
    private sealed record Contact([property: JsonPropertyName("epostadresse")] string? Epostadresse, [property: JsonPropertyName("mobiltelefonnummer")] string? Mobiltelefonnummer);
    private sealed record Mailbox([property: JsonPropertyName("postkasseadresse")] string? Postkasseadresse);
}

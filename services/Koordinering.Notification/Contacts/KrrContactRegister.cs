using System.Net.Http.Json;
using Koordinering.Notification.Domain;
using Koordinering.ServiceDefaults.Caching;

namespace Koordinering.Notification.Contacts;

/// <summary>
/// KRR's Oppslagstjenesten REST: <c>POST {base}/rest/v1/personer</c> with <c>{"personidentifikatorer": [...]}</c>
/// (identity numbers only in the body, never in the URL), a Maskinporten token and the standard resilience
/// handler on the client (see ChannelRegistration); answers kept a short while in a <see cref="TimedCache{TValue}"/> (<see cref="KrrOptions.CacheFor"/>).
/// </summary>
public sealed class KrrContactRegister(HttpClient http, TimedCache<ContactInfo?> cache) : IContactRegister
{
    public async Task<ContactInfo?> LookupAsync(string identityNumber, CancellationToken cancellationToken)
    {
        if (cache.TryGet(identityNumber, out var kept))
        {
            return kept;
        }
        using var response = await http.PostAsJsonAsync(new Uri("rest/v1/personer", UriKind.Relative), new { personidentifikatorer = new[] { identityNumber } }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<KrrReply>(cancellationToken);
        var contact = KrrMapping.ToContactInfo(reply?.Personer?.FirstOrDefault(p => p.Personidentifikator is null || p.Personidentifikator == identityNumber));
        cache.Keep(identityNumber, contact);
        return contact;
    }
}

using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Archive;

/// <summary>
/// The Fiks IO catalogue's public certificate of an account (<c>GET {CatalogPath}/kontoer/{id}/offentligNokkel</c>,
/// answering <c>{"nokkel": "&lt;PEM&gt;"}</c>, unauthenticated), which the payload is encrypted to. Kept for
/// <see cref="CacheFor"/> so a rotated key is picked up.
/// </summary>
public sealed class FiksIoCatalog(HttpClient http, IOptions<FiksIoOptions> options, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);
    private Cached? _cached;

    private sealed record Cached(Guid Account, X509Certificate2 Certificate, DateTimeOffset Until);

    private sealed record PublicKey([property: JsonPropertyName("nokkel")] string? Nokkel);

    public async Task<X509Certificate2> CertificateAsync(Guid account, CancellationToken cancellationToken)
    {
        // One dispatcher sends at a time; two look-ups at once would only fetch the same key twice.
        if (Volatile.Read(ref _cached) is { } c && c.Account == account && c.Until > time.GetUtcNow())
        {
            return c.Certificate;
        }
        using var response = await http.GetAsync($"{options.Value.CatalogPath.TrimStart('/')}/kontoer/{account:D}/offentligNokkel", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new FiksIoException("catalogue", response.StatusCode);
        }
        var key = await response.Content.ReadFromJsonAsync<PublicKey>(cancellationToken);
        if (string.IsNullOrWhiteSpace(key?.Nokkel))
        {
            throw new FiksIoException("catalogue", System.Net.HttpStatusCode.NotFound);
        }
        var certificate = X509Certificate2.CreateFromPem(key.Nokkel);
        Volatile.Write(ref _cached, new Cached(account, certificate, time.GetUtcNow() + CacheFor));
        return certificate;
    }
}

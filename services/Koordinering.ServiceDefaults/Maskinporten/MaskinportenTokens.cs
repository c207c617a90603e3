using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Koordinering.ServiceDefaults.Maskinporten;

/// <summary>
/// Access tokens from Maskinporten's token endpoint, one per scope, cached until <see cref="MaskinportenOptions.RenewBefore"/>
/// before they expire (read through <see cref="TimeProvider"/>). One request per scope at a time.
/// </summary>
public sealed class MaskinportenTokens(IHttpClientFactory httpClients, IOptions<MaskinportenOptions> options, TimeProvider time)
{
    public const string HttpClientName = "maskinporten";
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();
    private readonly Lazy<(RSA Key, IReadOnlyList<byte[]>? Chain)> _credentials = new(() => LoadCredentials(options.Value));

    private sealed record CachedToken(string AccessToken, DateTimeOffset RenewAt);

    private sealed record TokenReply(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("error")] string? Error);

    public async Task<string> GetAsync(string scope, CancellationToken cancellationToken)
    {
        if (_tokens.TryGetValue(scope, out var cached) && time.GetUtcNow() < cached.RenewAt)
        {
            return cached.AccessToken;
        }
        var gate = _gates.GetOrAdd(scope, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_tokens.TryGetValue(scope, out cached) && time.GetUtcNow() < cached.RenewAt)
            {
                return cached.AccessToken;
            }
            var fresh = await RequestAsync(scope, cancellationToken);
            _tokens[scope] = fresh;
            return fresh.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<CachedToken> RequestAsync(string scope, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var (key, chain) = _credentials.Value;
        var grant = MaskinportenGrant.Create(key, chain, settings.KeyId, settings.Issuer, settings.ClientId, scope, now, settings.GrantLifetime, Guid.NewGuid().ToString());
        using var body = new FormUrlEncodedContent([
            new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            new("assertion", grant),
        ]);
        using var response = await httpClients.CreateClient(HttpClientName).PostAsync(new Uri(settings.TokenEndpoint), body, cancellationToken);
        TokenReply? reply = null;
        try
        {
            reply = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TokenReply>(response.Content, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
        }
        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(reply?.AccessToken))
        {
            throw new MaskinportenException(response.StatusCode, reply?.Error);
        }
        var lifetime = TimeSpan.FromSeconds(Math.Max(0, reply.ExpiresIn));
        return new CachedToken(reply.AccessToken, now + lifetime - settings.RenewBefore);
    }

    private static (RSA, IReadOnlyList<byte[]>?) LoadCredentials(MaskinportenOptions settings)
    {
        var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(settings.KeyPath));
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            return (key, null);
        }
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(settings.CertificatePath);
        return (key, chain.Select(c => c.RawData).ToList());
    }
}

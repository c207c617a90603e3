using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// Maskinporten's token endpoint on loopback, as documented: a form POST with <c>grant_type</c>
/// jwt-bearer and an <c>assertion</c>; it verifies the RS256 signature against the client's key (through
/// the <c>x5c</c> certificate or the registered <c>kid</c>) and answers <c>access_token</c> and <c>expires_in</c>,
/// or 400 <c>invalid_grant</c>. Keeps the claims of every grant it accepted. Writes the client's key
/// (and certificate) as PEM files for the service to read.
/// </summary>
public sealed class FakeMaskinporten : IAsyncDisposable
{
    public const string Issuer = "https://test.maskinporten.no/";
    public const string KeyId = "koordinering-key-1";
    private readonly RSA _key = RSA.Create(2048);
    private readonly string _folder = Directory.CreateTempSubdirectory("koordinering-maskinporten-").FullName;
    private int _issued;

    public FakeHttpServer Server { get; } = new();
    public ConcurrentQueue<JsonElement> Grants { get; } = new();
    public ConcurrentQueue<JsonElement> Headers { get; } = new();
    public int ExpiresIn { get; set; } = 120;

    /// <summary>When set, the endpoint answers this status (with an OAuth error body) instead of a token.</summary>
    public HttpStatusCode? Failure { get; set; }

    public string KeyPath => Path.Combine(_folder, "key.pem");
    public string CertificatePath => Path.Combine(_folder, "certificate.pem");
    public string TokenEndpoint => Server.BaseAddress + "token";
    public int Issued => _issued;

    public FakeMaskinporten()
    {
        File.WriteAllText(KeyPath, _key.ExportPkcs8PrivateKeyPem());
        var request = new CertificateRequest("CN=Koordinering test municipality, O=Test kommune, SERIALNUMBER=999999999", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        Server.Respond = Answer;
    }

    /// <summary>The configuration keys a service needs to use this endpoint.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings(bool withCertificate) =>
    [
        new("Maskinporten:Issuer", Issuer),
        new("Maskinporten:TokenEndpoint", TokenEndpoint),
        new("Maskinporten:ClientId", "koordinering-test-client"),
        new("Maskinporten:KeyPath", KeyPath),
        withCertificate ? new("Maskinporten:CertificatePath", CertificatePath) : new("Maskinporten:KeyId", KeyId),
    ];

    private FakeHttpServer.Reply Answer(FakeHttpServer.Request request)
    {
        if (Failure is { } failure)
        {
            return new(failure, """{"error":"server_error","error_description":"test failure"}""");
        }
        var form = request.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        if (request.Path != "/token" || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true
            || form.GetValueOrDefault("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !form.TryGetValue("assertion", out var assertion))
        {
            return new(HttpStatusCode.BadRequest, """{"error":"invalid_request"}""");
        }
        var parts = assertion.Split('.');
        var header = JsonDocument.Parse(Base64Url(parts[0])).RootElement.Clone();
        var claims = JsonDocument.Parse(Base64Url(parts[1])).RootElement.Clone();
        if (!SignedByClient(header, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2])))
        {
            return new(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"Invalid assertion. Client authentication failed."}""");
        }
        Headers.Enqueue(header);
        Grants.Enqueue(claims);
        var number = Interlocked.Increment(ref _issued);
        var scope = claims.GetProperty("scope").GetString();
        return new(HttpStatusCode.OK, JsonSerializer.Serialize(new { access_token = $"token-{number}", token_type = "Bearer", expires_in = ExpiresIn, scope }));
    }

    private bool SignedByClient(JsonElement header, byte[] signed, byte[] signature)
    {
        if (header.GetProperty("alg").GetString() != "RS256")
        {
            return false;
        }
        RSA? key = null;
        if (header.TryGetProperty("x5c", out var chain))
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(chain[0].GetString()!));
            key = certificate.GetRSAPublicKey();
            if (key is null || !key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(_key.ExportSubjectPublicKeyInfo()))
            {
                return false;
            }
        }
        else if (header.TryGetProperty("kid", out var kid) && kid.GetString() == KeyId)
        {
            key = _key;
        }
        return key is not null && key.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _key.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

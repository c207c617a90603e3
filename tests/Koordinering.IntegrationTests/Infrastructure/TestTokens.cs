using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// A local issuer for tests: its own RSA key (public half written to a PEM file the services
/// load, as with tools/up) and tokens for each kind of caller.
/// </summary>
public sealed class TestTokens : IDisposable
{
    public const string Issuer = "koordinering-local";
    public const string Audience = "koordinering";

    /// <summary>An issuer the test services trust for system clients only (as Maskinporten).</summary>
    public const string SystemIssuer = "koordinering-test-maskinporten";

    private readonly RSA _key = RSA.Create(2048);

    public TestTokens()
    {
        PublicKeyFile = Path.Combine(Path.GetTempPath(), $"koordinering-test-{Guid.NewGuid():N}.pub.pem");
        File.WriteAllText(PublicKeyFile, _key.ExportSubjectPublicKeyInfoPem());
        PrivateKeyFile = Path.Combine(Path.GetTempPath(), $"koordinering-test-{Guid.NewGuid():N}.key.pem");
        File.WriteAllText(PrivateKeyFile, _key.ExportPkcs8PrivateKeyPem());
    }

    public string PublicKeyFile { get; }

    /// <summary>The same key's private half, for a service's own identity in tests (issuer <see cref="Issuer"/>).</summary>
    public string PrivateKeyFile { get; }

    public static Grpc.Core.Metadata Bearer(string token) => new() { { "Authorization", $"Bearer {token}" } };

    public string Employee(string id, string organisation, string municipality, params string[] roles) => Mint(new()
    {
        ["actor_kind"] = "employee",
        ["sub"] = id,
        ["municipality"] = municipality,
        ["org"] = organisation,
        ["roles"] = string.Join(' ', roles),
    });

    public string Caseworker(string municipality, string id = "caseworker-1") => Mint(new()
    {
        ["actor_kind"] = "employee",
        ["sub"] = id,
        ["municipality"] = municipality,
        ["org"] = $"municipality-{municipality}",
        ["roles"] = "caseworker",
    });

    public string Citizen(string identityNumber, string acr = "idporten-loa-high") => Mint(new()
    {
        ["actor_kind"] = "citizen",
        ["sub"] = identityNumber,
        ["pid"] = identityNumber,
        ["acr"] = acr,
    });

    public string System(string organisation, params string[] scopes) => Mint(new()
    {
        ["actor_kind"] = "system",
        ["client_id"] = $"client-{organisation}",
        ["org"] = organisation,
        ["scope"] = string.Join(' ', scopes),
    });

    public string Mint(Dictionary<string, object> claims, TimeSpan? lifetime = null, RSA? signWith = null, string issuer = Issuer)
    {
        var now = DateTime.UtcNow;
        var life = lifetime ?? TimeSpan.FromMinutes(5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            IssuedAt = life < TimeSpan.Zero ? now + life - TimeSpan.FromMinutes(1) : now,
            NotBefore = life < TimeSpan.Zero ? now + life - TimeSpan.FromMinutes(1) : now,
            Expires = now + life,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? _key), SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose()
    {
        _key.Dispose();
        File.Delete(PublicKeyFile);
        File.Delete(PrivateKeyFile);
    }
}

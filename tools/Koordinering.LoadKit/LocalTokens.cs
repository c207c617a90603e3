using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Koordinering.LoadKit;

/// <summary>
/// Mints the same short-lived JWTs as tools/token, signed with the local key tools/up made (trusted only in
/// Development), so that each of many callers can have a token of their own without a process each.
/// </summary>
public sealed class LocalTokens(RSA key, TimeSpan lifetime)
{
    public static LocalTokens FromPemFile(string path, TimeSpan lifetime)
    {
        var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return new LocalTokens(key, lifetime);
    }

    /// <summary>tools/token caseworker MUNICIPALITY --id ID.</summary>
    public string Caseworker(string municipality, string id) => Sign(new Dictionary<string, object>
    {
        ["actor_kind"] = "employee", ["sub"] = id, ["municipality"] = municipality, ["org"] = $"municipality-{municipality}", ["roles"] = "caseworker",
    });

    /// <summary>tools/token system ORGANISATION --scope SCOPE --id ID.</summary>
    public string System(string organisation, string scope, string id) => Sign(new Dictionary<string, object>
    {
        ["actor_kind"] = "system", ["client_id"] = id, ["sub"] = id, ["org"] = organisation, ["scope"] = scope,
    });

    private string Sign(Dictionary<string, object> claims)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        claims["iss"] = "koordinering-local";
        claims["aud"] = "koordinering";
        claims["iat"] = now;
        claims["nbf"] = now;
        claims["exp"] = now + (long)lifetime.TotalSeconds;
        claims["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8.ToArray());
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return string.Create(CultureInfo.InvariantCulture, $"{header}.{payload}.{Base64Url(signature)}");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Koordinering.ServiceDefaults.Maskinporten;

/// <summary>
/// The JWT grant of RFC 7523 as Maskinporten documents it: header <c>alg</c> RS256 with either <c>x5c</c>
/// (the business certificate chain, DER base64) or <c>kid</c>; claims <c>aud</c> (Maskinporten's issuer),
/// <c>iss</c> (client id), <c>scope</c>, <c>iat</c>, <c>exp</c> and <c>jti</c>; signed with RSASSA-PKCS1 SHA-256.
/// </summary>
public static class MaskinportenGrant
{
    public static string Create(RSA key, IReadOnlyList<byte[]>? certificateChain, string? keyId, string issuer, string clientId, string scope, DateTimeOffset now, TimeSpan lifetime, string jti)
    {
        var header = new JsonObject { ["alg"] = "RS256" };
        if (certificateChain is { Count: > 0 })
        {
            header["x5c"] = new JsonArray(certificateChain.Select(c => (JsonNode)Convert.ToBase64String(c)).ToArray());
        }
        else if (!string.IsNullOrWhiteSpace(keyId))
        {
            header["kid"] = keyId;
        }
        else
        {
            throw new InvalidOperationException("A Maskinporten grant needs a certificate (x5c) or a registered key id (kid).");
        }
        var claims = new JsonObject
        {
            ["aud"] = issuer,
            ["iss"] = clientId,
            ["scope"] = scope,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime).ToUnixTimeSeconds(),
            ["jti"] = jti,
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

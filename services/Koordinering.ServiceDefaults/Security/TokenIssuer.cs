using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Koordinering.ServiceDefaults.Security;

/// <summary>
/// The unvalidated <c>iss</c> of a compact JWS, read straight from its payload, only to pick the scheme that
/// validates the token. It builds no token object: the scheme selector runs for every call (twice, with the
/// authorization policy's own authenticate), and a full parse there was a tenth of a consent check's CPU (ADR 9).
/// </summary>
public static class TokenIssuer
{
    /// <summary>A payload longer than this is no token of ours: nobody's issuer.</summary>
    public const int MaxPayloadChars = 16 * 1024;

    public static string? Peek(ReadOnlySpan<char> token)
    {
        var first = token.IndexOf('.');
        if (first <= 0)
        {
            return null;
        }
        var rest = token[(first + 1)..];
        var second = rest.IndexOf('.');
        if (second <= 0 || second > MaxPayloadChars || rest[(second + 1)..].Contains('.'))
        {
            return null;
        }
        var payload = rest[..second];
        var bytes = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(payload.Length));
        try
        {
            return Base64Url.DecodeFromChars(payload, bytes, out _, out var written) == OperationStatus.Done ? Find(bytes.AsSpan(0, written)) : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The top-level string <c>iss</c> of a JSON object, or null.</summary>
    private static string? Find(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIssuer = reader.ValueTextEquals("iss"u8);
                if (!reader.Read())
                {
                    return null;
                }
                if (isIssuer)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

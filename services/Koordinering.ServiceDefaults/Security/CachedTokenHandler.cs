using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Koordinering.ServiceDefaults.Security;

/// <summary>
/// Validates a bearer token once and remembers the result until the token expires, so that a caller
/// presenting the same token again is not parsed and its signature not verified again (ADR 9: a fifth of a
/// consent check's CPU went there). Only valid tokens are kept, by their exact text, in this handler alone
/// (one per issuer); each call gets its own copy of the identity, which the caller checks may add to. A full
/// cache is emptied rather than grown.
/// </summary>
public sealed class CachedTokenHandler(TimeProvider time, int capacity = CachedTokenHandler.DefaultCapacity) : JsonWebTokenHandler
{
    public const int DefaultCapacity = 1024;

    private sealed record Entry(TokenValidationResult Result, DateTime ValidUntil);

    private readonly ConcurrentDictionary<string, Entry> _valid = new(StringComparer.Ordinal);

    /// <summary>How many tokens are remembered now.</summary>
    public int Count => _valid.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_valid.TryGetValue(token, out var entry))
        {
            if (now < entry.ValidUntil)
            {
                return Copy(entry.Result);
            }
            _valid.TryRemove(token, out _);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.ValidTo > now)
        {
            if (_valid.Count >= capacity)
            {
                _valid.Clear();
            }
            // Kept no longer than the token is valid, without the skew the validation allowed.
            _valid[token] = new Entry(result, jwt.ValidTo);
            return Copy(result);
        }
        return result;
    }

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
        TokenContext = result.TokenContext,
    };
}

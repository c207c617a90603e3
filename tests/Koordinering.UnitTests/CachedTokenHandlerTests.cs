using System.Security.Claims;
using System.Security.Cryptography;
using Koordinering.ServiceDefaults.Security;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Koordinering.UnitTests;

/// <summary>The validated-token cache: a token is validated once and remembered until it expires, and nothing else is remembered.</summary>
public sealed class CachedTokenHandlerTests : IDisposable
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private readonly RSA _signer = RSA.Create(2048);
    private readonly RSA _other = RSA.Create(2048);
    private readonly FakeTimeProvider _clock = new(Issued);

    public void Dispose()
    {
        _signer.Dispose();
        _other.Dispose();
    }

    private static string Token(RSA key, string subject = "someone") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "issuer", Audience = "audience", Subject = new ClaimsIdentity([new Claim("sub", subject)]),
        IssuedAt = Issued.UtcDateTime, NotBefore = Issued.UtcDateTime, Expires = Issued.AddMinutes(10).UtcDateTime,
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
    });

    /// <summary>Validation on the fake clock's instant, so that the token minted for it is within its lifetime.</summary>
    private TokenValidationParameters Parameters(RSA key) => new()
    {
        ValidIssuer = "issuer", ValidAudience = "audience", IssuerSigningKey = new RsaSecurityKey(key),
        LifetimeValidator = (notBefore, expires, _, _) => notBefore <= _clock.GetUtcNow().UtcDateTime && _clock.GetUtcNow().UtcDateTime < expires,
    };

    [Fact]
    public async Task A_token_validated_once_is_not_verified_again()
    {
        var handler = new CachedTokenHandler(_clock);
        var token = Token(_signer);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(_signer))).IsValid);

        // The key no longer verifies it: only the remembered result can say valid.
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(_other))).IsValid);
    }

    [Fact]
    public async Task A_token_is_validated_again_once_it_has_expired()
    {
        var handler = new CachedTokenHandler(_clock);
        var token = Token(_signer);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(_signer))).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.False((await handler.ValidateTokenAsync(token, Parameters(_signer))).IsValid);
    }

    [Fact]
    public async Task An_invalid_token_is_not_remembered()
    {
        var handler = new CachedTokenHandler(_clock);
        var forged = Token(_other);

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters(_signer))).IsValid);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task Each_call_gets_its_own_identity()
    {
        var handler = new CachedTokenHandler(_clock);
        var token = Token(_signer);
        var first = await handler.ValidateTokenAsync(token, Parameters(_signer));
        first.ClaimsIdentity.AddClaim(new Claim("actor_kind", "employee"));

        var second = await handler.ValidateTokenAsync(token, Parameters(_signer));

        Assert.Null(second.ClaimsIdentity.FindFirst("actor_kind"));
        Assert.Equal("someone", second.ClaimsIdentity.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task A_full_cache_is_emptied_rather_than_grown()
    {
        var handler = new CachedTokenHandler(_clock, capacity: 3);
        foreach (var subject in new[] { "a", "b", "c", "d" })
        {
            Assert.True((await handler.ValidateTokenAsync(Token(_signer, subject), Parameters(_signer))).IsValid);
        }

        Assert.Equal(1, handler.Count);
    }
}

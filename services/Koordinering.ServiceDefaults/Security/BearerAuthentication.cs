using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Koordinering.ServiceDefaults.Security;

/// <summary>One trusted token issuer, validated through its OIDC metadata and JWKS.</summary>
public sealed class TrustedIssuer
{
    /// <summary>The <c>iss</c> value the issuer puts in its tokens.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Where its OIDC metadata lives; defaults to <see cref="Issuer"/>.</summary>
    public string? Authority { get; set; }

    public string[] Audiences { get; set; } = [];

    /// <summary>A PEM public key that verifies this issuer's tokens, instead of OIDC metadata (e.g. the services' own issuer).</summary>
    public string? PublicKeyFile { get; set; }

    /// <summary>
    /// The kinds of caller this issuer speaks for (citizen, employee, system, service): ID-porten
    /// for citizens, Maskinporten for systems. A token claiming another kind is refused; a token
    /// without <c>actor_kind</c> from an issuer of one kind is that kind. Empty: tokens must say.
    /// </summary>
    public string[] Kinds { get; set; } = [];
}

/// <summary>The local development issuer that <c>tools/up</c> creates a key for.</summary>
public sealed class LocalIssuer
{
    public bool Enabled { get; set; }
    public string Issuer { get; set; } = "koordinering-local";
    public string Audience { get; set; } = "koordinering";

    /// <summary>A PEM file with the RSA public key that verifies local tokens.</summary>
    public string? PublicKeyFile { get; set; }
}

public sealed class AuthenticationSettings
{
    public const string Section = "Authentication";

    public TrustedIssuer[] Issuers { get; set; } = [];
    public LocalIssuer Local { get; set; } = new();
    /// <summary>Tolerance for the issuer's clock; never more than <see cref="MaxClockSkew"/>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest a token of each kind of caller may live (exp − iat): no longer than its issuer
    /// issues them (ID-porten and Maskinporten access tokens live minutes, not days).
    /// </summary>
    public Dictionary<string, TimeSpan> MaxLifetime { get; set; } = new(StringComparer.Ordinal)
    {
        ["citizen"] = TimeSpan.FromHours(1),
        ["employee"] = TimeSpan.FromHours(12),
        ["system"] = TimeSpan.FromHours(2),
        ["service"] = TimeSpan.FromHours(1),
    };
}

/// <summary>
/// JWT bearer authentication for every configured issuer, with one policy scheme that picks
/// the issuer's scheme by the token's <c>iss</c>. Every endpoint requires an authenticated
/// caller unless it says <c>AllowAnonymous</c> (health and reflection do).
/// </summary>
public static class BearerAuthentication
{
    public const string Scheme = "Bearer";
    private const string LocalScheme = "local";

    public static WebApplicationBuilder AddBearerAuthentication(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(AuthenticationSettings.Section).Get<AuthenticationSettings>()
            ?? new AuthenticationSettings();
        if (settings.Local.Enabled && builder.Environment.IsProduction())
        {
            throw new InvalidOperationException(
                "Authentication:Local:Enabled is true in Production. The local signing key is for local development only.");
        }

        var schemeByIssuer = new Dictionary<string, string>(StringComparer.Ordinal);
        var auth = builder.Services.AddAuthentication(Scheme);

        for (var i = 0; i < settings.Issuers.Length; i++)
        {
            var issuer = settings.Issuers[i];
            var scheme = $"issuer-{i}";
            schemeByIssuer[issuer.Issuer] = scheme;
            var staticKey = string.IsNullOrWhiteSpace(issuer.PublicKeyFile) ? null : LoadPublicKey(issuer.PublicKeyFile);
            auth.AddJwtBearer(scheme, o =>
            {
                if (staticKey is null)
                {
                    o.Authority = issuer.Authority ?? issuer.Issuer;
                    o.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                }
                o.MapInboundClaims = false;
                o.TokenValidationParameters = Parameters(settings, issuer.Issuer, issuer.Audiences, staticKey);
                RememberValidTokens(o);
                o.Events = new JwtBearerEvents { OnTokenValidated = context => CheckCaller(context, issuer.Kinds, settings) };
            });
        }

        if (settings.Local.Enabled)
        {
            var key = LoadPublicKey(settings.Local.PublicKeyFile);
            schemeByIssuer[settings.Local.Issuer] = LocalScheme;
            auth.AddJwtBearer(LocalScheme, o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = Parameters(settings, settings.Local.Issuer, [settings.Local.Audience], key);
                RememberValidTokens(o);
                o.Events = new JwtBearerEvents { OnTokenValidated = context => CheckCaller(context, [], settings) };
            });
        }

        // A token from no trusted issuer (or no token) ends here: no identity, so 401.
        const string NoneScheme = "none";
        auth.AddScheme<AuthenticationSchemeOptions, NoIdentityHandler>(NoneScheme, null);

        auth.AddPolicyScheme(Scheme, Scheme, o => o.ForwardDefaultSelector = context =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                if (TokenIssuer.Peek(header.AsSpan("Bearer ".Length).Trim()) is { } issuer && schemeByIssuer.TryGetValue(issuer, out var s))
                {
                    return s;
                }
            }
            return NoneScheme;
        });

        builder.Services.AddAuthorizationBuilder()
            // No scheme named: the authentication middleware has already authenticated the default scheme (this one), and a
            // policy that names it would authenticate it again for every call (ADR 9).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>
    /// A valid signature is not enough: the issuer must speak for the kind of caller the token
    /// claims, and the token must carry what that kind of caller is known by.
    /// </summary>
    private static Task CheckCaller(TokenValidatedContext context, string[] kinds, AuthenticationSettings settings)
    {
        var principal = context.Principal!;
        var kind = principal.FindFirst("actor_kind")?.Value;
        if (kind is null && kinds.Length == 1 && principal.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            kind = kinds[0];
            identity.AddClaim(new System.Security.Claims.Claim("actor_kind", kind));
        }
        if (kind is null || (kinds.Length > 0 && !kinds.Contains(kind, StringComparer.Ordinal)))
        {
            context.Fail("The token's issuer does not speak for this kind of caller.");
            return Task.CompletedTask;
        }
        if (context.SecurityToken is not JsonWebToken jwt || jwt.IssuedAt == DateTime.MinValue
            || !settings.MaxLifetime.TryGetValue(kind, out var longest) || jwt.ValidTo - jwt.IssuedAt > longest)
        {
            context.Fail($"A {kind} token must say when it was issued and live no longer than its kind of caller allows.");
            return Task.CompletedTask;
        }
        string? Claim(string type) => principal.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;
        var complete = kind switch
        {
            "citizen" => Claim("pid") is { Length: 11 } pid && pid.All(char.IsAsciiDigit) && Claim("acr") is not null,
            "employee" => Claim("sub") is not null && Claim("org") is not null && (Claim("municipality") is not { } m || (m.Length == 4 && m.All(char.IsAsciiDigit))),
            "system" => Claim("client_id") is not null && Claim("org") is not null,
            "service" => Claim("sub") is not null,
            _ => false,
        };
        if (!complete)
        {
            context.Fail($"A {kind} token lacks a required claim.");
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Each issuer's scheme validates a token once and remembers it until it expires (<see cref="CachedTokenHandler"/>),
    /// on the wall clock that the token's lifetime is validated on.
    /// </summary>
    private static void RememberValidTokens(JwtBearerOptions options)
    {
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new CachedTokenHandler(TimeProvider.System));
    }

    private static TokenValidationParameters Parameters(AuthenticationSettings settings, string issuer, string[] audiences, SecurityKey? key) => new()
    {
        ValidIssuer = issuer,
        ValidAudiences = audiences,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = settings.ClockSkew < AuthenticationSettings.MaxClockSkew ? settings.ClockSkew : AuthenticationSettings.MaxClockSkew,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
    };

    private static RsaSecurityKey LoadPublicKey(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new InvalidOperationException("Authentication:Local:PublicKeyFile must name an existing PEM file when the local issuer is enabled.");
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        return new RsaSecurityKey(rsa);
    }
}

/// <summary>Authenticates nobody: the scheme for requests whose token names no trusted issuer.</summary>
internal sealed class NoIdentityHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Koordinering.ServiceDefaults.Resilience;

namespace Koordinering.ServiceDefaults.Maskinporten;

public static class MaskinportenExtensions
{
    /// <summary>The Maskinporten client (section <c>Maskinporten</c>) and its token cache; the token endpoint through the standard resilience handler (<c>Resilience:Maskinporten</c>).</summary>
    public static IServiceCollection AddMaskinporten(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(MaskinportenTokens)))
        {
            return services; // Once, however many adapters ask for it: the token client keeps one resilience handler.
        }
        services.Configure<MaskinportenOptions>(configuration.GetSection(MaskinportenOptions.Section));
        services.AddHttpClient(MaskinportenTokens.HttpClientName).AddAdapterResilience(configuration, "Maskinporten");
        services.AddSingleton<MaskinportenTokens>();
        return services;
    }

    /// <summary>Outgoing requests of this client carry a Maskinporten token for <paramref name="scope"/>.</summary>
    public static IHttpClientBuilder AddMaskinportenToken(this IHttpClientBuilder builder, string scope) =>
        builder.AddHttpMessageHandler(sp => new MaskinportenHandler(sp.GetRequiredService<MaskinportenTokens>(), scope));
}

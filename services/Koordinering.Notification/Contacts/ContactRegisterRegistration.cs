using Koordinering.Notification.Domain;
using Koordinering.ServiceDefaults.Caching;
using Koordinering.ServiceDefaults.Maskinporten;
using Koordinering.ServiceDefaults.Resilience;

namespace Koordinering.Notification.Contacts;

public static class ContactRegisterRegistration
{
    /// <summary>
    /// KRR's API where <c>ContactRegister:BaseUrl</c> is configured (with a Maskinporten token for
    /// <c>ContactRegister:Scope</c>, the standard resilience handler from <c>Resilience:ContactRegister</c> and a short in-memory cache), else the local table.
    /// </summary>
    public static IServiceCollection AddContactRegister(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(KrrOptions.Section);
        var settings = section.Get<KrrOptions>() ?? new KrrOptions();
        if (string.IsNullOrWhiteSpace(settings.BaseUrl))
        {
            return services.AddScoped<IContactRegister, LocalContactRegister>();
        }
        services.Configure<KrrOptions>(section);
        services.AddMaskinporten(configuration);
        services.AddSingleton(sp => new TimedCache<ContactInfo?>(settings.CacheFor, sp.GetRequiredService<TimeProvider>()));
        var client = services.AddHttpClient<IContactRegister, KrrContactRegister>(h => h.BaseAddress = new Uri(settings.BaseUrl.TrimEnd('/') + "/"));
        client.AddAdapterResilience(configuration, "ContactRegister");
        client.AddMaskinportenToken(settings.Scope);
        return services;
    }
}

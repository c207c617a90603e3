using Koordinering.ServiceDefaults.Maskinporten;
using Koordinering.ServiceDefaults.Resilience;

namespace Koordinering.Notification.Channels;

public static class SmsGatewayRegistration
{
    /// <summary>
    /// The SMS gateway where <c>Notification:SmsGatewayUrl</c> is configured: <see cref="GatewaySmsSender"/>
    /// behind the standard resilience handler (options from <c>Resilience:SmsGateway</c>), with a Maskinporten token when <c>Notification:SmsGatewayScope</c> is set.
    /// </summary>
    public static IServiceCollection AddSmsGateway(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        if (string.IsNullOrWhiteSpace(settings.SmsGatewayUrl))
        {
            return services;
        }
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        var client = services.AddHttpClient<GatewaySmsSender>(h => h.BaseAddress = new Uri(settings.SmsGatewayUrl.TrimEnd('/') + "/"));
        client.AddAdapterResilience(configuration, "SmsGateway");
        if (!string.IsNullOrWhiteSpace(settings.SmsGatewayScope))
        {
            services.AddMaskinporten(configuration);
            client.AddMaskinportenToken(settings.SmsGatewayScope);
        }
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<GatewaySmsSender>());
        return services;
    }
}

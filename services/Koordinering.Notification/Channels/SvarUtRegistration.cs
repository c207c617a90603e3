using Koordinering.Notification.Domain;
using Koordinering.Notification.Letters;
using Koordinering.ServiceDefaults.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Channels;

public static class SvarUtRegistration
{
    public const string HttpClientName = "svarut";

    /// <summary>
    /// SvarUt for the digital mailbox and paper where <c>Notification:SvarUt:BaseUrl</c> is configured: one
    /// <see cref="SvarUtShipmentSender"/> per channel behind the standard resilience handler (its timeouts from
    /// <see cref="SvarUtOptions"/>). Without it the local outbox stands in.
    /// </summary>
    public static IServiceCollection AddSvarUt(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SvarUtOptions.Section);
        var settings = section.Get<SvarUtOptions>() ?? new SvarUtOptions();
        if (string.IsNullOrWhiteSpace(settings.BaseUrl))
        {
            return services;
        }
        if (string.IsNullOrWhiteSpace(settings.ServiceId))
        {
            throw new InvalidOperationException("Notification:SvarUt:ServiceId is required when Notification:SvarUt:BaseUrl is set.");
        }
        services.Configure<SvarUtOptions>(section);
        services.Configure<LetterOptions>(configuration.GetSection(LetterOptions.Section));
        services.TryAddSingleton(_ => new LetterPdf(configuration.GetSection(LetterOptions.Section).Get<LetterOptions>()?.PdfSharpLicenseKey));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName, h => h.BaseAddress = new Uri(settings.BaseUrl.TrimEnd('/') + "/"))
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = settings.AttemptTimeout;
                o.TotalRequestTimeout.Timeout = settings.TotalTimeout;
                o.Retry.MaxRetryAttempts = Math.Max(1, settings.Retries);
                if (settings.Retries == 0)
                {
                    o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
                }
                o.Retry.Delay = settings.RetryDelay;
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, settings.AttemptTimeout.Ticks * 2));
            })
            // The standard handler's options in full, over the above, where Resilience:SvarUt sets them.
            .ConfigureFrom(configuration.GetSection($"{AdapterResilience.Section}:SvarUt"));
        foreach (var channel in new[] { Channel.DigitalMailbox, Channel.Paper })
        {
            services.AddSingleton<IChannelSender>(sp => new SvarUtShipmentSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                sp.GetRequiredService<IOptions<SvarUtOptions>>(), sp.GetRequiredService<IOptions<LetterOptions>>(), sp.GetRequiredService<LetterPdf>(),
                sp.GetRequiredService<TimeProvider>(), channel));
        }
        services.AddSingleton<SvarUtStatusFollowUp>().AddHostedService(sp => sp.GetRequiredService<SvarUtStatusFollowUp>());
        return services;
    }
}

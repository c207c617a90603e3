using Koordinering.Notification.Consumers;
using Koordinering.Notification.Contacts;
using Koordinering.Notification.Delivery;
using Koordinering.Notification.Domain;
using Koordinering.Notification.Letters;
using Koordinering.Notification.Texts;

namespace Koordinering.Notification.Channels;

public static class ChannelRegistration
{
    /// <summary>
    /// The channel adapters that are configured (SMTP host, SMS gateway, dispatch service), the
    /// contact register (KRR's API where configured, else the local table), the templates, the
    /// planner and the dispatcher.
    /// </summary>
    public static WebApplicationBuilder AddNotificationChannels(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(NotificationOptions.Section);
        var settings = section.Get<NotificationOptions>() ?? new NotificationOptions();
        builder.Services.Configure<NotificationOptions>(section);
        builder.Services.AddSingleton(Templates.FromAppFolder());
        var letters = builder.Configuration.GetSection(LetterOptions.Section);
        builder.Services.Configure<LetterOptions>(letters);
        builder.Services.AddSingleton(new LetterPdf(letters.Get<LetterOptions>()?.PdfSharpLicenseKey));
        builder.Services.AddSingleton<LocalOutbox>();
        builder.Services.AddScoped<NoticePlanner>();
        if (!string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            builder.Services.AddSingleton<IChannelSender, SmtpEmailSender>();
        }
        builder.Services.AddSmsGateway(builder.Configuration);
        if (!string.IsNullOrWhiteSpace(settings.DispatchBaseUrl))
        {
            var baseAddress = new Uri(settings.DispatchBaseUrl.TrimEnd('/') + "/");
            builder.Services.AddHttpClient("dispatch", h => h.BaseAddress = baseAddress);
            foreach (var channel in new[] { Channel.DigitalMailbox, Channel.Paper })
            {
                builder.Services.AddSingleton<IChannelSender>(sp => new HttpDispatchSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient("dispatch"), channel));
            }
        }
        builder.Services.AddContactRegister(builder.Configuration);
        builder.Services.AddSingleton<NoticeDispatcher>().AddHostedService(sp => sp.GetRequiredService<NoticeDispatcher>());
        return builder;
    }
}

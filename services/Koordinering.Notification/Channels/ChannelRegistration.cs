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
    /// The channel adapters that are configured (SMTP host, SMS gateway, SvarUt), the
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
        builder.Services.AddScoped<RegisterLookups>();
        if (!string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            builder.Services.AddSingleton<IChannelSender, SmtpEmailSender>();
        }
        builder.Services.AddSmsGateway(builder.Configuration);
        builder.Services.AddSvarUt(builder.Configuration);
        builder.Services.AddContactRegister(builder.Configuration);
        builder.Services.AddSingleton<NoticeDispatcher>().AddHostedService(sp => sp.GetRequiredService<NoticeDispatcher>());
        return builder;
    }
}

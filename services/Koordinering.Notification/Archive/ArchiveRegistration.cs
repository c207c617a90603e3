using Koordinering.ServiceDefaults.Maskinporten;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Koordinering.Notification.Archive;

public static class ArchiveRegistration
{
    /// <summary>
    /// The archive intake (in the consumers' transaction), the dispatcher, and the archive port: the Fiks IO adapter where
    /// <c>Archive:FiksIo:BaseUrl</c> is set (a cluster), else the local folder archive where <c>Archive:LocalFolder</c> is set.
    /// Both set is refused. With neither, items wait.
    /// </summary>
    public static WebApplicationBuilder AddArchive(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ArchiveOptions.Section);
        builder.Services.Configure<ArchiveOptions>(section);
        builder.Services.AddScoped<ArchiveIntake>();
        var folder = section.Get<ArchiveOptions>()?.LocalFolder;
        var fiksIo = builder.Configuration.GetSection(FiksIoOptions.Section);
        if (fiksIo.Get<FiksIoOptions>() is { BaseUrl.Length: > 0 } settings)
        {
            if (!string.IsNullOrWhiteSpace(folder))
            {
                throw new InvalidOperationException("Archive:LocalFolder and Archive:FiksIo:BaseUrl are both set; the archive is one or the other.");
            }
            settings.Validate();
            builder.Services.Configure<FiksIoOptions>(fiksIo);
            var baseAddress = new Uri(settings.BaseUrl.TrimEnd('/') + "/");
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddHttpClient(nameof(FiksIoCatalog), h => (h.BaseAddress, h.Timeout) = (baseAddress, settings.Timeout));
            builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<FiksIoCatalog>(sp,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(FiksIoCatalog))));
            builder.Services.AddMaskinporten(builder.Configuration);
            builder.Services.AddHttpClient(nameof(FiksIoArchive), h => (h.BaseAddress, h.Timeout) = (baseAddress, settings.Timeout))
                .AddMaskinportenToken(settings.Scope);
            builder.Services.AddSingleton<IArchive>(sp => ActivatorUtilities.CreateInstance<FiksIoArchive>(sp,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(FiksIoArchive))));
        }
        else if (!string.IsNullOrWhiteSpace(folder))
        {
            builder.Services.AddSingleton<IArchive>(new FolderArchive(Path.GetFullPath(folder)));
        }
        builder.Services.AddSingleton<ArchiveDispatcher>().AddHostedService(sp => sp.GetRequiredService<ArchiveDispatcher>());
        return builder;
    }
}

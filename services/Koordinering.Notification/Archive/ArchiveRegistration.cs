namespace Koordinering.Notification.Archive;

public static class ArchiveRegistration
{
    /// <summary>
    /// The archive intake (in the consumers' transaction), the dispatcher, and the local folder archive where
    /// <c>Archive:LocalFolder</c> is set. The Fiks IO adapter for a cluster is not built yet: without a folder, items wait.
    /// </summary>
    public static WebApplicationBuilder AddArchive(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ArchiveOptions.Section);
        builder.Services.Configure<ArchiveOptions>(section);
        builder.Services.AddScoped<ArchiveIntake>();
        if (section.Get<ArchiveOptions>()?.LocalFolder is { Length: > 0 } folder)
        {
            builder.Services.AddSingleton<IArchive>(new FolderArchive(Path.GetFullPath(folder)));
        }
        builder.Services.AddSingleton<ArchiveDispatcher>().AddHostedService(sp => sp.GetRequiredService<ArchiveDispatcher>());
        return builder;
    }
}

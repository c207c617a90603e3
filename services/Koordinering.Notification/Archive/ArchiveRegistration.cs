namespace Koordinering.Notification.Archive;

public static class ArchiveRegistration
{
    /// <summary>The archive intake, which the consumers call in their transaction.</summary>
    public static WebApplicationBuilder AddArchive(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArchiveIntake>();
        return builder;
    }
}

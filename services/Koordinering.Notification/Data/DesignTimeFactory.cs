using Koordinering.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Koordinering.Notification.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<NotificationDbContext>
{
    public NotificationDbContext CreateDbContext(string[] args) => new(DesignTime.Options<NotificationDbContext>());
}

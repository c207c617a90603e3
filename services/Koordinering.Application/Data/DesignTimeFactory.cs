using Koordinering.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Koordinering.Application.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ApplicationDbContext>
{
    public ApplicationDbContext CreateDbContext(string[] args) => new(DesignTime.Options<ApplicationDbContext>());
}

using Koordinering.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Koordinering.Consent.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ConsentDbContext>
{
    public ConsentDbContext CreateDbContext(string[] args) => new(DesignTime.Options<ConsentDbContext>());
}

using Koordinering.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Koordinering.Eligibility.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EligibilityDbContext>
{
    public EligibilityDbContext CreateDbContext(string[] args) => new(DesignTime.Options<EligibilityDbContext>());
}

using Koordinering.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Koordinering.Plan.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlanDbContext>
{
    public PlanDbContext CreateDbContext(string[] args) => new(DesignTime.Options<PlanDbContext>());
}

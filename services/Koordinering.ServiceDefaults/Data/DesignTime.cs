using Microsoft.EntityFrameworkCore;

namespace Koordinering.ServiceDefaults.Data;

/// <summary>Options for <c>dotnet ef</c> at design time: the model only, no live database.</summary>
public static class DesignTime
{
    public static DbContextOptions<TContext> Options<TContext>() where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseNpgsql("Host=localhost;Database=design_time")
            .UseSnakeCaseNamingConvention()
            .Options;
}

using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Plan.Data;

public sealed class PlanDbContext(DbContextOptions<PlanDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Coordination> Coordinations => Set<Domain.Coordination>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.Entity<Domain.Coordination>(e =>
        {
            e.ToTable("coordinations");
            e.HasKey(x => x.Id);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
        });
    }
}

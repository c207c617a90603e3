using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Eligibility.Data;

public sealed class EligibilityDbContext(DbContextOptions<EligibilityDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Assessment> Assessments => Set<Domain.Assessment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.Entity<Domain.Assessment>(e =>
        {
            e.ToTable("assessments");
            e.HasKey(x => x.Id);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.RuleSetVersion).HasMaxLength(32);
            e.HasIndex(x => x.ApplicationId).IsUnique();
        });
    }
}

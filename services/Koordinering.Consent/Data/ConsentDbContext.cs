using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Consent.Data;

public sealed class ConsentDbContext(DbContextOptions<ConsentDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Consent> Consents => Set<Domain.Consent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.Entity<Domain.Consent>(e =>
        {
            e.ToTable("consents");
            e.HasKey(x => x.Id);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
        });
    }
}

using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Application.Data;

public sealed class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Application> Applications => Set<Domain.Application>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.Entity<Domain.Application>(e =>
        {
            e.ToTable("applications");
            e.HasKey(x => x.Id);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.HasIndex(x => new { x.MunicipalityNumber, x.Status });
            e.Property(x => x.PersonIdentityNumber).HasMaxLength(11);
            e.PrimitiveCollection(x => x.RequestedRights).ElementType().HasConversion<string>();
            e.Property(x => x.SubmittedBy).HasMaxLength(160);
            e.Property(x => x.ClientRequestId).HasMaxLength(64);
            e.HasIndex(x => new { x.SubmittedBy, x.ClientRequestId }).IsUnique().HasDatabaseName("ux_applications_client_request");
        });
    }
}

using Koordinering.ServiceDefaults.Audit;
using System.Text.Json;
using Koordinering.Consent.Domain;
using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Koordinering.Consent.Data;

public sealed class ConsentDbContext(DbContextOptions<ConsentDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Consent> Consents => Set<Domain.Consent>();
    public DbSet<ConsentParty> Parties => Set<ConsentParty>();
    public DbSet<ConsentHistoryEntry> History => Set<ConsentHistoryEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.AddAuditTable();
        modelBuilder.Entity<Domain.Consent>(e =>
        {
            e.ToTable("consents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.SubjectIdentityNumber).HasMaxLength(11);
            e.Property(x => x.Givers).HasJsonbConversion();
            e.PrimitiveCollection(x => x.Purposes).ElementType().HasConversion<string>();
            e.Property(x => x.Form).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.AssuranceLevel).HasMaxLength(64);
            e.Property(x => x.ArchiveReference).HasMaxLength(200);
            e.Property(x => x.GivenBy).HasMaxLength(160);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.WithdrawnBy).HasMaxLength(160);
            e.Property(x => x.Version).IsRowVersion();
            e.HasMany(x => x.Parties).WithOne().HasForeignKey(p => p.ConsentId);
            e.HasMany(x => x.History).WithOne().HasForeignKey(h => h.ConsentId);
            // The consent check: one indexed lookup by subject among active consents.
            e.HasIndex(x => x.SubjectIdentityNumber).HasFilter("status = 'Active'").HasDatabaseName("ix_consents_active_subject");
            e.HasIndex(x => new { x.MunicipalityNumber, x.GivenAt, x.Id });
            e.HasIndex(x => x.SubjectTurns16On).HasFilter("status = 'Active' AND renewal_due_at IS NULL");
        });
        modelBuilder.Entity<ConsentParty>(e =>
        {
            e.ToTable("consent_parties");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.OrganisationNumber).HasMaxLength(9);
            e.Property(x => x.OrganisationName).HasMaxLength(200);
            e.Property(x => x.PersonId).HasMaxLength(64);
            e.Property(x => x.PersonName).HasMaxLength(200);
            e.Property(x => x.WithdrawnBy).HasMaxLength(160);
            e.HasIndex(x => new { x.ConsentId, x.OrganisationNumber });
        });
        modelBuilder.Entity<ConsentHistoryEntry>(e =>
        {
            e.ToTable("consent_history");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Actor).HasMaxLength(160);
            e.Property(x => x.Action).HasMaxLength(32);
            e.Property(x => x.Detail).HasMaxLength(1000);
            e.HasIndex(x => new { x.ConsentId, x.At });
        });
    }
}

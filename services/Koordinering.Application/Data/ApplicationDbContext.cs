using Koordinering.ServiceDefaults.Audit;
using System.Text.Json;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Koordinering.Application.Data;

public sealed class ApplicationDbContext(DbContextOptions<ApplicationDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Application> Applications => Set<Domain.Application>();
    public DbSet<Domain.ApplicationHistoryEntry> History => Set<Domain.ApplicationHistoryEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.AddAuditTable();
        modelBuilder.Entity<Domain.Application>(e =>
        {
            e.ToTable("applications");
            e.HasKey(x => x.Id);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.PersonIdentityNumber).HasMaxLength(11);
            e.PrimitiveCollection(x => x.ParentIdentityNumbers);
            e.PrimitiveCollection(x => x.ConfirmedParentIdentityNumbers);
            e.Property(x => x.ApplicantRelation).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.ApplicantOrganisation).HasMaxLength(200);
            e.PrimitiveCollection(x => x.RequestedRights).ElementType().HasConversion<string>();
            e.Property(x => x.Services).HasJsonbConversion();
            e.Property(x => x.ExpectedDuration).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ConditionDescription).HasMaxLength(4000);
            e.Property(x => x.PreferredCoordinator).HasMaxLength(200);
            e.Property(x => x.WrittenStandard).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ContactEmail).HasMaxLength(254);
            e.Property(x => x.ContactMobile).HasMaxLength(20);
            e.Property(x => x.SubmittedBy).HasMaxLength(160);
            e.Property(x => x.ClientRequestId).HasMaxLength(64);
            e.Property(x => x.InterimReplyReason).HasMaxLength(1000);
            e.Property(x => x.AppealGrounds).HasMaxLength(4000);
            e.Property(x => x.AppealOutcome).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Version).IsRowVersion();
            e.HasMany(x => x.History).WithOne().HasForeignKey(h => h.ApplicationId);
            e.HasIndex(x => new { x.SubmittedBy, x.ClientRequestId }).IsUnique().HasDatabaseName("ux_applications_client_request");
            e.HasIndex(x => new { x.MunicipalityNumber, x.ReceivedAt, x.Id });
            e.HasIndex(x => new { x.MunicipalityNumber, x.PersonIdentityNumber });
            e.HasIndex(x => x.InterimReplyDue).HasFilter("status IN ('Received', 'InAssessment')");
            e.HasIndex(x => x.AssessmentId);
        });
        modelBuilder.Entity<Domain.ApplicationHistoryEntry>(e =>
        {
            e.ToTable("application_history");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Actor).HasMaxLength(160);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Detail).HasMaxLength(1000);
            e.HasIndex(x => new { x.ApplicationId, x.At });
        });
    }
}

using Koordinering.ServiceDefaults.Audit;
using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Eligibility.Data;

public sealed class EligibilityDbContext(DbContextOptions<EligibilityDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Assessment> Assessments => Set<Domain.Assessment>();
    public DbSet<Domain.Decision> Decisions => Set<Domain.Decision>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.AddAuditTable();
        modelBuilder.Entity<Domain.Assessment>(e =>
        {
            e.ToTable("assessments");
            e.HasKey(x => x.Id);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.RuleSetVersion).HasMaxLength(32);
            e.Property(x => x.PersonIdentityNumber).HasMaxLength(11);
            e.Property(x => x.WrittenStandard).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.CoordinationLeadNb).HasMaxLength(1000);
            e.Property(x => x.CoordinationLeadNn).HasMaxLength(1000);
            e.Property(x => x.Version).IsRowVersion();
            e.HasIndex(x => x.ApplicationId).IsUnique();
            e.HasIndex(x => new { x.MunicipalityNumber, x.Status, x.CreatedAt, x.Id });
            e.HasMany(x => x.Criteria).WithOne().HasForeignKey(c => c.AssessmentId);
            e.HasMany(x => x.Decisions).WithOne().HasForeignKey(d => d.AssessmentId);
        });
        modelBuilder.Entity<Domain.AssessmentCriterion>(e =>
        {
            e.ToTable("assessment_criteria");
            e.HasKey(x => new { x.AssessmentId, x.CriterionId });
            e.Property(x => x.CriterionId).HasMaxLength(64);
            e.Property(x => x.Right).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.RuleOutcome).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Finding).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.DescriptionNb).HasMaxLength(500);
            e.Property(x => x.DescriptionNn).HasMaxLength(500);
            e.Property(x => x.RuleGroundsNb).HasMaxLength(1000);
            e.Property(x => x.RuleGroundsNn).HasMaxLength(1000);
            e.Property(x => x.LegalReference).HasMaxLength(64);
            e.Property(x => x.FindingGrounds).HasMaxLength(Domain.Assessment.MaxTextLength);
            e.Property(x => x.FoundBy).HasMaxLength(160);
        });
        modelBuilder.Entity<Domain.Decision>(e =>
        {
            e.ToTable("decisions");
            e.HasKey(x => x.Id);
            // Ids are made by the domain: a decision found new in the collection is inserted, never updated.
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.Right).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.LegalBasis).HasMaxLength(200);
            e.Property(x => x.Reasons).HasMaxLength(Domain.Assessment.MaxTextLength);
            e.Property(x => x.DecidedBy).HasMaxLength(160);
            e.HasIndex(x => new { x.AssessmentId, x.Right, x.Version }).IsUnique();
        });
    }
}

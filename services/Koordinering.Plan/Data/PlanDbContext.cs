using Koordinering.ServiceDefaults.Audit;
using System.Text.Json;
using Koordinering.Eventing;
using Koordinering.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Koordinering.Plan.Data;

public sealed class PlanDbContext(DbContextOptions<PlanDbContext> options) : DbContext(options)
{
    public DbSet<Coordination> Coordinations => Set<Coordination>();
    public DbSet<CarePlan> Plans => Set<CarePlan>();
    public DbSet<PlanRevision> Revisions => Set<PlanRevision>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<ChangeProposal> Proposals => Set<ChangeProposal>();
    public DbSet<EvaluationNotice> EvaluationNotices => Set<EvaluationNotice>();
    public DbSet<AccessRevocation> Revocations => Set<AccessRevocation>();
    public DbSet<CoordinationLead> CoordinationLeads => Set<CoordinationLead>();
    public DbSet<PlanMessage> Messages => Set<PlanMessage>();
    public DbSet<MessageRead> MessageReads => Set<MessageRead>();

    private static ValueComparer<PlanDocument?> DocumentComparer => new(
        (a, b) => JsonSerializer.Serialize(a, EventStorage.Json) == JsonSerializer.Serialize(b, EventStorage.Json),
        v => JsonSerializer.Serialize(v, EventStorage.Json).GetHashCode(StringComparison.Ordinal),
        v => v);

    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Json<T>() => new(
        v => JsonSerializer.Serialize(v, EventStorage.Json),
        v => JsonSerializer.Deserialize<T>(v, EventStorage.Json)!);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.AddAuditTable();
        modelBuilder.Entity<CoordinationLead>(e =>
        {
            e.ToTable("coordination_leads");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.PersonIdentityNumber).HasMaxLength(11);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.WrittenStandard).HasConversion<string>().HasMaxLength(16);
            // Records and lists replaced whole by the aggregate's methods, stored as jsonb.
            e.Property(x => x.Lead).HasColumnType("jsonb").HasConversion(Json<WelfareService>());
            e.Property(x => x.Contact).HasColumnType("jsonb").HasConversion(Json<LeadContact>());
            e.Property(x => x.ParticipatingServices).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<WelfareService>>());
            e.Property(x => x.History).HasColumnType("jsonb").HasConversion(Json<IReadOnlyList<CoordinationLeadHistoryEntry>>());
            e.Property(x => x.EndReason).HasMaxLength(1000);
            e.Property(x => x.Version).IsRowVersion();
            // One active designation per person and municipality.
            e.HasIndex(x => new { x.MunicipalityNumber, x.PersonIdentityNumber }).IsUnique().HasFilter("status = 'Active'")
                .HasDatabaseName("ux_coordination_leads_one_active");
        });
        modelBuilder.Entity<Coordination>(e =>
        {
            e.ToTable("coordinations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.PersonIdentityNumber).HasMaxLength(11);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Version).IsRowVersion();
            e.Ignore(x => x.Current);
            e.Ignore(x => x.MayHaveIndividualPlan);
            e.HasIndex(x => new { x.MunicipalityNumber, x.PersonIdentityNumber }).IsUnique();
            e.HasMany(x => x.Appointments).WithOne().HasForeignKey(a => a.CoordinationId);
        });
        modelBuilder.Entity<CoordinatorAppointment>(e =>
        {
            e.ToTable("coordinator_appointments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.EmployeeId).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.OrganisationNumber).HasMaxLength(9);
            e.Property(x => x.OrganisationName).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.Phone).HasMaxLength(20);
            e.Property(x => x.WishedFor).HasMaxLength(200);
            e.Property(x => x.ReasonWishNotFollowed).HasMaxLength(1000);
            e.Property(x => x.AppointedBy).HasMaxLength(160);
        });
        modelBuilder.Entity<CarePlan>(e =>
        {
            e.ToTable("plans");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.PersonIdentityNumber).HasMaxLength(11);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Content).HasColumnType("jsonb").HasConversion(
                v => JsonSerializer.Serialize(v, EventStorage.Json),
                v => JsonSerializer.Deserialize<PlanDocument>(v, EventStorage.Json)!,
                DocumentComparer!);
            e.Property(x => x.UpdatedBy).HasMaxLength(160);
            // Only one individual plan per person, across all sectors.
            e.HasIndex(x => x.PersonIdentityNumber).IsUnique().HasFilter("kind = 'IndividualPlan'").HasDatabaseName("ux_plans_one_individual_plan_per_person");
            e.HasIndex(x => x.CoordinationId);
            e.HasMany(x => x.Revisions).WithOne().HasForeignKey(r => r.PlanId);
        });
        modelBuilder.Entity<PlanRevision>(e =>
        {
            e.ToTable("plan_revisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.ChangedBy).HasMaxLength(160);
            e.Property(x => x.Change).HasMaxLength(32);
            e.Property(x => x.Before).HasColumnType("jsonb").HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, EventStorage.Json),
                v => v == null ? null : JsonSerializer.Deserialize<PlanDocument>(v, EventStorage.Json), DocumentComparer);
            e.Property(x => x.After).HasColumnType("jsonb").HasConversion(
                v => JsonSerializer.Serialize(v, EventStorage.Json),
                v => JsonSerializer.Deserialize<PlanDocument>(v, EventStorage.Json)!, DocumentComparer!);
            e.HasIndex(x => new { x.PlanId, x.Version }).IsUnique();
        });
        modelBuilder.Entity<Meeting>(e =>
        {
            e.ToTable("meetings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Place).HasMaxLength(200);
            e.Property(x => x.VideoLink).HasMaxLength(500);
            e.Property(x => x.Agenda).HasMaxLength(4000);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.PrimitiveCollection(x => x.InvitedParticipantIds);
            e.Property(x => x.Minutes).HasMaxLength(8000);
            e.PrimitiveCollection(x => x.Decisions);
            e.Property(x => x.CancelReason).HasMaxLength(1000);
            e.Property(x => x.Version).IsRowVersion();
            e.HasIndex(x => new { x.PlanId, x.StartsAt });
        });
        modelBuilder.Entity<ChangeProposal>(e =>
        {
            e.ToTable("change_proposals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Text).HasMaxLength(4000);
            e.Property(x => x.ProposedBy).HasMaxLength(160);
            e.HasIndex(x => x.PlanId);
        });
        modelBuilder.Entity<EvaluationNotice>(e =>
        {
            e.ToTable("evaluation_notices");
            e.HasKey(x => new { x.PlanId, x.EvaluationDate });
        });
        modelBuilder.Entity<PlanMessage>(e =>
        {
            e.ToTable("messages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.AuthorKind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.AuthorKey).HasMaxLength(160);
            e.Property(x => x.AuthorId).HasMaxLength(64);
            e.Property(x => x.AuthorOrganisation).HasMaxLength(9);
            e.Property(x => x.Text).HasMaxLength(PlanLimits.MaxMessage);
            e.Ignore(x => x.ReadByOthers);
            // There is no retention rule of its own: a conversation is kept as long as its coordination, and deleted with it.
            e.HasOne<Coordination>().WithMany().HasForeignKey(x => x.CoordinationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<PlanMessage>().WithMany().HasForeignKey(x => x.CorrectsMessageId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.CoordinationId, x.WrittenAt, x.Id });
            e.HasMany(x => x.Reads).WithOne().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<MessageRead>(e =>
        {
            e.ToTable("message_reads");
            e.HasKey(x => new { x.MessageId, x.ReaderKey });
            e.Property(x => x.ReaderKey).HasMaxLength(160);
        });
        modelBuilder.Entity<AccessRevocation>(e =>
        {
            e.ToTable("access_revocations");
            e.HasKey(x => new { x.ConsentId, x.OrganisationNumber });
            e.Property(x => x.OrganisationNumber).HasMaxLength(9);
            e.Property(x => x.PersonId).HasMaxLength(64);
        });
    }
}

using Koordinering.ServiceDefaults.Audit;
using Koordinering.Eventing;
using Koordinering.Notification.Archive;
using Koordinering.Notification.Domain;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Notification.Data;

public sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options) : DbContext(options)
{
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<NoticeDelivery> Deliveries => Set<NoticeDelivery>();
    public DbSet<ContactRecord> Contacts => Set<ContactRecord>();
    public DbSet<ArchiveItem> ArchiveItems => Set<ArchiveItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.AddAuditTable();
        modelBuilder.Entity<Notice>(e =>
        {
            e.ToTable("notices");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.RecipientKey).HasMaxLength(300);
            e.Property(x => x.Kind).HasMaxLength(64);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.PersonIdentityNumber).HasMaxLength(11);
            e.Property(x => x.RecipientIdentityNumber).HasMaxLength(11);
            e.Property(x => x.DirectContact).HasMaxLength(254);
            e.Property(x => x.RecipientMobile).HasMaxLength(20);
            e.Property(x => x.RecipientEmail).HasMaxLength(254);
            e.Property(x => x.WrittenStandard).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Subject).HasMaxLength(300);
            e.Property(x => x.Body).HasMaxLength(20000);
            e.PrimitiveCollection(x => x.Channels).ElementType().HasConversion<string>();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.Ignore(x => x.CurrentChannel);
            e.Property(x => x.ShipmentId).HasMaxLength(64);
            e.Property(x => x.ShipmentStatus).HasMaxLength(32);
            // Shipments whose SvarUt status is still to be followed up.
            e.HasIndex(x => x.ShipmentCheckAt).HasFilter("shipment_check_at IS NOT NULL");
            // Once per event, recipient and kind: a second delivery of the event sends nothing more.
            e.HasIndex(x => new { x.EventId, x.RecipientKey, x.Kind }).IsUnique().HasDatabaseName("ux_notices_once");
            e.HasIndex(x => x.NextAttemptAt).HasFilter("status = 'Pending'");
            // A reader's latest notice of a kind (at most one new-message notice an hour).
            e.HasIndex(x => new { x.RecipientKey, x.Kind });
            e.HasIndex(x => x.CaseId);
            e.HasIndex(x => x.PersonIdentityNumber);
            e.HasIndex(x => new { x.MunicipalityNumber, x.CreatedAt, x.Id });
            e.HasMany(x => x.Deliveries).WithOne().HasForeignKey(d => d.NoticeId);
        });
        modelBuilder.Entity<NoticeDelivery>(e =>
        {
            e.ToTable("notice_deliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Outcome).HasMaxLength(32);
            e.Property(x => x.Detail).HasMaxLength(2000);
        });
        modelBuilder.Entity<ArchiveItem>(e =>
        {
            e.ToTable("archive_items");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.DocumentKey).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(64);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.Format).HasMaxLength(32);
            e.Property(x => x.MimeType).HasMaxLength(100);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.LastError).HasMaxLength(200);
            // Once per document: a second delivery of the event archives nothing more.
            e.HasIndex(x => x.DocumentKey).IsUnique().HasDatabaseName("ux_archive_items_document_key");
            e.HasIndex(x => x.NextAttemptAt).HasFilter("status = 'Pending'");
            e.HasIndex(x => x.CaseId);
        });
        modelBuilder.Entity<ContactRecord>(e =>
        {
            e.ToTable("contact_register");
            e.HasKey(x => x.IdentityNumber);
            e.Property(x => x.IdentityNumber).HasMaxLength(11);
            e.Property(x => x.Mobile).HasMaxLength(20);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.DigitalMailbox).HasMaxLength(100);
            e.Property(x => x.Language).HasConversion<string>().HasMaxLength(16);
        });
    }
}

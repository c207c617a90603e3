using Koordinering.Eventing;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.Notification.Data;

public sealed class NotificationDbContext(DbContextOptions<NotificationDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Notice> Notices => Set<Domain.Notice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddEventingTables();
        modelBuilder.Entity<Domain.Notice>(e =>
        {
            e.ToTable("notices");
            e.HasKey(x => x.Id);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4).IsFixedLength();
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Kind).HasMaxLength(64);
        });
    }
}

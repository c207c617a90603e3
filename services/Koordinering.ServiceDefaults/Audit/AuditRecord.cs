using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Koordinering.ServiceDefaults.Audit;

/// <summary>One read or write of personal data, allowed or denied. Append-only: the database refuses updates, deletes and truncation.</summary>
public sealed class AuditRecord
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public required string ActorKind { get; init; }
    public string? ActorId { get; init; }
    public string? ActorOrganisation { get; init; }
    public string? OnBehalfOf { get; init; }

    /// <summary>Whose data (sensitive: never logged).</summary>
    public string? SubjectIdentityNumber { get; init; }
    public string? MunicipalityNumber { get; init; }
    public required string Action { get; init; }
    public required string Resource { get; init; }
    public required string Purpose { get; init; }
    public string? TraceId { get; init; }
    public bool Allowed { get; set; }
}

public static class AuditModel
{
    public static ModelBuilder AddAuditTable(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditRecord>(e =>
        {
            e.ToTable("audit_records");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.ActorKind).HasMaxLength(16);
            e.Property(x => x.ActorId).HasMaxLength(160);
            e.Property(x => x.ActorOrganisation).HasMaxLength(64);
            e.Property(x => x.OnBehalfOf).HasMaxLength(16);
            e.Property(x => x.SubjectIdentityNumber).HasMaxLength(11);
            e.Property(x => x.MunicipalityNumber).HasMaxLength(4);
            e.Property(x => x.Action).HasMaxLength(160);
            e.Property(x => x.Resource).HasMaxLength(200);
            e.Property(x => x.Purpose).HasMaxLength(64);
            e.Property(x => x.TraceId).HasMaxLength(32);
            e.HasIndex(x => new { x.SubjectIdentityNumber, x.At });
            e.HasIndex(x => new { x.MunicipalityNumber, x.ActorId, x.At });
        });
        return modelBuilder;
    }

    /// <summary>For the migration that creates the table: no role, not even the owner, may change or remove a record.</summary>
    public static void MakeAuditAppendOnly(this MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE FUNCTION audit_records_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit records are append-only' USING ERRCODE = 'P0001';
        END $$;
        CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
          FOR EACH ROW EXECUTE FUNCTION audit_records_are_append_only();
        CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
          FOR EACH STATEMENT EXECUTE FUNCTION audit_records_are_append_only();
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_records FROM CURRENT_USER;
        """);
}

using System;
using Koordinering.ServiceDefaults.Audit;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Koordinering.Plan.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    actor_organisation = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    on_behalf_of = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    subject_identity_number = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    municipality_number = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    action = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    resource = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    trace_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    allowed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_records", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_municipality_number_actor_id_at",
                table: "audit_records",
                columns: new[] { "municipality_number", "actor_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_records_subject_identity_number_at",
                table: "audit_records",
                columns: new[] { "subject_identity_number", "at" });

            migrationBuilder.MakeAuditAppendOnly();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_records");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_records_are_append_only();");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Koordinering.Plan.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoordinationLeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "coordination_leads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_number = table.Column<string>(type: "character(4)", fixedLength: true, maxLength: 4, nullable: false),
                    person_identity_number = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    lead = table.Column<string>(type: "jsonb", nullable: false),
                    contact = table.Column<string>(type: "jsonb", nullable: false),
                    participating_services = table.Column<string>(type: "jsonb", nullable: false),
                    assessment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    written_standard = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    designated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    end_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    history = table.Column<string>(type: "jsonb", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coordination_leads", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_coordination_leads_one_active",
                table: "coordination_leads",
                columns: new[] { "municipality_number", "person_identity_number" },
                unique: true,
                filter: "status = 'Active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "coordination_leads");
        }
    }
}

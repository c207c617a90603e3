using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Koordinering.Plan.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoordinationAndPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "child_coordinator_granted",
                table: "coordinations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "coordinator_granted",
                table: "coordinations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "individual_plan_granted",
                table: "coordinations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "person_identity_number",
                table: "coordinations",
                type: "character varying(11)",
                maxLength: 11,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "plan_id",
                table: "coordinations",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "coordinations",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "access_revocations",
                columns: table => new
                {
                    consent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_number = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    person_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_access_revocations", x => new { x.consent_id, x.organisation_number });
                });

            migrationBuilder.CreateTable(
                name: "change_proposals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    proposed_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    proposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_change_proposals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "coordinator_appointments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    coordination_id = table.Column<Guid>(type: "uuid", nullable: false),
                    employee_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organisation_number = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    organisation_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    child_coordinator = table.Column<bool>(type: "boolean", nullable: false),
                    wished_for = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    wish_followed = table.Column<bool>(type: "boolean", nullable: false),
                    reason_wish_not_followed = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    appointed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    appointed_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    replaced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coordinator_appointments", x => x.id);
                    table.ForeignKey(
                        name: "fk_coordinator_appointments_coordinations_coordination_id",
                        column: x => x.coordination_id,
                        principalTable: "coordinations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_notices",
                columns: table => new
                {
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    evaluation_date = table.Column<DateOnly>(type: "date", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_notices", x => new { x.plan_id, x.evaluation_date });
                });

            migrationBuilder.CreateTable(
                name: "meetings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    video_link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    agenda = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    invited_participant_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    minutes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    decisions = table.Column<List<string>>(type: "text[]", nullable: false),
                    cancel_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meetings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plans",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    coordination_id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_number = table.Column<string>(type: "character(4)", fixedLength: true, maxLength: 4, nullable: false),
                    person_identity_number = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<string>(type: "jsonb", nullable: false),
                    consent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plan_revisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    plan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    change = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    after = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_plan_revisions_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_coordinations_municipality_number_person_identity_number",
                table: "coordinations",
                columns: new[] { "municipality_number", "person_identity_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_change_proposals_plan_id",
                table: "change_proposals",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_coordinator_appointments_coordination_id",
                table: "coordinator_appointments",
                column: "coordination_id");

            migrationBuilder.CreateIndex(
                name: "ix_meetings_plan_id_starts_at",
                table: "meetings",
                columns: new[] { "plan_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_plan_revisions_plan_id_version",
                table: "plan_revisions",
                columns: new[] { "plan_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_plans_coordination_id",
                table: "plans",
                column: "coordination_id");

            migrationBuilder.CreateIndex(
                name: "ux_plans_one_individual_plan_per_person",
                table: "plans",
                column: "person_identity_number",
                unique: true,
                filter: "kind = 'IndividualPlan'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_revocations");

            migrationBuilder.DropTable(
                name: "change_proposals");

            migrationBuilder.DropTable(
                name: "coordinator_appointments");

            migrationBuilder.DropTable(
                name: "evaluation_notices");

            migrationBuilder.DropTable(
                name: "meetings");

            migrationBuilder.DropTable(
                name: "plan_revisions");

            migrationBuilder.DropTable(
                name: "plans");

            migrationBuilder.DropIndex(
                name: "ix_coordinations_municipality_number_person_identity_number",
                table: "coordinations");

            migrationBuilder.DropColumn(
                name: "child_coordinator_granted",
                table: "coordinations");

            migrationBuilder.DropColumn(
                name: "coordinator_granted",
                table: "coordinations");

            migrationBuilder.DropColumn(
                name: "individual_plan_granted",
                table: "coordinations");

            migrationBuilder.DropColumn(
                name: "person_identity_number",
                table: "coordinations");

            migrationBuilder.DropColumn(
                name: "plan_id",
                table: "coordinations");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "coordinations");
        }
    }
}

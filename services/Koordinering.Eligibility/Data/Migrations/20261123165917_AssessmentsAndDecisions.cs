using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Koordinering.Eligibility.Data.Migrations
{
    /// <inheritdoc />
    public partial class AssessmentsAndDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "coordination_lead_nb",
                table: "assessments",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "coordination_lead_nn",
                table: "assessments",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "person_identity_number",
                table: "assessments",
                type: "character varying(11)",
                maxLength: 11,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "written_standard",
                table: "assessments",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "assessments",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "assessment_criteria",
                columns: table => new
                {
                    assessment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    criterion_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    right = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    description_nb = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    description_nn = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    rule_outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    rule_grounds_nb = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    rule_grounds_nn = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    legal_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    finding = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    finding_grounds = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    found_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true),
                    found_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessment_criteria", x => new { x.assessment_id, x.criterion_id });
                    table.ForeignKey(
                        name: "fk_assessment_criteria_assessments_assessment_id",
                        column: x => x.assessment_id,
                        principalTable: "assessments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "decisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    assessment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    municipality_number = table.Column<string>(type: "character(4)", fixedLength: true, maxLength: 4, nullable: false),
                    right = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    legal_basis = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reasons = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    failed_criteria = table.Column<List<string>>(type: "text[]", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_decisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_decisions_assessments_assessment_id",
                        column: x => x.assessment_id,
                        principalTable: "assessments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_assessments_municipality_number_status_created_at_id",
                table: "assessments",
                columns: new[] { "municipality_number", "status", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_decisions_assessment_id_right_version",
                table: "decisions",
                columns: new[] { "assessment_id", "right", "version" },
                unique: true);

            // A decision is immutable: a reversal is a new version, never an edit.
            migrationBuilder.Sql("""
                CREATE FUNCTION decisions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'decisions are immutable: record a new version instead' USING ERRCODE = 'P0001';
                END $$;
                CREATE TRIGGER decisions_immutable BEFORE UPDATE OR DELETE ON decisions
                  FOR EACH ROW EXECUTE FUNCTION decisions_are_immutable();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS decisions_immutable ON decisions; DROP FUNCTION IF EXISTS decisions_are_immutable();");

            migrationBuilder.DropTable(
                name: "assessment_criteria");

            migrationBuilder.DropTable(
                name: "decisions");

            migrationBuilder.DropIndex(
                name: "ix_assessments_municipality_number_status_created_at_id",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "coordination_lead_nb",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "coordination_lead_nn",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "person_identity_number",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "written_standard",
                table: "assessments");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "assessments");
        }
    }
}

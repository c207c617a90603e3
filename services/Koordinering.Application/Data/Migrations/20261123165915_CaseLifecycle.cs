using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Koordinering.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_applications_municipality_number_status",
                table: "applications");

            migrationBuilder.AlterColumn<string>(
                name: "person_identity_number",
                table: "applications",
                type: "character varying(11)",
                maxLength: 11,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(11)",
                oldMaxLength: 11);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "appeal_deadline",
                table: "applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "appeal_grounds",
                table: "applications",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "appeal_late",
                table: "applications",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "appeal_outcome",
                table: "applications",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "appeal_received_at",
                table: "applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "applicant_organisation",
                table: "applications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "applicant_relation",
                table: "applications",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "assessment_id",
                table: "applications",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "condition_description",
                table: "applications",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_email",
                table: "applications",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_mobile",
                table: "applications",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "decided_at",
                table: "applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "expected_birth_date",
                table: "applications",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "expected_duration",
                table: "applications",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "interim_reply_automatic",
                table: "applications",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "interim_reply_due",
                table: "applications",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateOnly>(
                name: "interim_reply_expected_date",
                table: "applications",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "interim_reply_reason",
                table: "applications",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "interim_reply_recorded_at",
                table: "applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "parent_identity_numbers",
                table: "applications",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "preferred_coordinator",
                table: "applications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "services",
                table: "applications",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'");

            migrationBuilder.AddColumn<bool>(
                name: "wants_individual_plan",
                table: "applications",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "written_standard",
                table: "applications",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "applications",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "application_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    from_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_application_history_applications_application_id",
                        column: x => x.application_id,
                        principalTable: "applications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_applications_assessment_id",
                table: "applications",
                column: "assessment_id");

            migrationBuilder.CreateIndex(
                name: "ix_applications_interim_reply_due",
                table: "applications",
                column: "interim_reply_due",
                filter: "status IN ('Received', 'InAssessment')");

            migrationBuilder.CreateIndex(
                name: "ix_applications_municipality_number_person_identity_number",
                table: "applications",
                columns: new[] { "municipality_number", "person_identity_number" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_municipality_number_received_at_id",
                table: "applications",
                columns: new[] { "municipality_number", "received_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_application_history_application_id_at",
                table: "application_history",
                columns: new[] { "application_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "application_history");

            migrationBuilder.DropIndex(
                name: "ix_applications_assessment_id",
                table: "applications");

            migrationBuilder.DropIndex(
                name: "ix_applications_interim_reply_due",
                table: "applications");

            migrationBuilder.DropIndex(
                name: "ix_applications_municipality_number_person_identity_number",
                table: "applications");

            migrationBuilder.DropIndex(
                name: "ix_applications_municipality_number_received_at_id",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "appeal_deadline",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "appeal_grounds",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "appeal_late",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "appeal_outcome",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "appeal_received_at",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "applicant_organisation",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "applicant_relation",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "assessment_id",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "condition_description",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "contact_email",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "contact_mobile",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "decided_at",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "expected_birth_date",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "expected_duration",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "interim_reply_automatic",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "interim_reply_due",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "interim_reply_expected_date",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "interim_reply_reason",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "interim_reply_recorded_at",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "parent_identity_numbers",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "preferred_coordinator",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "services",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "wants_individual_plan",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "written_standard",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "applications");

            migrationBuilder.AlterColumn<string>(
                name: "person_identity_number",
                table: "applications",
                type: "character varying(11)",
                maxLength: 11,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(11)",
                oldMaxLength: 11,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_applications_municipality_number_status",
                table: "applications",
                columns: new[] { "municipality_number", "status" });
        }
    }
}

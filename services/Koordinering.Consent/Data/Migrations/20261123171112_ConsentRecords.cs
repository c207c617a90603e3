using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Koordinering.Consent.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConsentRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "consents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<string>(
                name: "archive_reference",
                table: "consents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assurance_level",
                table: "consents",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "authenticated_at",
                table: "consents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "child_heard",
                table: "consents",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "form",
                table: "consents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "given_at",
                table: "consents",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "given_by",
                table: "consents",
                type: "character varying(160)",
                maxLength: 160,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "givers",
                table: "consents",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'");

            migrationBuilder.AddColumn<string[]>(
                name: "purposes",
                table: "consents",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "renewal_due_at",
                table: "consents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subject_identity_number",
                table: "consents",
                type: "character varying(11)",
                maxLength: 11,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "subject_turns16on",
                table: "consents",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "withdrawn_at",
                table: "consents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "withdrawn_by",
                table: "consents",
                type: "character varying(160)",
                maxLength: 160,
                nullable: true);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "consents",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "consent_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    consent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_consent_history_consents_consent_id",
                        column: x => x.consent_id,
                        principalTable: "consents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "consent_parties",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    consent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_number = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    organisation_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    person_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    person_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawn_by = table.Column<string>(type: "character varying(160)", maxLength: 160, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_parties", x => x.id);
                    table.ForeignKey(
                        name: "fk_consent_parties_consents_consent_id",
                        column: x => x.consent_id,
                        principalTable: "consents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_consents_active_subject",
                table: "consents",
                column: "subject_identity_number",
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_consents_municipality_number_given_at_id",
                table: "consents",
                columns: new[] { "municipality_number", "given_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_consents_subject_turns16on",
                table: "consents",
                column: "subject_turns16on",
                filter: "status = 'Active' AND renewal_due_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_consent_history_consent_id_at",
                table: "consent_history",
                columns: new[] { "consent_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_consent_parties_consent_id_organisation_number",
                table: "consent_parties",
                columns: new[] { "consent_id", "organisation_number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consent_history");

            migrationBuilder.DropTable(
                name: "consent_parties");

            migrationBuilder.DropIndex(
                name: "ix_consents_active_subject",
                table: "consents");

            migrationBuilder.DropIndex(
                name: "ix_consents_municipality_number_given_at_id",
                table: "consents");

            migrationBuilder.DropIndex(
                name: "ix_consents_subject_turns16on",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "archive_reference",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "assurance_level",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "authenticated_at",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "child_heard",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "form",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "given_at",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "given_by",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "givers",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "purposes",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "renewal_due_at",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "subject_identity_number",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "subject_turns16on",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "withdrawn_by",
                table: "consents");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "consents");

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "consents",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Koordinering.Notification.Data.Migrations
{
    /// <inheritdoc />
    public partial class NoticesAndChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "notices",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<int>(
                name: "attempts",
                table: "notices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "body",
                table: "notices",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "case_id",
                table: "notices",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "channel_index",
                table: "notices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string[]>(
                name: "channels",
                table: "notices",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string>(
                name: "direct_contact",
                table: "notices",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "event_id",
                table: "notices",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                table: "notices",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "letter",
                table: "notices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_attempt_at",
                table: "notices",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "person_identity_number",
                table: "notices",
                type: "character varying(11)",
                maxLength: 11,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recipient_email",
                table: "notices",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recipient_identity_number",
                table: "notices",
                type: "character varying(11)",
                maxLength: 11,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recipient_key",
                table: "notices",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "recipient_mobile",
                table: "notices",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sent_at",
                table: "notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subject",
                table: "notices",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "written_standard",
                table: "notices",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "contact_register",
                columns: table => new
                {
                    identity_number = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false),
                    reserved = table.Column<bool>(type: "boolean", nullable: false),
                    can_be_notified = table.Column<bool>(type: "boolean", nullable: false),
                    mobile = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    digital_mailbox = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_register", x => x.identity_number);
                });

            migrationBuilder.CreateTable(
                name: "notice_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    notice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notice_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_notice_deliveries_notices_notice_id",
                        column: x => x.notice_id,
                        principalTable: "notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notices_case_id",
                table: "notices",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_notices_municipality_number_created_at_id",
                table: "notices",
                columns: new[] { "municipality_number", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_notices_next_attempt_at",
                table: "notices",
                column: "next_attempt_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_notices_person_identity_number",
                table: "notices",
                column: "person_identity_number");

            migrationBuilder.CreateIndex(
                name: "ux_notices_once",
                table: "notices",
                columns: new[] { "event_id", "recipient_key", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_notice_deliveries_notice_id",
                table: "notice_deliveries",
                column: "notice_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_register");

            migrationBuilder.DropTable(
                name: "notice_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_notices_case_id",
                table: "notices");

            migrationBuilder.DropIndex(
                name: "ix_notices_municipality_number_created_at_id",
                table: "notices");

            migrationBuilder.DropIndex(
                name: "ix_notices_next_attempt_at",
                table: "notices");

            migrationBuilder.DropIndex(
                name: "ix_notices_person_identity_number",
                table: "notices");

            migrationBuilder.DropIndex(
                name: "ux_notices_once",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "attempts",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "body",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "case_id",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "channel_index",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "channels",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "direct_contact",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "event_id",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "last_error",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "letter",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "person_identity_number",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "recipient_email",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "recipient_identity_number",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "recipient_key",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "recipient_mobile",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "sent_at",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "subject",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "written_standard",
                table: "notices");

            migrationBuilder.AlterColumn<string>(
                name: "status",
                table: "notices",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Koordinering.Notification.Data.Migrations
{
    /// <inheritdoc />
    public partial class SvarUtShipmentStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "shipment_check_at",
                table: "notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "shipment_checks",
                table: "notices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "shipment_id",
                table: "notices",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "shipment_status",
                table: "notices",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_notices_shipment_check_at",
                table: "notices",
                column: "shipment_check_at",
                filter: "shipment_check_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_notices_shipment_check_at",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "shipment_check_at",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "shipment_checks",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "shipment_id",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "shipment_status",
                table: "notices");
        }
    }
}

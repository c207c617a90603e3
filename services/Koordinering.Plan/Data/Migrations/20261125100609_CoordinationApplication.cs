using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Koordinering.Plan.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoordinationApplication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "application_id",
                table: "coordinations",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "application_id",
                table: "coordinations");
        }
    }
}

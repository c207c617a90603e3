using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Koordinering.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConfirmedParents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "confirmed_parent_identity_numbers",
                table: "applications",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");
            // Existing cases: the parent who submitted and the parents a caseworker named are confirmed;
            // a parent named by someone else waits for a caseworker, as new cases do.
            migrationBuilder.Sql("""
                UPDATE applications SET confirmed_parent_identity_numbers = CASE
                    WHEN submitted_by LIKE 'Employee:%' THEN parent_identity_numbers
                    ELSE ARRAY(SELECT p FROM unnest(parent_identity_numbers) AS p WHERE submitted_by = 'Citizen:' || p)
                END
                WHERE cardinality(parent_identity_numbers) > 0;
                ALTER TABLE applications ALTER COLUMN confirmed_parent_identity_numbers DROP DEFAULT;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "confirmed_parent_identity_numbers",
                table: "applications");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Koordinering.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class BackfillInterimReplyDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Applications received before interim_reply_due existed got the column's placeholder
            // (0001-01-01), which reads as a long-passed deadline. Their real due date is one
            // calendar month after receipt (LegalDeadlines.InterimReplyDue).
            migrationBuilder.Sql(
                "UPDATE applications SET interim_reply_due = ((received_at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC' " +
                "WHERE interim_reply_due < '0002-01-01T00:00:00Z';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}

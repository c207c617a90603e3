using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Koordinering.Notification.Data.Migrations
{
    /// <inheritdoc />
    public partial class NoticesByRecipient : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_notices_recipient_key_kind",
                table: "notices",
                columns: new[] { "recipient_key", "kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_notices_recipient_key_kind",
                table: "notices");
        }
    }
}

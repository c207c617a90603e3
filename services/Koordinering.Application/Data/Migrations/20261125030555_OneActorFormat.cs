using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Koordinering.Application.Data.Migrations
{
    /// <inheritdoc />
    public partial class OneActorFormat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One actor format on every service (Caller.Actor): "kind:id" in lower case. This service
            // kept the id's case ("employee:K-1"), the others did not: the same employee had two names.
            migrationBuilder.Sql("UPDATE application_history SET actor = lower(actor) WHERE actor <> lower(actor);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The original case of an id is not kept: nothing to restore.
        }
    }
}

using System.Net.Sockets;
using Grpc.Core;
using Koordinering.ServiceDefaults.Data;
using Koordinering.ServiceDefaults.Grpc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Koordinering.UnitTests;

/// <summary>A database that cannot be reached is Unavailable; a statement the database refused is not.</summary>
public sealed class DatabaseFailuresTests
{
    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);

    public static TheoryData<string, Exception> Unreachable => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "timeout", new NpgsqlException("Timeout during reading", new TimeoutException()) },
        { "wrapped by SaveChanges", new DbUpdateException("save", new NpgsqlException("Exception while reading from stream", new IOException()))},
        { "wrapped as a transient failure", new InvalidOperationException("transient", new NpgsqlException("Failed to connect")) },
        { "server shutting down", Postgres(PostgresErrorCodes.AdminShutdown) },
        { "server starting", Postgres(PostgresErrorCodes.CannotConnectNow) },
        { "too many connections", Postgres(PostgresErrorCodes.TooManyConnections) },
        { "connection failure", Postgres(PostgresErrorCodes.ConnectionFailure) },
        { "a bare timeout", new TimeoutException() },
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public void A_database_that_cannot_be_reached_is_Unavailable_without_the_exception_text(string what, Exception exception)
    {
        Assert.True(DatabaseFailures.IsUnreachable(exception), what);
        var status = DomainErrorInterceptor.ToStatus(exception, "/koordinering.application.v1.ApplicationService/GetApplication")!;
        Assert.Equal(StatusCode.Unavailable, status.StatusCode);
        Assert.DoesNotContain(exception.Message, status.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_statement_the_database_refused_is_not_Unavailable()
    {
        Assert.False(DatabaseFailures.IsUnreachable(new DbUpdateException("save", Postgres(PostgresErrorCodes.UniqueViolation))));
        Assert.False(DatabaseFailures.IsUnreachable(Postgres(PostgresErrorCodes.SerializationFailure)));
        Assert.Null(DomainErrorInterceptor.ToStatus(new DbUpdateException("save", Postgres(PostgresErrorCodes.CheckViolation)), "/a.B/C"));
    }

    [Fact]
    public void A_status_from_a_service_called_is_left_as_it_is() =>
        Assert.Null(DomainErrorInterceptor.ToStatus(new RpcException(new Status(StatusCode.Unavailable, "consent"), "x"), "/a.B/C"));
}

using System.Net.Sockets;
using Npgsql;

namespace Koordinering.ServiceDefaults.Data;

/// <summary>Tells a database that cannot be reached from a database that refused what was asked of it.</summary>
public static class DatabaseFailures
{
    /// <summary>
    /// True when the exception, or one it wraps (EF's DbUpdateException, its transient-failure
    /// InvalidOperationException, a retry limit), says the database cannot be reached now: no
    /// connection (refused, reset, timed out, pool exhausted), or the server shutting down,
    /// starting up or out of connections. A statement the server rejected (a constraint, a
    /// serialization failure) is not.
    /// </summary>
    public static bool IsUnreachable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException:
                    return true; // the client's own failure to talk to the server: connect, read, write or time out
                case TimeoutException or SocketException:
                    return true;
            }
        }
        return false;
    }
}

using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>
/// The statuses the services answer with, carrying google.rpc details where a client needs
/// them. Messages name fields and rules, never the values a caller sent.
/// </summary>
public static class RpcErrors
{
    /// <summary>The most field violations one answer reports: a request with thousands of bad elements gets a short answer and one short log line.</summary>
    public const int MaxViolations = 20;

    public static RpcException InvalidArgument(IEnumerable<(string Field, string Description)> violations)
    {
        var badRequest = new BadRequest();
        var more = 0;
        foreach (var (field, description) in violations)
        {
            if (badRequest.FieldViolations.Count < MaxViolations)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
            }
            else
            {
                more++;
            }
        }
        var fields = string.Join(", ", badRequest.FieldViolations.Select(v => v.Field));
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = more == 0 ? $"Invalid request: {fields}." : $"Invalid request: {fields} and {more} more.",
            Details = { Any.Pack(badRequest) },
        }.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string description) =>
        InvalidArgument([(field, description)]);

    public static RpcException NotFound(string resource) =>
        new Google.Rpc.Status { Code = (int)Code.NotFound, Message = $"The {resource} was not found." }.ToRpcException();

    public static RpcException FailedPrecondition(string message) =>
        new Google.Rpc.Status { Code = (int)Code.FailedPrecondition, Message = message }.ToRpcException();

    public static RpcException AlreadyExists(string message) =>
        new Google.Rpc.Status { Code = (int)Code.AlreadyExists, Message = message }.ToRpcException();

    public static RpcException Aborted(string message) =>
        new Google.Rpc.Status { Code = (int)Code.Aborted, Message = message }.ToRpcException();

    public static RpcException Unavailable(string message) =>
        new Google.Rpc.Status { Code = (int)Code.Unavailable, Message = message }.ToRpcException();

    public static RpcException PermissionDenied(string message) =>
        new Google.Rpc.Status { Code = (int)Code.PermissionDenied, Message = message }.ToRpcException();

    /// <summary>A timestamp field as a time, or InvalidArgument naming it when its values are out of range.</summary>
    public static DateTimeOffset? Time(Timestamp? timestamp, string field)
    {
        if (timestamp is null)
        {
            return null;
        }
        // Timestamp's own range: 0001-01-01 to 9999-12-31, nanos within a second.
        if (timestamp.Seconds is < -62135596800 or > 253402300799 || timestamp.Nanos is < 0 or > 999_999_999)
        {
            throw InvalidArgument(field, "is not a valid time");
        }
        return timestamp.ToDateTimeOffset();
    }

    /// <summary>Parses a UUID field, or answers InvalidArgument naming it.</summary>
    public static Guid ParseId(string value, string field) =>
        Guid.TryParse(value, out var id) ? id : throw InvalidArgument(field, "must be a UUID");
}

using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>
/// Holds every request to <see cref="InputLimits"/> before any handler sees it, walking the message
/// by its descriptor; answers InvalidArgument naming at most the first violations.
/// </summary>
public sealed class InputLimitsInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(request);
        return continuation(request, responseStream, context);
    }

    private static void Check(object request)
    {
        if (request is IMessage message)
        {
            var violations = new List<(string, string)>();
            Walk(message, "", 0, violations);
            if (violations.Count > 0)
            {
                throw RpcErrors.InvalidArgument(violations);
            }
        }
    }

    private static void Walk(IMessage message, string path, int depth, List<(string, string)> violations)
    {
        if (violations.Count > RpcErrors.MaxViolations)
        {
            return;
        }
        if (depth > InputLimits.MaxDepth)
        {
            violations.Add((path, $"nests deeper than {InputLimits.MaxDepth} levels"));
            return;
        }
        if (message is Timestamp timestamp)
        {
            if (timestamp.Nanos is < 0 or > 999_999_999 || timestamp.Seconds < InputLimits.EarliestTime.ToUnixTimeSeconds() || timestamp.Seconds >= InputLimits.LatestTime.ToUnixTimeSeconds())
            {
                violations.Add((path, $"must be a time between {InputLimits.EarliestTime:yyyy} and {InputLimits.LatestTime:yyyy}"));
            }
            return;
        }
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                continue; // no request carries a map
            }
            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)value;
                if (list.Count > InputLimits.MaxItems)
                {
                    violations.Add((name, $"has at most {InputLimits.MaxItems} items"));
                    continue;
                }
                for (var i = 0; i < list.Count; i++)
                {
                    One(field, list[i], $"{name}[{i}]", depth, violations);
                }
            }
            else if (field.FieldType != FieldType.Message || field.Accessor.HasValue(message))
            {
                One(field, value, name, depth, violations);
            }
        }
    }

    private static void One(FieldDescriptor field, object? value, string name, int depth, List<(string, string)> violations)
    {
        switch (field.FieldType)
        {
            case FieldType.String when value is string { Length: > InputLimits.MaxStringLength }:
                violations.Add((name, $"is at most {InputLimits.MaxStringLength} characters"));
                break;
            case FieldType.Bytes when value is ByteString { Length: > InputLimits.MaxBytesLength }:
                violations.Add((name, $"is at most {InputLimits.MaxBytesLength} bytes"));
                break;
            case FieldType.Enum when value is not null && field.EnumType.FindValueByNumber(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)) is null:
                violations.Add((name, "is not a value the contract names"));
                break;
            case FieldType.Message when value is IMessage nested:
                Walk(nested, name, depth + 1, violations);
                break;
        }
    }
}

using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>
/// A request body that is not a valid protobuf message for its method answers InvalidArgument
/// (not Unknown): gRPC parses the request before any interceptor can see it, so this checks the
/// one message of a unary call first, against the method's descriptor.
/// </summary>
public static class ProtobufRequestValidation
{
    private const int MaxInspected = 1024 * 1024 + 5;

    public static WebApplication UseProtobufRequestValidation(this WebApplication app, params FileDescriptor[] files)
    {
        // Every service also answers health, the access log and event administration.
        FileDescriptor[] common = [global::Grpc.Health.V1.HealthReflection.Descriptor, Koordinering.Audit.V1.AuditReflection.Descriptor, Koordinering.Operations.V1.EventAdminReflection.Descriptor];
        var inputs = files.Concat(common).Distinct().SelectMany(f => f.Services)
            .SelectMany(s => s.Methods.Where(m => !m.IsClientStreaming).Select(m => (Path: $"/{s.FullName}/{m.Name}", m.InputType)))
            .ToDictionary(x => x.Path, x => x.InputType, StringComparer.Ordinal);
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true
                && inputs.TryGetValue(context.Request.Path.Value ?? "", out var input)
                && !await IsValidAsync(context, input))
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = "3";
                context.Response.Headers["grpc-message"] = "The request is not a valid protobuf message for this method.";
                return;
            }
            await next(context);
        });
        return app;
    }

    private static async Task<bool> IsValidAsync(HttpContext context, MessageDescriptor input)
    {
        context.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxInspected)
            {
                context.Request.Body.Position = 0;
                return true; // too large to inspect: gRPC's own size limit answers ResourceExhausted
            }
        }
        context.Request.Body.Position = 0;
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.Length < 5 || bytes[0] != 0)
        {
            return true; // empty or compressed: gRPC answers for these itself
        }
        var length = (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4];
        if (length < 0 || length > bytes.Length - 5)
        {
            return true;
        }
        try
        {
            input.Parser.ParseFrom(bytes.Slice(5, length));
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>
/// A request body that is not a valid protobuf message for its method answers InvalidArgument
/// (not Unknown): gRPC parses the request before any interceptor can see it, so this checks the
/// one message of a unary call first, against the method's descriptor. A message of up to
/// <see cref="MaxPeeked"/> bytes is read where it lies in the request pipe and left there unconsumed
/// for gRPC (no copy, no buffering stream); a larger one is buffered and read again.
/// </summary>
public static class ProtobufRequestValidation
{
    private const int MaxInspected = 1024 * 1024 + 5;

    /// <summary>Well inside HTTP/2's stream window, so holding the bytes unread never stalls the client.</summary>
    private const int MaxPeeked = 64 * 1024;

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
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            var verdict = Inspect(result.Buffer, input, result.IsCompleted, MaxPeeked);
            if (verdict is not null)
            {
                reader.AdvanceTo(result.Buffer.Start);
                return verdict == Verdict.Large ? await IsValidBufferedAsync(context, input) : verdict == Verdict.Valid;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private enum Verdict { Valid, Invalid, Large }

    /// <summary>The verdict on the bytes so far, or null while more must come; a message over the limit is <see cref="Verdict.Large"/>.</summary>
    private static Verdict? Inspect(ReadOnlySequence<byte> bytes, MessageDescriptor input, bool complete, int limit)
    {
        if (bytes.Length < 5)
        {
            return complete ? Verdict.Valid : null; // empty: gRPC answers for it itself
        }
        Span<byte> header = stackalloc byte[5];
        bytes.Slice(0, 5).CopyTo(header);
        if (header[0] != 0)
        {
            return Verdict.Valid; // compressed: gRPC answers for it itself
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > limit)
        {
            return Verdict.Large;
        }
        if (bytes.Length < 5 + length)
        {
            return complete ? Verdict.Valid : null; // cut short: gRPC answers for it itself
        }
        try
        {
            input.Parser.ParseFrom(bytes.Slice(5, length));
            return Verdict.Valid;
        }
        catch (InvalidProtocolBufferException)
        {
            return Verdict.Invalid;
        }
    }

    private static async Task<bool> IsValidBufferedAsync(HttpContext context, MessageDescriptor input)
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
        // Anything that is not a whole message gRPC answers for itself.
        return Inspect(new ReadOnlySequence<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), input, complete: true, MaxInspected) != Verdict.Invalid;
    }
}

using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests;

/// <summary>
/// Random and malformed messages to every RPC of a service (KOORDINERING_FUZZ_COUNT per service,
/// 2,000 by default): not one may answer Internal or Unknown, and the service must stay healthy.
/// </summary>
public static class Fuzz
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("KOORDINERING_FUZZ_COUNT"), out var n) ? n : 2000;

    public static async Task RunAsync(Grpc.Net.Client.GrpcChannel channel, ServiceDescriptor service, Metadata headers, int seed, CancellationToken ct)
    {
        var random = new Random(seed);
        var invoker = channel.CreateCallInvoker();
        var bad = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            var method = service.Methods[random.Next(service.Methods.Count)];
            if (method.IsClientStreaming || method.IsServerStreaming)
            {
                continue;
            }
            var payload = (i % 4) switch
            {
                0 => RandomBytes(random),
                1 => WrongWireTypes(random, method.InputType),
                _ => RandomMessage(random, method.InputType, depth: 0).ToByteArray(),
            };
            var call = new Method<byte[], byte[]>(MethodType.Unary, service.FullName, method.Name, Raw, Raw);
            try
            {
                await invoker.AsyncUnaryCall(call, null, new CallOptions(headers, cancellationToken: ct), payload);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Internal or StatusCode.Unknown)
            {
                bad.Add($"{method.Name} (case {i % 4}): {ex.StatusCode} {ex.Status.Detail}");
            }
            catch (RpcException)
            {
            }
        }
        Assert.True(bad.Count == 0, $"{bad.Count} calls answered Internal or Unknown, e.g.:\n" + string.Join("\n", bad.Distinct().Take(10)));
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Each known field number, written with a wire type it does not have.</summary>
    private static byte[] WrongWireTypes(Random random, MessageDescriptor descriptor)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (random.Next(2) == 0)
            {
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                output.WriteFixed64((ulong)random.NextInt64());
            }
            else
            {
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(RandomBytes(random)));
            }
        }
        output.Flush();
        return stream.ToArray();
    }

    private static IMessage RandomMessage(Random random, MessageDescriptor descriptor, int depth)
    {
        var message = descriptor.Parser.ParseFrom([]);
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (random.Next(3) == 0 || (field.FieldType == FieldType.Message && depth > 2))
            {
                continue;
            }
            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                var count = random.Next(0, random.Next(10) == 0 ? 300 : 4);
                for (var i = 0; i < count; i++)
                {
                    list.Add(RandomValue(random, field, depth));
                }
            }
            else if (!field.IsMap)
            {
                field.Accessor.SetValue(message, RandomValue(random, field, depth));
            }
        }
        return message;
    }

    private static object RandomValue(Random random, FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => RandomString(random),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => random.Next(5) switch { 0 => int.MinValue, 1 => int.MaxValue, 2 => -1, _ => random.Next(0, 1000) },
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => random.NextInt64(long.MinValue, long.MaxValue),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)random.Next(),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)random.NextInt64(),
        FieldType.Double => random.NextDouble() * 1e300,
        FieldType.Float => (float)random.NextDouble(),
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes(random)),
        FieldType.Enum => random.Next(4) == 0 ? random.Next(-5, 1000) : field.EnumType.Values[random.Next(field.EnumType.Values.Count)].Number,
        FieldType.Message => RandomMessage(random, field.MessageType, depth + 1),
        _ => throw new NotSupportedException(field.FieldType.ToString()),
    };

    private static readonly string[] Interesting =
    [
        "", " ", "0301", "15076500565", "00000000000", Guid.Empty.ToString(), Guid.NewGuid().ToString(), "2026-13-45", "2026-11-23", "1999-01-01",
        "https://video.example/x", "'; DROP TABLE consents; --", "\u0000", "ÆØÅ æøå", "974600951", "-1", "9999-12-31",
    ];

    private static string RandomString(Random random) => random.Next(6) switch
    {
        0 => new string('x', random.Next(0, 70_000)),
        1 => string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(1, 0xD7FF))),
        _ => Interesting[random.Next(Interesting.Length)],
    };
}

public sealed class ApplicationFuzzTests(ServiceFixture<Application.Api.ApplicationApi, Application.Data.ApplicationDbContext> fixture)
    : IClassFixture<ServiceFixture<Application.Api.ApplicationApi, Application.Data.ApplicationDbContext>>
{
    [Fact]
    public Task No_input_breaks_the_service() => Fuzz.RunAsync(fixture.Host.Channel, Application.V1.ApplicationReflection.Descriptor.Services[0],
        TestTokens.Bearer(fixture.Tokens.Caseworker("0301")), 1, TestContext.Current.CancellationToken);
}

public sealed class EligibilityFuzzTests(ServiceFixture<Eligibility.Api.EligibilityApi, Eligibility.Data.EligibilityDbContext> fixture)
    : IClassFixture<ServiceFixture<Eligibility.Api.EligibilityApi, Eligibility.Data.EligibilityDbContext>>
{
    [Fact]
    public Task No_input_breaks_the_service() => Fuzz.RunAsync(fixture.Host.Channel, Eligibility.V1.EligibilityReflection.Descriptor.Services[0],
        TestTokens.Bearer(fixture.Tokens.Caseworker("0301")), 2, TestContext.Current.CancellationToken);
}

public sealed class PlanFuzzTests(ServiceFixture<Plan.Api.PlanApi, Plan.Data.PlanDbContext> fixture)
    : IClassFixture<ServiceFixture<Plan.Api.PlanApi, Plan.Data.PlanDbContext>>
{
    [Fact]
    public Task No_input_breaks_the_service() => Fuzz.RunAsync(fixture.Host.Channel, Plan.V1.PlanReflection.Descriptor.Services[0],
        TestTokens.Bearer(fixture.Tokens.Caseworker("0301")), 3, TestContext.Current.CancellationToken);
}

public sealed class ConsentFuzzTests(ServiceFixture<Consent.Api.ConsentApi, Consent.Data.ConsentDbContext> fixture)
    : IClassFixture<ServiceFixture<Consent.Api.ConsentApi, Consent.Data.ConsentDbContext>>
{
    [Fact]
    public Task No_input_breaks_the_service() => Fuzz.RunAsync(fixture.Host.Channel, Consent.V1.ConsentReflection.Descriptor.Services[0],
        TestTokens.Bearer(fixture.Tokens.Caseworker("0301")), 4, TestContext.Current.CancellationToken);
}

public sealed class NotificationFuzzTests(ServiceFixture<Notification.Api.NotificationApi, Notification.Data.NotificationDbContext> fixture)
    : IClassFixture<ServiceFixture<Notification.Api.NotificationApi, Notification.Data.NotificationDbContext>>
{
    [Fact]
    public Task No_input_breaks_the_service() => Fuzz.RunAsync(fixture.Host.Channel, Notification.V1.NotificationReflection.Descriptor.Services[0],
        TestTokens.Bearer(fixture.Tokens.Caseworker("0301")), 5, TestContext.Current.CancellationToken);
}

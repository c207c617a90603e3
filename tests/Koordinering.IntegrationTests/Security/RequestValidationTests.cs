using Grpc.Core;
using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests.Security;

/// <summary>
/// A body that is not a protobuf message for its method answers InvalidArgument, whether it is small enough to be
/// read where it lies in the request pipe or large enough to be buffered first; a valid one passes either way.
/// </summary>
public sealed class RequestValidationTests(ServiceFixture<ConsentApi, ConsentDbContext> fixture) : IClassFixture<ServiceFixture<ConsentApi, ConsentDbContext>>
{
    private const string NotProtobuf = "The request is not a valid protobuf message for this method.";
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);
    private static readonly Method<byte[], byte[]> CheckConsent = new(MethodType.Unary, "koordinering.consent.v1.ConsentService", "CheckConsent", Raw, Raw);

    /// <summary>Field 1 (the identity number) as a string of the given length, then optionally a tag of wire type 7, which does not exist.</summary>
    private static byte[] Message(int stringLength, bool broken)
    {
        var length = new List<byte>();
        for (var v = (uint)stringLength; ; v >>= 7)
        {
            length.Add((byte)(v < 0x80 ? v : (v & 0x7F) | 0x80));
            if (v < 0x80)
            {
                break;
            }
        }
        return [0x0A, .. length, .. Enumerable.Repeat((byte)'1', stringLength), .. broken ? new byte[] { 0x0F } : []];
    }

    private async Task<RpcException> CallAsync(byte[] body)
    {
        var headers = TestTokens.Bearer(fixture.Tokens.Caseworker("0301"));
        var invoker = fixture.Host.Channel.CreateCallInvoker();
        return await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(CheckConsent, null, new CallOptions(headers, cancellationToken: TestContext.Current.CancellationToken), body).ResponseAsync);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(200_000)]
    public async Task A_broken_message_answers_invalid_argument(int size)
    {
        var error = await CallAsync(Message(size, broken: true));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(NotProtobuf, error.Status.Detail);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(200_000)]
    public async Task A_whole_message_reaches_the_service(int size)
    {
        // Not an identity number (nor a purpose): the service's own field check answers, not the protobuf check.
        var error = await CallAsync(Message(size, broken: false));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.NotEqual(NotProtobuf, error.Status.Detail);
    }
}

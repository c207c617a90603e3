using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Channels;
using Koordinering.Notification.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>The SMS gateway adapter, registered as the service registers it, against a gateway on loopback that keeps references.</summary>
public sealed class SmsGatewayTests : IAsyncLifetime
{
    private readonly FakeMaskinporten _maskinporten = new();
    private readonly FakeHttpServer _gateway = new();
    private readonly ConcurrentDictionary<string, string> _sent = new();
    private ServiceProvider _services = null!;

    /// <summary>How many accepted messages lose their answer (the gateway sent them, the client hears 503).</summary>
    public int LostAnswers { get; set; }

    public ValueTask InitializeAsync()
    {
        _gateway.Respond = Answer;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_maskinporten.Settings(withCertificate: false)!)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Notification:SmsGatewayUrl"] = _gateway.BaseAddress,
                ["Notification:SmsGatewayScope"] = "sms:send",
                ["Notification:SmsSender"] = "Testkommune",
            }).Build();
        _services = new ServiceCollection().AddSingleton(TimeProvider.System).AddSmsGateway(configuration).BuildServiceProvider();
        return ValueTask.CompletedTask;
    }

    private FakeHttpServer.Reply Answer(FakeHttpServer.Request request)
    {
        if (request.Path != "/sms/send" || request.Authorization?.StartsWith("Bearer token-", StringComparison.Ordinal) != true)
        {
            return new(HttpStatusCode.Unauthorized);
        }
        var body = JsonDocument.Parse(request.Body).RootElement;
        var destination = body.GetProperty("destination").GetString()!;
        if (!destination.StartsWith('+'))
        {
            return new(HttpStatusCode.BadRequest, """{"description":"invalid destination"}""");
        }
        if (!_sent.TryAdd(body.GetProperty("refId").GetString()!, body.GetProperty("userData").GetString()!))
        {
            return new(HttpStatusCode.Conflict);
        }
        if (LostAnswers > 0)
        {
            LostAnswers--;
            return new(HttpStatusCode.ServiceUnavailable);
        }
        return new(HttpStatusCode.Accepted, """{"messageId":"m-1","resultCode":1005}""");
    }

    private IChannelSender Sender => Assert.Single(_services.GetServices<IChannelSender>());

    [Fact]
    public async Task An_sms_goes_with_the_documented_fields_and_a_token()
    {
        var id = Guid.NewGuid();

        await Sender.SendAsync(new OutgoingMessage(id, Channel.Sms, "+4790000000", "Emne", "Du har en ny melding."), TestContext.Current.CancellationToken);

        var body = JsonDocument.Parse(Assert.Single(_gateway.Received).Body).RootElement;
        Assert.Equal(("Testkommune", "+4790000000", "Du har en ny melding.", id.ToString()),
            (body.GetProperty("source").GetString(), body.GetProperty("destination").GetString(), body.GetProperty("userData").GetString(), body.GetProperty("refId").GetString()));
        Assert.Equal("sms:send", Assert.Single(_maskinporten.Grants).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task A_retry_after_a_lost_answer_carries_the_same_reference_and_is_not_sent_twice()
    {
        LostAnswers = 1;
        var id = Guid.NewGuid();

        await Sender.SendAsync(new OutgoingMessage(id, Channel.Sms, "+4790000000", "Emne", "Tekst"), TestContext.Current.CancellationToken);

        Assert.Equal(2, _gateway.Received.Count);
        Assert.Single(_gateway.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("refId").GetString()).Distinct());
        Assert.Single(_sent);
    }

    [Fact]
    public async Task A_refused_number_is_a_permanent_failure_and_not_retried()
    {
        await Assert.ThrowsAsync<PermanentDeliveryException>(() => Sender.SendAsync(new OutgoingMessage(Guid.NewGuid(), Channel.Sms, "90000000", "Emne", "Tekst"), TestContext.Current.CancellationToken));

        Assert.Single(_gateway.Received);
        Assert.Empty(_sent);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _gateway.DisposeAsync();
        await _maskinporten.DisposeAsync();
    }
}

using System.Text.Json;
using Koordinering.Contracts.Events;
using Koordinering.Eventing;

namespace Koordinering.UnitTests;

public sealed class EventingRulesTests
{
    private static readonly EventingOptions Options = new() { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 2, 4)]
    [InlineData(6, 16, 32)]
    public void Backoff_grows_exponentially_with_jitter_of_up_to_half(int attempts, double minSeconds, double maxSeconds)
    {
        for (var i = 0; i < 100; i++)
        {
            var delay = OutboxRelay.Backoff(attempts, Options).TotalSeconds;
            Assert.InRange(delay, minSeconds, maxSeconds);
        }
    }

    [Fact]
    public void Backoff_is_capped()
    {
        Assert.InRange(OutboxRelay.Backoff(30, Options), TimeSpan.FromMinutes(2.5), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Backoff_is_jittered()
    {
        var delays = Enumerable.Range(0, 50).Select(_ => OutboxRelay.Backoff(4, Options)).Distinct().Count();
        Assert.True(delays > 10);
    }

    [Fact]
    public void The_event_type_is_read_from_the_contract()
    {
        Assert.Equal("koordinering.application.submitted.v1", EventTypes.Of<ApplicationSubmittedV1>());
    }

    [Fact]
    public void A_cloud_event_carries_ids_and_codes_in_its_attributes_and_personal_data_only_in_data()
    {
        var id = Guid.NewGuid();
        var aggregate = Guid.NewGuid();
        var message = new OutboxMessage
        {
            Id = id,
            EventType = "koordinering.application.submitted.v1",
            Topic = "koordinering.application.submitted.v1",
            AggregateId = aggregate,
            MunicipalityNumber = "4601",
            Payload = """{"personIdentityNumber":"15076500565"}""",
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            CreatedAt = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
        };

        using var doc = JsonDocument.Parse(CloudEvents.Serialize(message, "koordinering-application"));
        var root = doc.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(id.ToString(), root.GetProperty("id").GetString());
        Assert.Equal("koordinering-application", root.GetProperty("source").GetString());
        Assert.Equal("koordinering.application.submitted.v1", root.GetProperty("type").GetString());
        Assert.Equal(aggregate.ToString(), root.GetProperty("subject").GetString());
        Assert.Equal("4601", root.GetProperty("municipality").GetString());
        Assert.Equal(message.TraceParent, root.GetProperty("traceparent").GetString());
        Assert.Equal("15076500565", root.GetProperty("data").GetProperty("personIdentityNumber").GetString());
        foreach (var attribute in root.EnumerateObject().Where(p => p.Name != "data"))
        {
            Assert.DoesNotContain("15076500565", attribute.Value.ToString(), StringComparison.Ordinal);
        }
    }
}

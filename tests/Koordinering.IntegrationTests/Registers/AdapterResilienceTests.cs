using System.Diagnostics;
using System.Net;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Contacts;
using Koordinering.UnitTests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// The standard resilience handler as configured under <c>Resilience:*</c>, on the KRR adapter against the fake KRR: a
/// transient error retried within one call, a stalled register given up on in time, and a breaker that stops calling a
/// register that keeps failing.
/// </summary>
public sealed class AdapterResilienceTests : IAsyncLifetime
{
    private readonly FakeMaskinporten _maskinporten = new();
    private readonly FakeKrr _krr = new();
    private ServiceProvider _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Person(int day) => IdentityNumbers.For(new DateOnly(1975, 1, day));

    public ValueTask InitializeAsync()
    {
        for (var day = 1; day <= 20; day++)
        {
            _krr.Digital(Person(day), "+4790000000");
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_maskinporten.Settings(withCertificate: true)!)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ContactRegister:BaseUrl"] = _krr.BaseAddress,
                ["Resilience:Adapters:Retry:Delay"] = "00:00:00.020",
                ["Resilience:ContactRegister:AttemptTimeout:Timeout"] = "00:00:00.500",
                ["Resilience:ContactRegister:TotalRequestTimeout:Timeout"] = "00:00:01.500",
                ["Resilience:ContactRegister:Retry:MaxRetryAttempts"] = "2",
                ["Resilience:ContactRegister:CircuitBreaker:MinimumThroughput"] = "4",
                ["Resilience:ContactRegister:CircuitBreaker:FailureRatio"] = "0.5",
                ["Resilience:ContactRegister:CircuitBreaker:SamplingDuration"] = "00:00:10",
                ["Resilience:ContactRegister:CircuitBreaker:BreakDuration"] = "00:00:30",
            }).Build();
        _services = new ServiceCollection().AddSingleton(TimeProvider.System).AddContactRegister(configuration).BuildServiceProvider();
        return ValueTask.CompletedTask;
    }

    private IContactRegister Register => _services.GetRequiredService<IContactRegister>();

    [Fact]
    public async Task A_503_then_200_is_one_call_that_succeeds()
    {
        _krr.Failures = 1;

        var contact = await Register.LookupAsync(Person(1), Ct);

        Assert.NotNull(contact);
        Assert.Equal(2, _krr.Server.Received.Count);
    }

    [Fact]
    public async Task A_stalled_register_is_given_up_on_within_the_configured_total_timeout()
    {
        _krr.Delay = TimeSpan.FromSeconds(20);
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Register.LookupAsync(Person(2), Ct));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        // An attempt timed out and was tried again before the whole call gave up.
        Assert.True(_krr.Server.Received.Count >= 2, $"{_krr.Server.Received.Count} attempt(s)");
    }

    [Fact]
    public async Task After_repeated_failures_the_circuit_opens_and_the_register_is_not_called_while_it_is_open()
    {
        _krr.Failures = 1000;
        Exception? last = null;
        for (var day = 3; day <= 10 && last is not BrokenCircuitException; day++)
        {
            last = await Record.ExceptionAsync(() => Register.LookupAsync(Person(day), Ct));
            Assert.NotNull(last);
        }
        Assert.IsType<BrokenCircuitException>(last);
        var calls = _krr.Server.Received.Count;

        _krr.Failures = 0;
        for (var day = 11; day <= 14; day++)
        {
            await Assert.ThrowsAsync<BrokenCircuitException>(() => Register.LookupAsync(Person(day), Ct));
        }

        Assert.Equal(calls, _krr.Server.Received.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _krr.DisposeAsync();
        await _maskinporten.DisposeAsync();
    }
}

using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Api;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Koordinering.UnitTests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// The Notification service with KRR and Folkeregisteret behind fakes that answer slowly: the consumer asks the
/// registers before it opens its transaction, so no session on the service's database sits idle in a
/// transaction while a register takes its time.
/// </summary>
public sealed class RegisterLookupTransactionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Adult = IdentityNumbers.For(new DateOnly(1969, 1, 9));
    private static readonly string Guardian = IdentityNumbers.For(new DateOnly(1985, 2, 10));
    private static readonly string Child = IdentityNumbers.For(new DateOnly(2016, 3, 11));
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(2);
    private readonly FakeMaskinporten _maskinporten = new();
    private readonly FakeKrr _krr = new();
    private readonly FakeFolkeregisteret _register = new();
    private readonly TestTokens _tokens = new();
    private ServiceHost<NotificationApi> _host = null!;
    private string _database = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _krr.Digital(Adult, "+4790000001").Digital(Guardian, "+4790000002");
        _register.ParentalResponsibility(Guardian, Child);
        var cs = await TestPostgres.ProvisionAsync("notification_tx");
        _database = new NpgsqlConnectionStringBuilder(cs).Database!;
        Assert.Equal(0, (await ServiceFixture<NotificationApi, NotificationDbContext>.RunMigrateModeAsync(cs)).ExitCode);
        _host = new ServiceHost<NotificationApi>(cs, _tokens);
        foreach (var (key, value) in _maskinporten.Settings(withCertificate: true))
        {
            _host.Set(key, value);
        }
        _host.Set("ContactRegister:BaseUrl", _krr.BaseAddress)
            .Set("PopulationRegister:Folkeregisteret:BaseUrl", _register.BaseAddress)
            .Set("Notification:PollInterval", "01:00:00")
            .Start();
    }

    private static DecidedV1 Decided(string person) => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = Now, MunicipalityNumber = "4601", AggregateId = Guid.NewGuid(), AssessmentId = Guid.NewGuid(),
        ApplicationId = Guid.NewGuid(), PersonIdentityNumber = person, DecidedAt = Now,
        Decisions = [new RightDecision(Guid.NewGuid(), RequestedRight.Coordinator, DecisionOutcome.Granted, 1, "pasient- og brukerrettighetsloven § 2-5 b", "Behovet er langvarig.", [])],
    };

    [Fact]
    public async Task A_slow_contact_register_keeps_no_transaction_open()
    {
        _krr.Delay = Slow;
        var decided = Decided(Adult);

        var longest = await LongestIdleInTransactionWhileAsync(CloudEventPost.SendAsync(_host.Http, decided, Ct));

        Assert.NotEmpty(_krr.Server.Received);
        Assert.True(longest < TimeSpan.FromMilliseconds(500), $"a session was idle in a transaction for {longest} while KRR answered");
        var notice = Assert.Single(await NoticesAsync(decided.EventId));
        Assert.Equal(Adult, notice.RecipientIdentityNumber);
        Assert.Equal("+4790000001", notice.RecipientMobile);
        Assert.Contains(Channel.DigitalMailbox, notice.Channels);
    }

    [Fact]
    public async Task A_slow_population_register_keeps_no_transaction_open_and_the_guardian_is_written_to()
    {
        _register.Delay = Slow;
        var decided = Decided(Child);

        var longest = await LongestIdleInTransactionWhileAsync(CloudEventPost.SendAsync(_host.Http, decided, Ct));

        Assert.NotEmpty(_register.Server.Received);
        Assert.True(longest < TimeSpan.FromMilliseconds(500), $"a session was idle in a transaction for {longest} while Folkeregisteret answered");
        var notice = Assert.Single(await NoticesAsync(decided.EventId));
        Assert.Equal(Guardian, notice.RecipientIdentityNumber);
        Assert.Equal("+4790000002", notice.RecipientMobile);
    }

    /// <summary>Samples the service database's sessions until the delivery is answered: the longest any sat idle inside a transaction.</summary>
    private async Task<TimeSpan> LongestIdleInTransactionWhileAsync(Task<string> delivery)
    {
        var longest = TimeSpan.Zero;
        await using var admin = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await admin.OpenAsync(Ct);
        while (!delivery.IsCompleted)
        {
            await using var command = new NpgsqlCommand(
                "SELECT coalesce(max(extract(epoch FROM clock_timestamp() - state_change)), 0)::float8 FROM pg_stat_activity WHERE datname = @db AND state = 'idle in transaction'", admin);
            command.Parameters.AddWithValue("db", _database);
            var seconds = (double)(await command.ExecuteScalarAsync(Ct))!;
            longest = TimeSpan.FromSeconds(Math.Max(longest.TotalSeconds, seconds));
            await Task.WhenAny(delivery, Task.Delay(50, Ct));
        }
        Assert.Equal("SUCCESS", await delivery);
        return longest;
    }

    private async Task<List<Notice>> NoticesAsync(Guid eventId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Notices.AsNoTracking().Where(n => n.EventId == eventId).ToListAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _register.DisposeAsync();
        await _krr.DisposeAsync();
        await _maskinporten.DisposeAsync();
        _tokens.Dispose();
    }
}

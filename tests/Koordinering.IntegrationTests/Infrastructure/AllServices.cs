using System.Text.Json;
using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.Consent.Api;
using Koordinering.Consent.Data;
using Koordinering.Eligibility.Api;
using Koordinering.Eligibility.Data;
using Koordinering.Notification.Api;
using Koordinering.Notification.Data;
using Koordinering.Plan.Api;
using Koordinering.Plan.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Grpc.Net.Client;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// All five services, each on its own freshly provisioned real database, delivering events to
/// each other as in tools/up, with one population register file, one token issuer and every log
/// line captured.
/// </summary>
public sealed class AllServices : IAsyncDisposable
{
    private readonly string _register = Path.Combine(Path.GetTempPath(), $"koordinering-population-{Guid.NewGuid():N}.json");

    private AllServices()
    {
    }

    /// <summary>Every service's clock; a test moves it to the hour it pretends to run at.</summary>
    public RunningClock Clock { get; private set; } = null!;
    public TestTokens Tokens { get; } = new();
    public LogCapture Logs { get; } = new();
    public string OutboxFolder { get; } = Path.Combine(Path.GetTempPath(), $"koordinering-outbox-{Guid.NewGuid():N}");
    public ServiceHost<ApplicationApi> Application { get; private set; } = null!;
    public ServiceHost<EligibilityApi> Eligibility { get; private set; } = null!;
    public ServiceHost<PlanApi> Plan { get; private set; } = null!;
    public ServiceHost<ConsentApi> Consent { get; private set; } = null!;
    public ServiceHost<NotificationApi> Notification { get; private set; } = null!;

    public IEnumerable<GrpcChannel> Channels => [Application.Channel, Eligibility.Channel, Plan.Channel, Consent.Channel, Notification.Channel];

    /// <param name="prefix">Names the five databases.</param>
    /// <param name="guardians">The population register's parent–child relations.</param>
    /// <param name="settings">Settings given to every service.</param>
    /// <param name="at">The instant the services' clock starts at (default <see cref="RunningClock.TuesdayMorning"/>).</param>
    public static async Task<AllServices> StartAsync(string prefix, IEnumerable<(string Guardian, string Child)>? guardians = null, IReadOnlyDictionary<string, string>? settings = null,
        DateTimeOffset? at = null)
    {
        var all = new AllServices { Clock = new RunningClock(at ?? RunningClock.TuesdayMorning) };
        await File.WriteAllTextAsync(all._register, JsonSerializer.Serialize((guardians ?? []).Select(g => new { guardian = g.Guardian, child = g.Child })));
        async Task<string> Db<TApi, TContext>(string name) where TApi : class where TContext : Microsoft.EntityFrameworkCore.DbContext
        {
            var cs = await TestPostgres.ProvisionAsync($"{prefix}_{name}");
            Assert.Equal(0, (await ServiceFixture<TApi, TContext>.RunMigrateModeAsync(cs)).ExitCode);
            return cs;
        }
        void Shared(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(all.Logs).AddSingleton<TimeProvider>(all.Clock);
        all.Application = new(await Db<ApplicationApi, ApplicationDbContext>("application"), all.Tokens, Shared);
        all.Eligibility = new(await Db<EligibilityApi, EligibilityDbContext>("eligibility"), all.Tokens, Shared);
        all.Plan = new(await Db<PlanApi, PlanDbContext>("plan"), all.Tokens, Shared);
        all.Consent = new(await Db<ConsentApi, ConsentDbContext>("consent"), all.Tokens, Shared);
        all.Notification = new(await Db<NotificationApi, NotificationDbContext>("notification"), all.Tokens, Shared);

        var addresses = new[] { all.Application.HttpAddress, all.Eligibility.HttpAddress, all.Plan.HttpAddress, all.Consent.HttpAddress, all.Notification.HttpAddress };
        void Common<T>(ServiceHost<T> host) where T : class
        {
            for (var i = 0; i < addresses.Length; i++)
            {
                host.Set($"Eventing:Subscribers:{i}", addresses[i]);
            }
            host.Set("Eventing:SubscriptionCacheTime", "00:00:00").Set("Eventing:RetryBaseDelay", "00:00:00.100")
                .Set("PopulationRegister:LocalFile", all._register)
                .Set("ServiceIdentity:SigningKeyFile", all.Tokens.PrivateKeyFile).Set("ServiceIdentity:Issuer", TestTokens.Issuer);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                host.Set(key, value);
            }
        }
        Common(all.Application);
        Common(all.Eligibility);
        Common(all.Plan);
        Common(all.Consent);
        Common(all.Notification);
        all.Plan.Set("Services:Consent:Address", $"http://127.0.0.1:{all.Consent.GrpcPort}");
        all.Notification.Set("Notification:LocalOutboxFolder", all.OutboxFolder).Set("Notification:PollInterval", "00:00:00.200");
        all.Application.Start();
        all.Eligibility.Start();
        all.Plan.Start();
        all.Consent.Start();
        all.Notification.Start();
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in new IAsyncDisposable?[] { Application, Eligibility, Plan, Consent, Notification })
        {
            if (host is not null) await host.DisposeAsync();
        }
        Tokens.Dispose();
        File.Delete(_register);
        if (Directory.Exists(OutboxFolder)) Directory.Delete(OutboxFolder, recursive: true);
    }
}

using System.Text.Json;
using Koordinering.Contracts.Events;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Api;
using Koordinering.Notification.Archive;
using Koordinering.Notification.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Koordinering.IntegrationTests.Notifications;

/// <summary>The Notification service on a real database with a fake clock, its archive sent to a fake Fiks IO with a fake Maskinporten's token.</summary>
public sealed class FiksIoArchiveHosts : IAsyncLifetime
{
    public const string Municipality = "4601";
    private readonly string _register = Path.Combine(Path.GetTempPath(), $"koordinering-population-{Guid.NewGuid():N}.json");
    private readonly string _password = Path.Combine(Path.GetTempPath(), $"koordinering-fiksio-{Guid.NewGuid():N}.secret");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public TestTokens Tokens { get; } = new();
    public FakeFiksIo FiksIo { get; } = new();
    public FakeMaskinporten Maskinporten { get; } = new();
    public ServiceHost<NotificationApi> Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_register, JsonSerializer.Serialize(Array.Empty<object>()));
        await File.WriteAllTextAsync(_password, FiksIo.Password + "\n");
        var cs = await TestPostgres.ProvisionAsync("notification");
        Assert.Equal(0, (await ServiceFixture<NotificationApi, NotificationDbContext>.RunMigrateModeAsync(cs)).ExitCode);
        Host = new ServiceHost<NotificationApi>(cs, Tokens, services => services.AddSingleton<TimeProvider>(Time))
            .Set("PopulationRegister:LocalFile", _register)
            .Set("Notification:PollInterval", "01:00:00")
            .Set("Archive:PollInterval", "01:00:00")
            .Set("Archive:RetryBaseDelay", "00:01:00");
        foreach (var (key, value) in FiksIo.Settings(_password).Concat(Maskinporten.Settings(withCertificate: true)))
        {
            Host.Set(key, value);
        }
        Host.Start();
    }

    public Task<string> SendAsync<TEvent>(TEvent e) where TEvent : IntegrationEvent => CloudEventPost.SendAsync(Host.Http, e, TestContext.Current.CancellationToken);

    public Task<int> ArchiveAsync() => Host.Services.GetRequiredService<ArchiveDispatcher>().RunOnceAsync(TestContext.Current.CancellationToken);

    public async Task<List<ArchiveItem>> ItemsAsync(Guid caseId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().ArchiveItems.AsNoTracking()
            .Where(i => i.CaseId == caseId).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        await FiksIo.DisposeAsync();
        await Maskinporten.DisposeAsync();
        Tokens.Dispose();
        File.Delete(_register);
        File.Delete(_password);
    }
}

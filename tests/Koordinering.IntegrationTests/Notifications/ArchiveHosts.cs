using System.Text.Json;
using System.Xml.Linq;
using System.Xml.Schema;
using Koordinering.Contracts.Events;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Api;
using Koordinering.Notification.Archive;
using Koordinering.Notification.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Koordinering.IntegrationTests.Notifications;

/// <summary>An archive that is away for the next <see cref="FailNext"/> sends, then writes to folders like the local archive.</summary>
public sealed class FlakyArchive(string root) : IArchive
{
    public FolderArchive Folders { get; } = new(root);
    public int FailNext { get; set; }
    public int Calls { get; private set; }

    public Task SendAsync(ArchiveMessage message, CancellationToken cancellationToken)
    {
        Calls++;
        if (FailNext > 0)
        {
            FailNext--;
            throw new HttpRequestException("The archive is away.");
        }
        return Folders.SendAsync(message, cancellationToken);
    }
}

/// <summary>The Notification service on a real database with a fake clock and an archive writing to a temporary folder.</summary>
public sealed class ArchiveHosts : IAsyncLifetime
{
    public const string Municipality = "4601";
    private readonly string _register = Path.Combine(Path.GetTempPath(), $"koordinering-population-{Guid.NewGuid():N}.json");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public TestTokens Tokens { get; } = new();
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"koordinering-archive-{Guid.NewGuid():N}");
    public FlakyArchive Archive { get; }
    public ServiceHost<NotificationApi> Host { get; private set; } = null!;

    public ArchiveHosts() => Archive = new FlakyArchive(Root);

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_register, JsonSerializer.Serialize(Array.Empty<object>()));
        var cs = await TestPostgres.ProvisionAsync("notification");
        Assert.Equal(0, (await ServiceFixture<NotificationApi, NotificationDbContext>.RunMigrateModeAsync(cs)).ExitCode);
        Host = new ServiceHost<NotificationApi>(cs, Tokens, services => services.AddSingleton<TimeProvider>(Time).AddSingleton<IArchive>(Archive))
            .Set("PopulationRegister:LocalFile", _register)
            .Set("Notification:PollInterval", "01:00:00")
            .Set("Archive:LocalFolder", Root)
            .Set("Archive:PollInterval", "01:00:00")
            .Set("Archive:RetryBaseDelay", "00:01:00")
            .Start();
    }

    public Task<string> SendAsync<TEvent>(TEvent e) where TEvent : IntegrationEvent => CloudEventPost.SendAsync(Host.Http, e, TestContext.Current.CancellationToken);

    public Task<int> ArchiveAsync() => Host.Services.GetRequiredService<ArchiveDispatcher>().RunOnceAsync(TestContext.Current.CancellationToken);

    public async Task<List<ArchiveItem>> ItemsAsync(Guid caseId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().ArchiveItems.AsNoTracking()
            .Where(i => i.CaseId == caseId).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<int> NoticesAsync(Guid eventId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationDbContext>().Notices.CountAsync(n => n.EventId == eventId, TestContext.Current.CancellationToken);
    }

    /// <summary>The archive folders written for a case (each folder's arkivmelding names the case folder's key).</summary>
    public IReadOnlyList<string> FoldersFor(Guid caseId) => !Directory.Exists(Root) ? [] :
        [.. Directory.GetDirectories(Root).Where(d => !Path.GetFileName(d).StartsWith('.') && File.ReadAllText(Path.Combine(d, "arkivmelding.xml")).Contains(Arkivmelding.FolderKey(caseId), StringComparison.Ordinal))];

    /// <summary>The external key (referanseEksternNoekkel/noekkel) of the saksmappe an arkivmelding writes into, and that its journalpost points to (they must agree).</summary>
    public static string CaseFolderKey(string path) => CaseFolderKey(XDocument.Load(path));

    /// <summary>The external key of the saksmappe an arkivmelding writes into (and its journalpost points to).</summary>
    public static string CaseFolderKey(XDocument xml)
    {
        var folder = xml.Root!.Element(Arkivmelding.Ns + "mappe")!.Element(Arkivmelding.Ns + "referanseEksternNoekkel")!.Element(Arkivmelding.Md + "noekkel")!.Value;
        var parent = xml.Root!.Element(Arkivmelding.Ns + "registrering")!.Element(Arkivmelding.Ns + "referanseForelderMappe")!
            .Element(Arkivmelding.Md + "referanseEksternNoekkel")!.Element(Arkivmelding.Md + "noekkel")!.Value;
        Assert.Equal(folder, parent);
        return folder;
    }

    /// <summary>Schema errors of an arkivmelding against KS's published XSD (the copy in the unit tests' test data).</summary>
    public static List<string> SchemaErrors(string path) => SchemaErrors(XDocument.Load(path));

    /// <summary>Schema errors of an arkivmelding against KS's published XSD.</summary>
    public static List<string> SchemaErrors(XDocument arkivmelding)
    {
        var folder = Path.Combine(TestPostgres.RepoRoot, "tests", "Koordinering.UnitTests", "TestData", "fiks-arkiv");
        var set = new XmlSchemaSet();
        set.Add(Arkivmelding.Md.NamespaceName, Path.Combine(folder, "metadatakatalog.xsd"));
        set.Add(Arkivmelding.Ns.NamespaceName, Path.Combine(folder, "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd"));
        set.Compile();
        var errors = new List<string>();
        arkivmelding.Validate(set, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        return errors;
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        Tokens.Dispose();
        File.Delete(_register);
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

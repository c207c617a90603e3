using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Notification.Archive;
using Koordinering.UnitTests;

namespace Koordinering.IntegrationTests.Notifications;

/// <summary>
/// Decisions and closed plans reach the archive once each, as schema-valid arkivmeldinger with a PDF; an archive that
/// is away delays archiving (stored back-off), never the notices.
/// </summary>
public sealed class ArchiveTests(ArchiveHosts hosts) : IClassFixture<ArchiveHosts>
{
    private static readonly string Person = IdentityNumbers.For(new DateOnly(1971, 8, 8));

    private DecidedV1 Decided() => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = hosts.Time.GetUtcNow(), MunicipalityNumber = ArchiveHosts.Municipality, AggregateId = Guid.NewGuid(),
        AssessmentId = Guid.NewGuid(), ApplicationId = Guid.NewGuid(), PersonIdentityNumber = Person, DecidedAt = hosts.Time.GetUtcNow(),
        Decisions = [new RightDecision(Guid.NewGuid(), RequestedRight.Coordinator, DecisionOutcome.Granted, 1, "pasient- og brukerrettighetsloven § 2-5 b", "Behovet er langvarig og koordinert.", [])],
    };

    private static void AssertArchived(string folder, string fileName)
    {
        var xml = Path.Combine(folder, "arkivmelding.xml");
        Assert.Equal("", string.Join("\n", ArchiveHosts.SchemaErrors(xml)));
        var pdf = File.ReadAllBytes(Path.Combine(folder, fileName));
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        Assert.Contains(fileName, File.ReadAllText(xml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_is_archived_once_as_a_valid_arkivmelding_with_the_letter_as_pdf_even_when_the_event_comes_twice()
    {
        var e = Decided();
        Assert.Equal("SUCCESS", await hosts.SendAsync(e));
        Assert.Equal("SUCCESS", await hosts.SendAsync(e));
        var item = Assert.Single(await hosts.ItemsAsync(e.ApplicationId));
        Assert.Equal($"decision:{e.EventId:D}", item.DocumentKey);

        await hosts.ArchiveAsync();
        Assert.Equal("SUCCESS", await hosts.SendAsync(e));
        await hosts.ArchiveAsync();

        var folder = Assert.Single(hosts.FoldersFor(e.ApplicationId));
        AssertArchived(folder, "decision.pdf");
        Assert.Contains("<n5mdk:kode>VEDTAK</n5mdk:kode>", File.ReadAllText(Path.Combine(folder, "arkivmelding.xml")), StringComparison.Ordinal);
        Assert.Equal(ArchiveStatus.Archived, Assert.Single(await hosts.ItemsAsync(e.ApplicationId)).Status);
    }

    [Fact]
    public async Task A_closed_plan_from_an_older_event_without_the_application_is_archived_once_in_a_folder_of_its_own()
    {
        var e = new PlanClosedV1
        {
            EventId = Guid.NewGuid(), OccurredAt = hosts.Time.GetUtcNow(), MunicipalityNumber = ArchiveHosts.Municipality, AggregateId = Guid.NewGuid(),
            PlanId = Guid.NewGuid(), PersonIdentityNumber = Person,
        };
        Assert.Equal("SUCCESS", await hosts.SendAsync(e));
        Assert.Equal("SUCCESS", await hosts.SendAsync(e));
        await hosts.ArchiveAsync();

        AssertArchived(Assert.Single(hosts.FoldersFor(e.PlanId)), "plan_closed.pdf");
        Assert.Single(await hosts.ItemsAsync(e.PlanId));
    }

    [Fact]
    public async Task A_closed_plan_goes_into_the_case_folder_of_the_application_whose_decision_opened_it()
    {
        var decided = Decided();
        var closed = new PlanClosedV1
        {
            EventId = Guid.NewGuid(), OccurredAt = hosts.Time.GetUtcNow(), MunicipalityNumber = ArchiveHosts.Municipality, AggregateId = Guid.NewGuid(),
            PlanId = Guid.NewGuid(), PersonIdentityNumber = Person, ApplicationId = decided.ApplicationId,
        };
        Assert.Equal("SUCCESS", await hosts.SendAsync(decided));
        Assert.Equal("SUCCESS", await hosts.SendAsync(closed));
        await hosts.ArchiveAsync();

        Assert.Equal(["decision", "plan_closed"], (await hosts.ItemsAsync(decided.ApplicationId)).Select(i => i.Kind).Order());
        Assert.Empty(await hosts.ItemsAsync(closed.PlanId));
        var folders = hosts.FoldersFor(decided.ApplicationId);
        Assert.Equal(2, folders.Count);
        var saksmapper = folders.Select(f => ArchiveHosts.CaseFolderKey(Path.Combine(f, "arkivmelding.xml"))).Distinct().ToList();
        Assert.Equal([Arkivmelding.FolderKey(decided.ApplicationId)], saksmapper);
        Assert.Single(folders, f => File.Exists(Path.Combine(f, "plan_closed.pdf")));
        Assert.Single(folders, f => File.Exists(Path.Combine(f, "decision.pdf")));
    }

    [Fact]
    public async Task An_archive_that_is_away_delays_archiving_with_stored_backoff_and_never_the_notices()
    {
        var e = Decided();
        hosts.Archive.FailNext = 2;
        Assert.Equal("SUCCESS", await hosts.SendAsync(e));
        Assert.True(await hosts.NoticesAsync(e.EventId) > 0);

        var start = hosts.Time.GetUtcNow();
        await hosts.ArchiveAsync();
        var item = Assert.Single(await hosts.ItemsAsync(e.ApplicationId));
        Assert.Equal((ArchiveStatus.Pending, 1, nameof(HttpRequestException)), (item.Status, item.Attempts, item.LastError));
        Assert.Equal(start + TimeSpan.FromMinutes(1), item.NextAttemptAt);
        Assert.Empty(hosts.FoldersFor(e.ApplicationId));

        await hosts.ArchiveAsync();
        Assert.Equal(1, Assert.Single(await hosts.ItemsAsync(e.ApplicationId)).Attempts);

        hosts.Time.Advance(TimeSpan.FromMinutes(1));
        await hosts.ArchiveAsync();
        item = Assert.Single(await hosts.ItemsAsync(e.ApplicationId));
        Assert.Equal((ArchiveStatus.Pending, 2), (item.Status, item.Attempts));
        Assert.Equal(hosts.Time.GetUtcNow() + TimeSpan.FromMinutes(2), item.NextAttemptAt);

        hosts.Time.Advance(TimeSpan.FromMinutes(2));
        await hosts.ArchiveAsync();
        await hosts.ArchiveAsync();
        item = Assert.Single(await hosts.ItemsAsync(e.ApplicationId));
        Assert.Equal((ArchiveStatus.Archived, 2), (item.Status, item.Attempts));
        AssertArchived(Assert.Single(hosts.FoldersFor(e.ApplicationId)), "decision.pdf");
    }
}

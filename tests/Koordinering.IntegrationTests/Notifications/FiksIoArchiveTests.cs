using System.Text;
using System.Xml.Linq;
using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Notification.Archive;
using Koordinering.UnitTests;

namespace Koordinering.IntegrationTests.Notifications;

/// <summary>
/// The archive through Fiks IO: the arkivmelding and its PDF go as an encrypted ASiC-E to the archive's account, with the
/// integration's credentials and a Maskinporten token; Fiks IO that is away delays archiving with back-off, and each
/// document is accepted once under one message id.
/// </summary>
public sealed class FiksIoArchiveTests(FiksIoArchiveHosts hosts) : IClassFixture<FiksIoArchiveHosts>
{
    private static readonly string Person = IdentityNumbers.For(new DateOnly(1968, 3, 14));

    private DecidedV1 Decided() => new()
    {
        EventId = Guid.NewGuid(), OccurredAt = hosts.Time.GetUtcNow(), MunicipalityNumber = FiksIoArchiveHosts.Municipality, AggregateId = Guid.NewGuid(),
        AssessmentId = Guid.NewGuid(), ApplicationId = Guid.NewGuid(), PersonIdentityNumber = Person, DecidedAt = hosts.Time.GetUtcNow(),
        Decisions = [new RightDecision(Guid.NewGuid(), RequestedRight.Coordinator, DecisionOutcome.Granted, 1, "pasient- og brukerrettighetsloven § 2-5 b", "Behovet er langvarig og koordinert.", [])],
    };

    private async Task<List<FakeFiksIo.Message>> MessagesForAsync(Guid applicationId) =>
        [.. (await hosts.FiksIo.AcceptedAsync()).Where(m => Encoding.UTF8.GetString(m.Files[AsiceContainer.ArkivmeldingFile]).Contains(Arkivmelding.FolderKey(applicationId), StringComparison.Ordinal))];

    [Fact]
    public async Task A_decision_goes_to_the_archive_account_as_an_encrypted_asice_with_a_schema_valid_arkivmelding_and_the_pdf()
    {
        var e = Decided();
        Assert.Equal("SUCCESS", await hosts.SendAsync(e));
        Assert.Equal(1, await hosts.ArchiveAsync());

        var message = Assert.Single(await MessagesForAsync(e.ApplicationId));
        var metadata = message.Metadata;
        Assert.Equal(hosts.FiksIo.AccountId, metadata.GetProperty("avsenderKontoId").GetGuid());
        Assert.Equal(hosts.FiksIo.RecipientAccountId, metadata.GetProperty("mottakerKontoId").GetGuid());
        Assert.Equal("no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett", metadata.GetProperty("meldingType").GetString());
        Assert.Equal((long)TimeSpan.FromDays(2).TotalMilliseconds, metadata.GetProperty("ttl").GetInt64());
        var id = FiksIoArchive.MessageId($"decision:{e.EventId:D}");
        Assert.Equal(id, metadata.GetProperty("klientMeldingID").GetGuid());
        Assert.Equal(id.ToString("D"), metadata.GetProperty("headere").GetProperty("klientMeldingId").GetString());
        Assert.Equal(hosts.FiksIo.IntegrationId.ToString("D"), message.Headers["integrasjonId"]);
        Assert.Equal(hosts.FiksIo.Password, message.Headers["integrasjonPassord"]);
        Assert.Matches("^Bearer token-[0-9]+$", message.Headers["Authorization"]);
        Assert.Contains(hosts.Maskinporten.Grants, g => g.GetProperty("scope").GetString() == "ks:fiks");

        var xml = XDocument.Parse(Encoding.UTF8.GetString(message.Files[AsiceContainer.ArkivmeldingFile]));
        Assert.Equal("", string.Join("\n", ArchiveHosts.SchemaErrors(xml)));
        Assert.Equal(Person, xml.Descendants(Arkivmelding.Ns + "klasseID").Single().Value);
        Assert.Equal("13", xml.Descendants(Arkivmelding.Ns + "tilgangsrestriksjon").First().Elements().Single().Value);
        Assert.Equal("%PDF"u8.ToArray(), message.Files["decision.pdf"][..4]);
        Assert.Contains("decision.pdf", Encoding.UTF8.GetString(message.Files["META-INF/manifest.xml"]), StringComparison.Ordinal);
        Assert.Equal(ArchiveStatus.Archived, Assert.Single(await hosts.ItemsAsync(e.ApplicationId)).Status);
    }

    [Fact]
    public async Task Fiks_io_that_is_away_delays_archiving_with_backoff_and_a_later_send_is_accepted_exactly_once()
    {
        var e = Decided();
        hosts.FiksIo.Unavailable = 1;
        Assert.Equal("SUCCESS", await hosts.SendAsync(e));
        var sendsBefore = hosts.FiksIo.Server.Received.Count(r => r.Path == FakeFiksIo.SendPath);

        Assert.Equal(0, await hosts.ArchiveAsync());
        var item = Assert.Single(await hosts.ItemsAsync(e.ApplicationId));
        Assert.Equal((ArchiveStatus.Pending, 1, nameof(FiksIoException)), (item.Status, item.Attempts, item.LastError));
        Assert.Equal(hosts.Time.GetUtcNow() + TimeSpan.FromMinutes(1), item.NextAttemptAt);
        Assert.Equal(sendsBefore + 1, hosts.FiksIo.Server.Received.Count(r => r.Path == FakeFiksIo.SendPath));
        Assert.Empty(await MessagesForAsync(e.ApplicationId));

        Assert.Equal(0, await hosts.ArchiveAsync());
        Assert.Equal(sendsBefore + 1, hosts.FiksIo.Server.Received.Count(r => r.Path == FakeFiksIo.SendPath));

        hosts.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await hosts.ArchiveAsync());
        Assert.Equal(0, await hosts.ArchiveAsync());
        Assert.Equal("SUCCESS", await hosts.SendAsync(e));
        hosts.Time.Advance(TimeSpan.FromHours(7));
        Assert.Equal(0, await hosts.ArchiveAsync());

        Assert.Single(await MessagesForAsync(e.ApplicationId));
        var ids = (await hosts.FiksIo.AcceptedAsync()).Select(m => m.Metadata.GetProperty("klientMeldingID").GetGuid()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        item = Assert.Single(await hosts.ItemsAsync(e.ApplicationId));
        Assert.Equal((ArchiveStatus.Archived, 1), (item.Status, item.Attempts));
    }
}

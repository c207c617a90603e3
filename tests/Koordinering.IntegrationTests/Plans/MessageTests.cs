using Google.Rpc;
using Grpc.Core;
using Koordinering.Contracts.Events;
using Koordinering.Domain;
using Koordinering.Eventing;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.Plan.Data;
using Koordinering.ServiceDefaults.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using PlanV1 = Koordinering.Plan.V1;

namespace Koordinering.IntegrationTests.Plans;

/// <summary>
/// Messages among the people around a plan, through the Plan service on real gRPC: who may read and write (the plan's
/// rules), unread counts, editing until read and correcting after, the access log, and the event that a subscriber
/// and the Notification service receive (one short notice an hour per reader, none at night).
/// </summary>
public sealed class MessageTests(MessageHosts hosts) : IClassFixture<MessageHosts>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Metadata Physio => hosts.Employee("physio-1", PlanHosts.Physio);

    private Metadata Nurse => hosts.Employee("nurse-1", PlanHosts.HomeNursing);

    /// <summary>A person with a coordinator and an individual plan whose participant access names home nursing and physiotherapy.</summary>
    private async Task<(string Person, string Coordination, PlanV1.Plan Plan)> PlanAsync(int year)
    {
        var person = PlanHosts.NewPerson(year);
        var coordination = await hosts.GrantAsync(person, RequestedRight.Coordinator, RequestedRight.IndividualPlan);
        await hosts.AppointAsync(coordination);
        await hosts.ConsentAsync(person, PlanHosts.HomeNursing, PlanHosts.Physio);
        var plan = (await hosts.Plans.CreateIndividualPlanAsync(new() { CoordinationId = coordination, Content = PlanHosts.Content() }, hosts.CoordinatorToken, cancellationToken: Ct)).Plan;
        return (person, coordination, plan);
    }

    private async Task<PlanV1.PlanMessage> PostAsync(string coordination, string text, Metadata who, string corrects = "") =>
        (await hosts.Conversations.PostMessageAsync(new() { CoordinationId = coordination, Text = text, CorrectsMessageId = corrects }, who, cancellationToken: Ct)).Message;

    private Task<PlanV1.ListMessagesResponse> ReadAsync(string coordination, Metadata who, int pageSize = 0, string token = "") =>
        hosts.Conversations.ListMessagesAsync(new() { CoordinationId = coordination, PageSize = pageSize, PageToken = token }, who, cancellationToken: Ct).ResponseAsync;

    private async Task<int> UnreadAsync(string coordination, Metadata who) =>
        (await hosts.Conversations.ListMyConversationsAsync(new(), who, cancellationToken: Ct)).Conversations.SingleOrDefault(c => c.CoordinationId == coordination)?.UnreadCount ?? -1;

    private static async Task<StatusCode> FailsAsync<T>(AsyncUnaryCall<T> call) => (await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync)).StatusCode;

    [Fact]
    public async Task The_coordinator_and_a_participant_with_consent_write_to_each_other_and_unread_counts_follow_reading()
    {
        var (person, coordination, plan) = await PlanAsync(1971);
        var hello = await PostAsync(coordination, "Hei, kan du komme på møtet torsdag?", hosts.CoordinatorToken);
        Assert.Equal((PlanV1.MessageAuthorKind.Coordinator, "coordinator-7", true), (hello.AuthorKind, hello.AuthorId, hello.Mine));

        Assert.Equal(1, await UnreadAsync(coordination, Physio));
        Assert.Equal(plan.PlanId, (await hosts.Conversations.ListMyConversationsAsync(new(), Physio, cancellationToken: Ct)).Conversations.Single(c => c.CoordinationId == coordination).PlanId);
        var read = await ReadAsync(coordination, Physio);
        Assert.Equal(("Hei, kan du komme på møtet torsdag?", false, 0), (Assert.Single(read.Messages).Text, read.Messages[0].Mine, read.UnreadCount));
        Assert.Equal(0, await UnreadAsync(coordination, Physio));

        var answer = await PostAsync(coordination, "Ja, jeg kommer.", Physio);
        Assert.Equal((PlanV1.MessageAuthorKind.Participant, PlanHosts.Physio), (answer.AuthorKind, answer.AuthorOrganisationNumber));
        Assert.Equal(1, await UnreadAsync(coordination, hosts.CoordinatorToken));
        Assert.Equal(2, await UnreadAsync(coordination, hosts.Citizen(person)));
        Assert.Equal(2, await UnreadAsync(coordination, Nurse)); // another employee of a consented organisation is another reader

        var persons = await ReadAsync(coordination, hosts.Citizen(person));
        Assert.Equal([hello.MessageId, answer.MessageId], persons.Messages.Select(m => m.MessageId));
        Assert.Equal(0, persons.UnreadCount);
        Assert.True((await ReadAsync(coordination, hosts.CoordinatorToken)).Messages.All(m => m.ReadByOthers));

        var mine = await PostAsync(coordination, "Kan vi ta møtet på video?", hosts.Citizen(person));
        Assert.Equal((PlanV1.MessageAuthorKind.Person, ""), (mine.AuthorKind, mine.AuthorId));
        Assert.Equal(0, await UnreadAsync(coordination, hosts.Citizen(person)));
        Assert.Equal(1, await UnreadAsync(coordination, Physio));
    }

    [Fact]
    public async Task A_message_is_edited_until_someone_else_reads_it_and_then_only_corrected()
    {
        var (person, coordination, _) = await PlanAsync(1972);
        var message = await PostAsync(coordination, "Møtet er torsdag kl. 10.", hosts.CoordinatorToken);
        var edited = (await hosts.Conversations.EditMessageAsync(new() { MessageId = message.MessageId, Text = "Møtet er torsdag kl. 11." }, hosts.CoordinatorToken, cancellationToken: Ct)).Message;
        Assert.Equal("Møtet er torsdag kl. 11.", edited.Text);
        Assert.NotNull(edited.EditedAt);

        // Another reader cannot edit it; the author reading their own changes nothing.
        Assert.Equal(StatusCode.PermissionDenied, await FailsAsync(hosts.Conversations.EditMessageAsync(new() { MessageId = message.MessageId, Text = "Nei." }, Physio, cancellationToken: Ct)));
        await ReadAsync(coordination, hosts.CoordinatorToken);
        Assert.Equal("Møtet er torsdag kl. 12.", (await hosts.Conversations.EditMessageAsync(new() { MessageId = message.MessageId, Text = "Møtet er torsdag kl. 12." }, hosts.CoordinatorToken, cancellationToken: Ct)).Message.Text);

        Assert.Equal("Møtet er torsdag kl. 12.", (await ReadAsync(coordination, hosts.Citizen(person))).Messages.Single().Text);
        var refused = await Assert.ThrowsAsync<RpcException>(() => hosts.Conversations.EditMessageAsync(new() { MessageId = message.MessageId, Text = "Møtet er fredag." }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("correction", refused.Status.Detail, StringComparison.Ordinal);

        var correction = await PostAsync(coordination, "Rettelse: møtet er fredag kl. 12.", hosts.CoordinatorToken, corrects: message.MessageId);
        Assert.Equal(message.MessageId, correction.CorrectsMessageId);
        Assert.Equal(StatusCode.FailedPrecondition, await FailsAsync(hosts.Conversations.PostMessageAsync(new() { CoordinationId = coordination, Text = "Rettelse.", CorrectsMessageId = message.MessageId }, Physio, cancellationToken: Ct)));
        var page = await ReadAsync(coordination, hosts.Citizen(person));
        Assert.Equal(["Møtet er torsdag kl. 12.", "Rettelse: møtet er fredag kl. 12."], page.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task An_edit_that_comes_while_a_read_is_being_recorded_is_refused_so_nobody_read_a_text_that_later_changed()
    {
        var (_, coordination, _) = await PlanAsync(1977);
        var message = await PostAsync(coordination, "Utkast", hosts.CoordinatorToken);
        await using var scope = hosts.Plan.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanDbContext>();

        // Hold the reader between reading the text and recording that they read it: their record of the read waits on the table.
        var hold = await db.Database.BeginTransactionAsync(Ct);
        await db.Database.ExecuteSqlRawAsync("LOCK TABLE message_reads IN EXCLUSIVE MODE", Ct);
        var read = ReadAsync(coordination, Physio);
        await Eventually.HoldsAsync(() => WaitingOnLockAsync(db, "message_reads"), "the read waits to be recorded");
        var edit = hosts.Conversations.EditMessageAsync(new() { MessageId = message.MessageId, Text = "Endelig" }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync;
        await Task.WhenAny(edit, Task.Delay(TimeSpan.FromMilliseconds(500), Ct));
        await hold.CommitAsync(Ct);

        var seen = (await read).Messages.Single(m => m.MessageId == message.MessageId).Text;
        var refused = await Assert.ThrowsAsync<RpcException>(() => edit);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal(("Utkast", "Utkast"), (seen, (await ReadAsync(coordination, hosts.CoordinatorToken)).Messages.Single(m => m.MessageId == message.MessageId).Text));
    }

    /// <summary>Whether a session waits for a lock on <paramref name="table"/>.</summary>
    private static async Task<bool> WaitingOnLockAsync(PlanDbContext db, string table)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = to_regclass($1)";
        var parameter = command.CreateParameter();
        parameter.Value = table;
        command.Parameters.Add(parameter);
        return (long)(await command.ExecuteScalarAsync(Ct))! > 0;
    }

    [Fact]
    public async Task A_closed_plans_conversation_is_kept_and_read_but_no_longer_written_in()
    {
        var (person, coordination, plan) = await PlanAsync(1978);
        var message = await PostAsync(coordination, "Siste møte er holdt.", hosts.CoordinatorToken);
        await hosts.Plans.ClosePlanAsync(new() { PlanId = plan.PlanId, ExpectedVersion = plan.Version }, hosts.Caseworker, cancellationToken: Ct);
        Assert.Equal(StatusCode.FailedPrecondition, await FailsAsync(hosts.Conversations.PostMessageAsync(new() { CoordinationId = coordination, Text = "Takk for samarbeidet." }, hosts.Citizen(person), cancellationToken: Ct)));
        Assert.Equal(StatusCode.FailedPrecondition, await FailsAsync(hosts.Conversations.EditMessageAsync(new() { MessageId = message.MessageId, Text = "Endret." }, hosts.CoordinatorToken, cancellationToken: Ct)));
        Assert.Equal(message.MessageId, (await ReadAsync(coordination, hosts.Citizen(person))).Messages.Single().MessageId);
    }

    [Fact]
    public async Task After_consent_is_withdrawn_the_participant_neither_reads_nor_writes_and_a_stranger_never_could()
    {
        var (person, coordination, plan) = await PlanAsync(1973);
        var own = await PostAsync(coordination, "Jeg har sendt henvisningen.", Physio);
        var school = hosts.Employee("teacher-1", PlanHosts.School);
        Assert.Equal(StatusCode.NotFound, await FailsAsync(hosts.Conversations.ListMessagesAsync(new() { CoordinationId = coordination }, school, cancellationToken: Ct)));
        Assert.Equal(StatusCode.NotFound, await FailsAsync(hosts.Conversations.PostMessageAsync(new() { CoordinationId = coordination, Text = "Hei" }, school, cancellationToken: Ct)));
        Assert.Equal(StatusCode.NotFound, await FailsAsync(hosts.Conversations.ListMessagesAsync(new() { CoordinationId = coordination }, hosts.Citizen(PlanHosts.NewPerson(1990)), cancellationToken: Ct)));
        Assert.Equal(-1, await UnreadAsync(coordination, school));

        var consent = (await hosts.Consents.ListSubjectConsentsAsync(new() { SubjectIdentityNumber = person }, hosts.Citizen(person), cancellationToken: Ct)).Consents.Single();
        var party = consent.Parties.Single(p => p.OrganisationNumber == PlanHosts.Physio);
        await hosts.Consents.WithdrawPartyAsync(new() { ConsentId = consent.ConsentId, PartyId = party.PartyId }, hosts.Citizen(person), cancellationToken: Ct);

        Assert.Equal(StatusCode.NotFound, await FailsAsync(hosts.Conversations.ListMessagesAsync(new() { CoordinationId = coordination }, Physio, cancellationToken: Ct)));
        Assert.Equal(StatusCode.NotFound, await FailsAsync(hosts.Conversations.PostMessageAsync(new() { CoordinationId = coordination, Text = "Hei igjen" }, Physio, cancellationToken: Ct)));
        Assert.Equal(StatusCode.NotFound, await FailsAsync(hosts.Conversations.EditMessageAsync(new() { MessageId = own.MessageId, Text = "Endret." }, Physio, cancellationToken: Ct)));
        Assert.Equal(-1, await UnreadAsync(coordination, Physio));
        // Those the plan still names go on.
        Assert.Single((await ReadAsync(coordination, Nurse)).Messages);
        Assert.Equal(plan.PlanId, (await hosts.Conversations.ListMyConversationsAsync(new(), Nurse, cancellationToken: Ct)).Conversations.Single(c => c.CoordinationId == coordination).PlanId);
    }

    [Fact]
    public async Task Every_read_is_in_the_access_log_and_a_refused_one_too()
    {
        var (person, coordination, _) = await PlanAsync(1974);
        await PostAsync(coordination, "Velkommen til planen.", hosts.CoordinatorToken);
        await ReadAsync(coordination, Physio);
        await hosts.Conversations.ListMyConversationsAsync(new(), hosts.Citizen(person), cancellationToken: Ct);
        await FailsAsync(hosts.Conversations.ListMessagesAsync(new() { CoordinationId = coordination }, hosts.Employee("teacher-2", PlanHosts.School), cancellationToken: Ct));

        await using var scope = hosts.Plan.Services.CreateAsyncScope();
        var records = await scope.ServiceProvider.GetRequiredService<PlanDbContext>().Set<AuditRecord>().AsNoTracking()
            .Where(r => r.SubjectIdentityNumber == person && (r.Resource == $"conversation:{coordination}" || r.Resource == "conversations:mine")).ToListAsync(Ct);
        Assert.Contains(records, r => r.Action.EndsWith("/ListMessages", StringComparison.Ordinal) && r.ActorId == "physio-1" && r.ActorOrganisation == PlanHosts.Physio && r.Allowed);
        Assert.Contains(records, r => r.Action.EndsWith("/ListMyConversations", StringComparison.Ordinal) && r.OnBehalfOf == "self" && r.Allowed);
        Assert.Contains(records, r => r.Action.EndsWith("/ListMessages", StringComparison.Ordinal) && r.ActorId == "teacher-2" && !r.Allowed);
        Assert.Contains(records, r => r.Action.EndsWith("/PostMessage", StringComparison.Ordinal) && r.ActorId == "coordinator-7" && r.Allowed);
    }

    [Fact]
    public async Task Text_is_checked_field_by_field_and_a_long_conversation_is_read_a_page_at_a_time()
    {
        var (_, coordination, _) = await PlanAsync(1975);
        var empty = await Assert.ThrowsAsync<RpcException>(() => hosts.Conversations.PostMessageAsync(new() { CoordinationId = coordination, Text = " " }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal("text", Assert.Single(empty.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => hosts.Conversations.PostMessageAsync(new() { CoordinationId = coordination, Text = new string('a', 4001) }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        var badCorrection = await Assert.ThrowsAsync<RpcException>(() => hosts.Conversations.PostMessageAsync(new() { CoordinationId = coordination, Text = "x", CorrectsMessageId = Guid.NewGuid().ToString() }, hosts.CoordinatorToken, cancellationToken: Ct).ResponseAsync);
        Assert.Equal("corrects_message_id", Assert.Single(badCorrection.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(StatusCode.InvalidArgument, await FailsAsync(hosts.Conversations.ListMessagesAsync(new() { CoordinationId = coordination, PageToken = "not-a-token" }, hosts.CoordinatorToken, cancellationToken: Ct)));

        var written = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            written.Add((await PostAsync(coordination, $"Melding {i}", hosts.CoordinatorToken)).MessageId);
        }
        var seen = new List<string>();
        var token = "";
        var unread = new List<int>();
        do
        {
            var page = await ReadAsync(coordination, Physio, pageSize: 2, token: token);
            Assert.True(page.Messages.Count <= 2);
            seen.AddRange(page.Messages.Select(m => m.MessageId));
            unread.Add(page.UnreadCount);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        Assert.Equal(written, seen);
        Assert.Equal([3, 1, 0], unread);
    }

    [Fact]
    public async Task A_new_message_reaches_a_subscriber_without_its_text_and_each_reader_is_told_at_most_once_an_hour_and_not_at_night()
    {
        // A week after the other tests' morning: their messages told the same participants and coordinator, and
        // notices still waiting (this fixture's dispatcher is idle) would cover this test's messages whatever order
        // the tests run in.
        hosts.Running.JumpTo(RunningClock.TuesdayMorning.AddDays(7));
        var (person, coordination, _) = await PlanAsync(1976);
        await hosts.RegisterContactAsync(person);
        const string secret = "Blodprøven viser lav jernverdi.";
        var first = await PostAsync(coordination, secret, hosts.CoordinatorToken);

        // The event reaches a Dapr subscriber, and carries ids and references, never the text.
        await Eventually.HoldsAsync(() => Task.FromResult(hosts.Subscriber.Accepted.Any(d => d.Type == EventTypes.Of<MessagePostedV1>())), "the subscriber has the message event");
        await using (var scope = hosts.Plan.Services.CreateAsyncScope())
        {
            var outbox = await scope.ServiceProvider.GetRequiredService<PlanDbContext>().Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.EventType == EventTypes.Of<MessagePostedV1>() && m.AggregateId == Guid.Parse(coordination)).ToListAsync(Ct);
            var posted = (MessagePostedV1)EventContracts.Read(outbox.Single().EventType, outbox.Single().Payload)!;
            Assert.Equal((Guid.Parse(first.MessageId), MessageAuthorKind.Coordinator), (posted.MessageId, posted.AuthorKind));
            Assert.Equal(["p-home", "p-physio"], posted.Recipients.Select(r => r.ParticipantId).Order());
            Assert.DoesNotContain(secret, outbox.Single().Payload, StringComparison.Ordinal);
        }

        // The person (by SMS, through the contact register) and both consented participants, not the author: now.
        await Eventually.HoldsAsync(async () => (await hosts.MessageNoticesAsync(coordination)).Count == 3, "three notices are planned",
            describe: async () => "Planned: " + string.Join(", ", (await hosts.MessageNoticesAsync(coordination)).Select(n => n.RecipientKey)) + "; Notification deliveries: " + await hosts.NotificationInboxAsync());
        var told = await hosts.MessageNoticesAsync(coordination);
        Assert.Equal([$"contact:ola@kommune.example", $"contact:per@fysio.example", $"person:{person}"], told.Select(n => n.RecipientKey).Order());
        // Due at once: decided before the notice was written, never deferred (a deferred one is due later than it was made).
        Assert.All(told, n => Assert.True(n.NextAttemptAt <= n.CreatedAt, $"due {n.NextAttemptAt:O}, made {n.CreatedAt:O}"));
        Assert.All(told, n => Assert.DoesNotContain(secret, n.Body, StringComparison.Ordinal));
        Assert.Contains("ny melding i planen din", told.Single(n => n.RecipientKey == $"person:{person}").Body, StringComparison.Ordinal);

        // Within the hour: each reader gets one more, an hour after the first; a third message adds none.
        await PostAsync(coordination, "Og husk fastende prøve neste gang.", hosts.CoordinatorToken);
        await Eventually.HoldsAsync(async () => (await hosts.MessageNoticesAsync(coordination)).Count == 6, "three more notices are planned");
        await PostAsync(coordination, "Takk!", Physio);
        // The physiotherapist writes: the coordinator is told (the first time), the physiotherapist is not.
        await Eventually.HoldsAsync(async () => (await hosts.MessageNoticesAsync(coordination)).Any(n => n.RecipientKey == "contact:kari@kommune.example"), "the coordinator is told");
        var afterThree = await hosts.MessageNoticesAsync(coordination);
        Assert.Equal(7, afterThree.Count);
        foreach (var reader in told)
        {
            var times = afterThree.Where(n => n.RecipientKey == reader.RecipientKey).Select(n => n.NextAttemptAt).Order().ToList();
            Assert.Equal([reader.NextAttemptAt, reader.NextAttemptAt.AddHours(1)], times);
        }

        // At 23:30 in Oslo: the notice waits for 08:00 the next morning.
        hosts.Running.JumpTo(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.FromHours(1)));
        await PostAsync(coordination, "Ny tid for prøven er sendt.", hosts.CoordinatorToken);
        await Eventually.HoldsAsync(async () => (await hosts.MessageNoticesAsync(coordination)).Count == 10, "the night's notices are planned");
        var night = (await hosts.MessageNoticesAsync(coordination)).Skip(7).ToList();
        Assert.All(night, n => Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.FromHours(1)), n.NextAttemptAt));
        hosts.Running.JumpTo(RunningClock.TuesdayMorning);
    }
}

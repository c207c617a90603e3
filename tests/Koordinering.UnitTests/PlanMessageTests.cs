using Koordinering.Domain;
using Koordinering.Plan.Domain;

namespace Koordinering.UnitTests;

/// <summary>A message in a plan's conversation, changed only through its own methods; one behaviour per test.</summary>
public sealed class PlanMessageTests
{
    private static readonly DateTimeOffset Tuesday = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly MessageAuthor Coordinator = new(MessageAuthorKind.Coordinator, "employee:974600951:coordinator-7", "coordinator-7", "974600951");
    private const string Physio = "employee:982463718:physio-1";
    private const string Mother = "citizen:15076500565";

    private static PlanMessage Written() => PlanMessage.Write(Guid.NewGuid(), Guid.NewGuid(), Coordinator, "Møtet flyttes til torsdag.", Tuesday);

    [Fact]
    public void A_new_message_is_unread_by_others()
    {
        var message = Written();
        Assert.True(message.IsUnreadBy(Physio));
        Assert.False(message.ReadByOthers);
    }

    [Fact]
    public void Its_author_never_has_it_unread() => Assert.False(Written().IsUnreadBy(Coordinator.Key));

    [Fact]
    public void Reading_marks_it_read_for_that_reader_only()
    {
        var message = Written();
        Assert.True(message.MarkReadBy(Physio, Tuesday.AddMinutes(5)));
        Assert.False(message.IsUnreadBy(Physio));
        Assert.True(message.IsUnreadBy(Mother));
    }

    [Fact]
    public void Reading_it_again_records_nothing_more()
    {
        var message = Written();
        message.MarkReadBy(Physio, Tuesday.AddMinutes(5));
        Assert.False(message.MarkReadBy(Physio, Tuesday.AddMinutes(6)));
        Assert.Single(message.Reads);
    }

    [Fact]
    public void The_authors_own_reading_is_not_a_read()
    {
        var message = Written();
        Assert.False(message.MarkReadBy(Coordinator.Key, Tuesday.AddMinutes(5)));
        Assert.Empty(message.Reads);
    }

    [Fact]
    public void Its_author_may_edit_it_before_anyone_else_read_it()
    {
        var message = Written();
        message.Edit(Coordinator.Key, "Møtet flyttes til fredag.", Tuesday.AddMinutes(2));
        Assert.Equal(("Møtet flyttes til fredag.", Tuesday.AddMinutes(2)), (message.Text, message.EditedAt));
    }

    [Fact]
    public void It_cannot_be_edited_after_someone_else_read_it()
    {
        var message = Written();
        message.MarkReadBy(Mother, Tuesday.AddMinutes(5));
        Assert.Throws<PlanRuleException>(() => message.Edit(Coordinator.Key, "Møtet flyttes til fredag.", Tuesday.AddMinutes(6)));
        Assert.Equal("Møtet flyttes til torsdag.", message.Text);
    }

    [Fact]
    public void Only_its_author_may_edit_it() =>
        Assert.Throws<PlanRuleException>(() => Written().Edit(Physio, "Noe annet.", Tuesday.AddMinutes(1)));

    [Fact]
    public void A_correction_is_a_new_message_of_the_same_conversation_naming_the_one_it_corrects()
    {
        var message = Written();
        message.MarkReadBy(Mother, Tuesday.AddMinutes(5));
        var correction = message.CorrectedBy(Guid.NewGuid(), Coordinator, "Rettelse: fredag, ikke torsdag.", Tuesday.AddMinutes(7));
        Assert.Equal((message.CoordinationId, message.Id), (correction.CoordinationId, correction.CorrectsMessageId));
        Assert.Equal("Møtet flyttes til torsdag.", message.Text);
    }

    [Fact]
    public void Only_its_author_corrects_a_message() =>
        Assert.Throws<PlanRuleException>(() => Written().CorrectedBy(Guid.NewGuid(), new MessageAuthor(MessageAuthorKind.Participant, Physio, "physio-1", "982463718"), "Nei.", Tuesday));

    [Fact]
    public void A_message_has_text_within_the_limit()
    {
        Assert.Throws<PlanRuleException>(() => PlanMessage.Write(Guid.NewGuid(), Guid.NewGuid(), Coordinator, " ", Tuesday));
        Assert.Throws<PlanRuleException>(() => PlanMessage.Write(Guid.NewGuid(), Guid.NewGuid(), Coordinator, new string('a', PlanLimits.MaxMessage + 1), Tuesday));
    }
}

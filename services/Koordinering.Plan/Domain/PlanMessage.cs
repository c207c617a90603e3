using Koordinering.Domain;

namespace Koordinering.Plan.Domain;

/// <summary>
/// A message in the conversation of a coordination, among the people around the plan. Its author may change its
/// text until someone else has read it; after that it stands as read, and only a correction (a new message naming
/// it) can follow. Changed only through its own methods.
/// </summary>
public sealed class PlanMessage
{
    private PlanMessage()
    {
    }

    public Guid Id { get; private init; }
    public Guid CoordinationId { get; private init; }
    public MessageAuthorKind AuthorKind { get; private init; }

    /// <summary>Tells the author apart from other readers (sensitive for a citizen: never logged).</summary>
    public string AuthorKey { get; private init; } = "";
    public string? AuthorId { get; private init; }
    public string? AuthorOrganisation { get; private init; }
    public string Text { get; private set; } = "";
    public DateTimeOffset WrittenAt { get; private init; }
    public DateTimeOffset? EditedAt { get; private set; }
    public Guid? CorrectsMessageId { get; private init; }
    public List<MessageRead> Reads { get; private init; } = [];

    /// <summary>Someone other than the author has read it: it can only be corrected now.</summary>
    public bool ReadByOthers => Reads.Any(r => r.ReaderKey != AuthorKey);

    /// <summary>A new message in the conversation of <paramref name="coordinationId"/>.</summary>
    public static PlanMessage Write(Guid id, Guid coordinationId, MessageAuthor author, string text, DateTimeOffset at) =>
        New(id, coordinationId, author, text, at, corrects: null);

    /// <summary>A correction of this message by its author: a new message in the same conversation that names it.</summary>
    public PlanMessage CorrectedBy(Guid id, MessageAuthor author, string text, DateTimeOffset at) => WrittenBy(author.Key)
        ? New(id, CoordinationId, author, text, at, corrects: Id)
        : throw new PlanRuleException("Only the author of a message corrects it; anyone else answers with a message of their own.");

    /// <summary>Whether <paramref name="readerKey"/> wrote it.</summary>
    public bool WrittenBy(string readerKey) => AuthorKey == readerKey;

    /// <summary>Its author changes the text, while nobody else has read it.</summary>
    public void Edit(string editorKey, string text, DateTimeOffset at)
    {
        if (!WrittenBy(editorKey))
        {
            throw new PlanRuleException("Only the author of a message may change it.");
        }
        if (ReadByOthers)
        {
            throw new PlanRuleException("The message has been read by others and can no longer be changed; write a correction instead.");
        }
        Text = RequireText(text);
        EditedAt = at;
    }

    /// <summary>Whether <paramref name="readerKey"/>, not its author, has yet to read it.</summary>
    public bool IsUnreadBy(string readerKey) => !WrittenBy(readerKey) && Reads.All(r => r.ReaderKey != readerKey);

    /// <summary>Marks it read by <paramref name="readerKey"/>; the author's own reading and a second reading change nothing. True when it was newly read.</summary>
    public bool MarkReadBy(string readerKey, DateTimeOffset at)
    {
        if (!IsUnreadBy(readerKey))
        {
            return false;
        }
        Reads.Add(new MessageRead { MessageId = Id, ReaderKey = readerKey, ReadAt = at });
        return true;
    }

    private static PlanMessage New(Guid id, Guid coordinationId, MessageAuthor author, string text, DateTimeOffset at, Guid? corrects) => new()
    {
        Id = id, CoordinationId = coordinationId, AuthorKind = author.Kind, AuthorKey = author.Key, AuthorId = author.Id,
        AuthorOrganisation = author.Organisation, Text = RequireText(text), WrittenAt = at, CorrectsMessageId = corrects,
    };

    private static string RequireText(string text) =>
        string.IsNullOrWhiteSpace(text) || text.Length > PlanLimits.MaxMessage
            ? throw new PlanRuleException($"A message has text, at most {PlanLimits.MaxMessage} characters.")
            : text;
}

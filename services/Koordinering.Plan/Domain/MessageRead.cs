namespace Koordinering.Plan.Domain;

/// <summary>That a reader other than the author has read a message, and when: once per message and reader.</summary>
public sealed class MessageRead
{
    public Guid MessageId { get; init; }
    public required string ReaderKey { get; init; }
    public DateTimeOffset ReadAt { get; init; }
}

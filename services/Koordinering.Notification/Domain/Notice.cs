namespace Koordinering.Notification.Domain;

public enum NoticeStatus
{
    Pending = 1,
    Sent = 2,
    Delivered = 3,
    Failed = 4,
}

/// <summary>One letter or short notice to one recipient.</summary>
public sealed class Notice
{
    public Guid Id { get; init; }
    public required string MunicipalityNumber { get; init; }
    public NoticeStatus Status { get; set; }
    public required string Kind { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

namespace Koordinering.Notification.Archive;

/// <summary>The archive's configuration (<c>Archive</c>): the local folder archive's root, and how often and how patiently to send.</summary>
public sealed class ArchiveOptions
{
    public const string Section = "Archive";

    /// <summary>Where <see cref="FolderArchive"/> writes (locally <c>.local/archive</c>); no archive is configured without it.</summary>
    public string? LocalFolder { get; set; }
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Exponential back-off after the given number of failed attempts, capped.</summary>
    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(RetryMaxDelay.Ticks, (long)(RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(attempts - 1, 30)))));
}

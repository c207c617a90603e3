namespace Koordinering.Notification.Archive;

/// <summary>The archive port: delivers one archive message. Throws when the archive is away; a resend of the same document key is delivered once.</summary>
public interface IArchive
{
    Task SendAsync(ArchiveMessage message, CancellationToken cancellationToken);
}

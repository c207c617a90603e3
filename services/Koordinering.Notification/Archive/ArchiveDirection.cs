namespace Koordinering.Notification.Archive;

/// <summary>Which way a registry entry (journalpost) went: in to the municipality (I) or out from it (U).</summary>
public enum ArchiveDirection
{
    Incoming,
    Outgoing,
}

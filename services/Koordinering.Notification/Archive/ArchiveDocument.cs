namespace Koordinering.Notification.Archive;

/// <summary>A document file as the archive receives it: its bytes and the format they are in.</summary>
public sealed record ArchiveDocument(string FileName, string Format, string MimeType, byte[] Content);

using System.Net;

namespace Koordinering.Notification.Archive;

/// <summary>Fiks IO did not accept a send or a catalogue look-up; it carries the status only, never the answer's body.</summary>
public sealed class FiksIoException(string operation, HttpStatusCode status)
    : Exception($"Fiks IO {operation} answered {(int)status}.")
{
    public HttpStatusCode Status { get; } = status;
}

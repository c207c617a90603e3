namespace Koordinering.Notification.Channels;

/// <summary>
/// KS SvarUt (Fiks forsendelse) for the digital mailbox and paper letters (<c>Notification:SvarUt</c>): the base URL, the
/// forsendelse service's id and its secret (HTTP Basic). The secret comes from a mounted file (<see cref="SecretFile"/>,
/// read on every send so a rotated secret is picked up) or from <see cref="Secret"/> (an environment variable,
/// <c>Notification__SvarUt__Secret</c>); never from appsettings in the image.
/// </summary>
public sealed class SvarUtOptions
{
    public const string Section = "Notification:SvarUt";
    public string? BaseUrl { get; set; }
    public string? ServiceId { get; set; }
    public string? Secret { get; set; }
    public string? SecretFile { get; set; }

    /// <summary>The system named as sender in SvarUt (<c>avgivendeSystem</c>).</summary>
    public string SendingSystem { get; set; } = "Koordinering";

    /// <summary>Printed letters on both sides of the paper, and in colour.</summary>
    public bool Duplex { get; set; } = true;
    public bool Colour { get; set; }

    /// <summary>One attempt's timeout and the whole send's (retries included), for the resilience handler.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The resilience handler's retries and first retry delay (exponential, with jitter); the dispatcher retries later besides.</summary>
    public int Retries { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The receipt status follow-up (<see cref="SvarUtStatusFollowUp"/>): the first check after a shipment is sent, the
    /// longest wait between checks (the wait doubles from the first), and how often the job looks for due checks.
    /// </summary>
    public TimeSpan StatusFirstCheck { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan StatusMaxInterval { get; set; } = TimeSpan.FromHours(6);
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string ResolveSecret()
    {
        if (!string.IsNullOrWhiteSpace(SecretFile))
        {
            return File.ReadAllText(SecretFile).Trim();
        }
        return string.IsNullOrEmpty(Secret)
            ? throw new InvalidOperationException("Notification:SvarUt needs :SecretFile or :Secret when :BaseUrl is set.")
            : Secret;
    }
}

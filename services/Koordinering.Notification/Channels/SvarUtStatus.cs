namespace Koordinering.Notification.Channels;

/// <summary>
/// SvarUt's forsendelse statuses (ForsendelseRestServiceV1, <c>GET /tjenester/api/forsendelse/v1/{id}/status</c>, the
/// <c>forsendelseStatus.json</c> model of ks-no/svarut-rest-klient) and which of them end the follow-up. Pure.
/// </summary>
public static class SvarUtStatus
{
    public const string Received = "MOTTATT";

    /// <summary>The letter reached the person: read in SvarUt, delivered to the digital mailbox (SDP), or printed.</summary>
    public static readonly IReadOnlySet<string> Delivered = new HashSet<string>(StringComparer.Ordinal) { "LEST", "LEVERT_SDP", "PRINTET" };

    /// <summary>The letter did not reach the person: rejected, not delivered (digital only), or closed by hand after an error.</summary>
    public static readonly IReadOnlySet<string> NotDelivered = new HashSet<string>(StringComparer.Ordinal) { "AVVIST", "IKKE_LEVERT", "MANUELT_HANDTERT" };

    public static bool IsFinal(string status) => Delivered.Contains(status) || NotDelivered.Contains(status);

    /// <summary>The path of a shipment's status, the id escaped.</summary>
    public static string PathFor(string shipmentId) => $"tjenester/api/forsendelse/v1/{Uri.EscapeDataString(shipmentId)}/status";

    /// <summary>The wait before the next check: the first, doubled for each check made, at most <paramref name="max"/>.</summary>
    public static TimeSpan NextCheckIn(TimeSpan first, TimeSpan max, int checks) =>
        TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (long)Math.Pow(2, Math.Min(checks, 30))));
}

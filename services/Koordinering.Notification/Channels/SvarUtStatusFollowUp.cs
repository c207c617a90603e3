using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Channels;

/// <summary>
/// Follows up the receipt status of letters sent through SvarUt: a periodic job that claims due shipments
/// (FOR UPDATE SKIP LOCKED, so replicas never ask for the same one at once), asks SvarUt for each one's status and
/// records it, with a stored, doubling wait between checks until the status is final. A letter that did not reach the
/// person (AVVIST, IKKE_LEVERT, MANUELT_HANDTERT) makes its notice failed, on the caseworkers' list of failed notices,
/// and is counted in <c>koordinering.notification.shipments.final</c> by status (no personal data); one that did is delivered.
/// </summary>
public sealed partial class SvarUtStatusFollowUp(IServiceScopeFactory scopes, IHttpClientFactory http, TimeProvider time, IOptions<SvarUtOptions> options,
    ILogger<SvarUtStatusFollowUp> logger) : BackgroundService
{
    public static readonly Meter Meter = new("Koordinering.Notification.Shipments");
    private static readonly Counter<long> Final = Meter.CreateCounter<long>("koordinering.notification.shipments.final", description: "SvarUt shipments that reached a final status, by status");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
#pragma warning disable CA1031 // The follow-up must outlive any one failed pass.
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, ex.GetType().Name);
            }
#pragma warning restore CA1031
            try
            {
                await Task.Delay(options.Value.StatusPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the due shipments; how many were asked about.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var due = await db.Notices.FromSql($"""
            SELECT * FROM notices WHERE shipment_check_at IS NOT NULL AND shipment_check_at <= {now}
            ORDER BY shipment_check_at LIMIT 20 FOR UPDATE SKIP LOCKED
            """).Include(n => n.Deliveries).ToListAsync(cancellationToken);
        foreach (var notice in due)
        {
            await FollowUpAsync(notice, now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private async Task FollowUpAsync(Notice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        notice.ShipmentChecks++;
        string? status;
        try
        {
            status = await StatusAsync(notice.ShipmentId!, settings, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCheckFailed(logger, notice.Id, ex.GetType().Name);
            notice.ShipmentCheckAt = now + SvarUtStatus.NextCheckIn(settings.StatusFirstCheck, settings.StatusMaxInterval, notice.ShipmentChecks);
            return;
        }
        var channel = notice.CurrentChannel;
        if (status is null)
        {
            notice.ShipmentCheckAt = now + SvarUtStatus.NextCheckIn(settings.StatusFirstCheck, settings.StatusMaxInterval, notice.ShipmentChecks);
            return;
        }
        if (status != notice.ShipmentStatus)
        {
            notice.Record(channel, SvarUtStatus.IsFinal(status) ? (SvarUtStatus.Delivered.Contains(status) ? "shipment_delivered" : "shipment_failed") : "shipment_status",
                $"SvarUt: {status}", now);
        }
        notice.ShipmentStatus = status;
        if (SvarUtStatus.Delivered.Contains(status))
        {
            notice.ShipmentCheckAt = null;
            notice.Status = NoticeStatus.Delivered;
            Final.Add(1, new KeyValuePair<string, object?>("status", status));
        }
        else if (SvarUtStatus.NotDelivered.Contains(status))
        {
            notice.ShipmentCheckAt = null;
            notice.Status = NoticeStatus.Failed;
            notice.LastError = $"SvarUt: {status}";
            Final.Add(1, new KeyValuePair<string, object?>("status", status));
            LogNotDelivered(logger, notice.Id, notice.Kind, status);
        }
        else
        {
            notice.ShipmentCheckAt = now + SvarUtStatus.NextCheckIn(settings.StatusFirstCheck, settings.StatusMaxInterval, notice.ShipmentChecks);
        }
    }

    /// <summary>The shipment's status (<c>{"forsendelsesId": {"id": …}, "status": "LEST", "sisteStatusEndring": …}</c>); null when the answer has none.</summary>
    private async Task<string?> StatusAsync(string shipmentId, SvarUtOptions settings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(SvarUtStatus.PathFor(shipmentId), UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ServiceId}:{settings.ResolveSecret()}")));
        using var response = await http.CreateClient(SvarUtRegistration.HttpClientName).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
            ? status.GetString()
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking SvarUt for the status of notice {NoticeId}'s shipment failed ({Error}); it is asked again later")]
    private static partial void LogCheckFailed(ILogger logger, Guid noticeId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice {NoticeId} ({Kind}) did not reach its recipient through SvarUt ({Status}); caseworkers see it among failed notices")]
    private static partial void LogNotDelivered(ILogger logger, Guid noticeId, string kind, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A SvarUt status pass failed ({Error}); the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, string error);
}

using System.Globalization;
using Koordinering.Notification.Channels;
using Koordinering.Notification.Data;
using Koordinering.Notification.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Koordinering.Notification.Delivery;

/// <summary>
/// Sends pending notices: pending → sent (or delivered, where the local outbox is the only
/// channel), else failed. A failure is retried with backoff (a quick Polly retry, then a stored
/// next attempt); after the last attempt on a channel, the next channel is tried (digital
/// mailbox, then paper). No SMS goes out at night: it waits for the morning. Replicas never
/// send the same notice at once (FOR UPDATE SKIP LOCKED).
/// </summary>
public sealed partial class NoticeDispatcher(IServiceScopeFactory scopes, IEnumerable<IChannelSender> senders, LocalOutbox outbox, TimeProvider time,
    IOptions<NotificationOptions> options, ILogger<NoticeDispatcher> logger) : BackgroundService
{
    private readonly Dictionary<Channel, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);
    private readonly ResiliencePipeline _quickRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not PermanentDeliveryException and not OperationCanceledException),
            MaxRetryAttempts = 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        })
        .AddTimeout(TimeSpan.FromSeconds(30))
        .Build();

    private TimeZoneInfo Zone => Koordinering.Domain.NorwegianTime.Find(options.Value.TimeZone);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) > 0)
                {
                    continue;
                }
            }
#pragma warning disable CA1031 // The dispatcher must outlive any one failed pass.
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, ex.GetType().Name);
            }
#pragma warning restore CA1031
            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var due = await db.Notices.FromSql($"""
            SELECT * FROM notices WHERE status = 'Pending' AND next_attempt_at <= {now}
            ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED
            """).Include(n => n.Deliveries).ToListAsync(cancellationToken);
        foreach (var notice in due)
        {
            await SendAsync(notice, now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private async Task SendAsync(Notice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (notice.CurrentChannel is not { } channel)
        {
            notice.Status = NoticeStatus.Failed;
            notice.Record(null, "failed", "No channel is left to try.", now);
            return;
        }
        if (channel == Channel.Sms)
        {
            var settings = options.Value;
            var morning = ChannelRules.NotAtNight(now, Zone, TimeOnly.Parse(settings.QuietFrom, CultureInfo.InvariantCulture), TimeOnly.Parse(settings.QuietTo, CultureInfo.InvariantCulture));
            if (morning > now)
            {
                notice.NextAttemptAt = morning;
                notice.Record(channel, "deferred_night", $"No SMS at night; it goes at {morning:O}.", now);
                return;
            }
        }

        var message = new OutgoingMessage(notice.Id, channel, NoticeRules.AddressFor(notice, channel), notice.Subject, notice.Body, notice.MunicipalityNumber);
        try
        {
            if (outbox.Enabled)
            {
                await outbox.WriteAsync(message, now, cancellationToken);
            }
            if (_senders.TryGetValue(channel, out var sender))
            {
                var receipt = await _quickRetry.ExecuteAsync(async ct => await sender.SendAsync(message, ct), cancellationToken);
                notice.Status = NoticeStatus.Sent;
                notice.Record(channel, "sent", receipt is null ? null : $"Receipt {receipt}", now);
                if (receipt is not null && sender is SvarUtShipmentSender shipments)
                {
                    // SvarUt's receipt is its forsendelse id: its status is followed up until final (SvarUtStatusFollowUp).
                    notice.ShipmentId = receipt;
                    notice.ShipmentStatus = SvarUtStatus.Received;
                    notice.ShipmentChecks = 0;
                    notice.ShipmentCheckAt = now + shipments.FirstStatusCheck;
                }
            }
            else if (outbox.Enabled)
            {
                notice.Status = NoticeStatus.Delivered;
                notice.Record(channel, "delivered", "Local outbox only: no sender is configured for this channel.", now);
            }
            else
            {
                throw new PermanentDeliveryException($"No sender is configured for {channel}.");
            }
            notice.SentAt = now;
            notice.LastError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ex is PermanentDeliveryException ? ex.Message : ex.GetType().Name;
            var settings = options.Value;
            if (notice.AttemptFailed(channel, error, ex is PermanentDeliveryException, settings.MaxAttemptsPerChannel,
                attempts => NoticeRules.RetryDelay(settings.RetryBaseDelay, attempts, Random.Shared.NextDouble()), now))
            {
                LogFailed(logger, notice.Id, notice.Kind);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice {NoticeId} ({Kind}) failed on every channel; caseworkers see it among failed notices")]
    private static partial void LogFailed(ILogger logger, Guid noticeId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notice dispatch pass failed ({Error}); the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, string error);
}

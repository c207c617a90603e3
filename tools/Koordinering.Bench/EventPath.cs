using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Koordinering.LoadKit;
using AppV1 = Koordinering.Application.V1;

namespace Koordinering.Bench;

/// <summary>The event path's figures: latencies from each acknowledgement to its assessment and its receipt, and the rates.</summary>
internal sealed record EventPathResult(int Rate, int Seconds, int Sent, int Acknowledged, int Assessed, int Receipted, double DrainSeconds,
    double AcknowledgedPerSecond, double ReceiptsPerSecond, double AssessmentP50Ms, double AssessmentP99Ms, double ReceiptP50Ms, double ReceiptP99Ms,
    Dictionary<string, int> Failures);

/// <summary>
/// Open-loop submissions at a fixed rate (each sent at its due instant, whether or not the earlier ones were answered), the
/// instant each was acknowledged kept; then the assessment (when Eligibility's consumer took the submitted event) and the receipt
/// (Notification's first 'receipt' notice for the case) of each, read from their databases until all are there or the drain limit.
/// </summary>
internal static class EventPath
{
    public static async Task<EventPathResult> RunAsync(BenchOptions options, Postgres pg, AppV1.ApplicationService.ApplicationServiceClient client, PersonNumbers people, LocalTokens tokens)
    {
        var headers = Enumerable.Range(0, 32).Select(i => new Metadata { { "authorization", $"Bearer {tokens.Caseworker("0301", $"bench-event-caseworker-{i}")}" } }).ToArray();
        var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var total = options.Rate * options.EventSeconds;
        var clock = Stopwatch.StartNew();
        var calls = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / options.Rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var caller = headers[i % headers.Length];
            calls.Add(SubmitAsync(caller));
        }
        await Task.WhenAll(calls);

        async Task SubmitAsync(Metadata caller)
        {
            try
            {
                var reply = await client.SubmitApplicationAsync(Submissions.For(people.Next(), "0301"), caller, deadline: DateTime.UtcNow.AddSeconds(10));
                acknowledged[reply.Application.ApplicationId] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            }
            catch (RpcException ex)
            {
                failures.AddOrUpdate(ex.StatusCode.ToString(), 1, (_, n) => n + 1);
            }
        }

        var ids = string.Join(',', acknowledged.Keys.Select(id => $"'{id}'"));
        if (ids.Length == 0)
        {
            ids = "NULL";
        }
        // The assessment's own created_at is the submit's instant (the event's); when Eligibility assessed is when its
        // consumer recorded the event in its inbox, in the same transaction as the assessment. The event's id is the
        // Application service's outbox message for the application.
        var events = (await pg.QueryAsync("koordinering_application",
                $"SELECT id, aggregate_id FROM outbox_messages WHERE event_type = 'koordinering.application.submitted.v1' AND aggregate_id IN ({ids});"))
            .ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);
        var eventIds = events.Count == 0 ? "NULL" : string.Join(',', events.Keys.Select(id => $"'{id}'"));
        var assessmentsSql = $"SELECT event_id, (extract(epoch FROM min(processed_at)) * 1000)::bigint FROM inbox_messages WHERE handler = 'ApplicationSubmittedConsumer' AND event_id IN ({eventIds}) GROUP BY event_id;";
        var receiptsSql = $"SELECT case_id, (extract(epoch FROM min(created_at)) * 1000)::bigint FROM notices WHERE kind = 'receipt' AND case_id IN ({ids}) GROUP BY case_id;";
        var drain = Stopwatch.StartNew();
        List<string[]> assessments, receipts;
        while (true)
        {
            assessments = (await pg.QueryAsync("koordinering_eligibility", assessmentsSql)).Select(r => new[] { events[r[0]], r[1] }).ToList();
            receipts = await pg.QueryAsync("koordinering_notification", receiptsSql);
            if ((assessments.Count >= acknowledged.Count && receipts.Count >= acknowledged.Count) || drain.Elapsed > options.Drain)
            {
                break;
            }
            await Task.Delay(1000);
        }

        List<double> Latencies(List<string[]> rows) => rows
            .Where(r => acknowledged.ContainsKey(r[0]))
            .Select(r => (double)(long.Parse(r[1], CultureInfo.InvariantCulture) - acknowledged[r[0]])).Order().ToList();
        var toAssessment = Latencies(assessments);
        var toReceipt = Latencies(receipts);
        var acks = acknowledged.Values.Order().ToList();
        var receiptTimes = receipts.Select(r => long.Parse(r[1], CultureInfo.InvariantCulture)).Order().ToList();
        return new EventPathResult(options.Rate, options.EventSeconds, total, acknowledged.Count, assessments.Count, receipts.Count, Math.Round(drain.Elapsed.TotalSeconds, 1),
            Rate(acks), Rate(receiptTimes),
            Math.Round(Percentiles.Of(toAssessment, 0.5), 1), Math.Round(Percentiles.Of(toAssessment, 0.99), 1),
            Math.Round(Percentiles.Of(toReceipt, 0.5), 1), Math.Round(Percentiles.Of(toReceipt, 0.99), 1),
            failures.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));
    }

    /// <summary>Events per second from the first to the last instant: a path that falls behind stretches its span.</summary>
    private static double Rate(List<long> instants) =>
        instants.Count < 2 || instants[^1] == instants[0] ? 0 : Math.Round((instants.Count - 1) * 1000.0 / (instants[^1] - instants[0]), 1);
}

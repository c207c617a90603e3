using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Koordinering.Load;
using Koordinering.LoadKit;
using V1 = Koordinering.Application.V1;

// Submits applications at a steady rate, each for a new person, as a caseworker would, and keeps
// every acknowledged application id with the instant it was acknowledged. A failed call is retried
// with the same client request id (so a retry after a lost answer gets the first application, never
// a second), until it is acknowledged or the grace period after the run is over.
//   Koordinering.Load --address URL --token TOKEN --rate N --seconds N --out FILE [--municipality 0301] [--seed N] [--grace N]
var options = LoadOptions.Parse(args);
using var channel = GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) },
});
var client = new V1.ApplicationService.ApplicationServiceClient(channel);
var headers = new Metadata { { "authorization", $"Bearer {options.Token}" } };
var people = new PersonNumbers(options.Seed);
var statuses = new ConcurrentDictionary<string, int>();
var latencies = new ConcurrentBag<double>();
var acknowledged = new ConcurrentQueue<string>();
var total = options.Rate * options.Seconds;
var clock = Stopwatch.StartNew();
var giveUpAt = TimeSpan.FromSeconds(options.Seconds + options.Grace);
var calls = new List<Task>(total);

for (var i = 0; i < total; i++)
{
    var due = TimeSpan.FromSeconds((double)i / options.Rate);
    if (due > clock.Elapsed)
    {
        await Task.Delay(due - clock.Elapsed);
    }
    calls.Add(SubmitAsync(people.Next()));
}
await Task.WhenAll(calls);
await File.WriteAllLinesAsync(options.Out, acknowledged);

var sorted = latencies.Order().ToArray();
Console.WriteLine(JsonSerializer.Serialize(new
{
    sent = total,
    acknowledged = acknowledged.Count,
    statuses = statuses.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value),
    p50_ms = Math.Round(Percentiles.Of(sorted, 0.50), 1),
    p99_ms = Math.Round(Percentiles.Of(sorted, 0.99), 1),
}));
return acknowledged.Count == total ? 0 : 1;

async Task SubmitAsync(string person)
{
    var request = Submissions.For(person, options.Municipality);
    for (var attempt = 1; ; attempt++)
    {
        var started = clock.Elapsed;
        try
        {
            var reply = await client.SubmitApplicationAsync(request, headers, deadline: DateTime.UtcNow.AddSeconds(10));
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            statuses.AddOrUpdate("OK", 1, (_, n) => n + 1);
            acknowledged.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {reply.Application.ApplicationId}"));
            return;
        }
        catch (RpcException ex)
        {
            statuses.AddOrUpdate(ex.StatusCode.ToString(), 1, (_, n) => n + 1);
            var retryable = ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Unknown or StatusCode.Internal or StatusCode.ResourceExhausted;
            if (!retryable || clock.Elapsed > giveUpAt)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)));
        }
    }
}

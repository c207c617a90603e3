using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Koordinering.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// KS SvarUt's forsendelse service on loopback (<c>POST /tjenester/api/forsendelse/v1/sendForsendelse</c>, multipart with the
/// <c>forsendelse</c> JSON and the PDF, HTTP Basic): one shipment per <c>eksternReferanse</c>, delivered to the digital
/// mailbox when the recipient has one (as SvarUt finds in KRR) and else printed on paper; and each shipment's status
/// (<c>GET /tjenester/api/forsendelse/v1/{id}/status</c>, the forsendelseStatus shape).
/// </summary>
public sealed class FakeSvarUt : IAsyncDisposable
{
    public const string SendPath = "/tjenester/api/forsendelse/v1/sendForsendelse";
    private const string StatusPrefix = "/tjenester/api/forsendelse/v1/";
    private readonly FakeHttpServer _server = new();
    private readonly HashSet<string> _digital = new(StringComparer.Ordinal);

    /// <summary>A shipment as SvarUt keeps it: its id, the recipient, how it went out and whether its document was a PDF.</summary>
    public sealed record Shipment(string Id, string Recipient, string Title, bool Printed, bool Pdf);

    public FakeSvarUt(string serviceId, string secret)
    {
        ServiceId = serviceId;
        Secret = secret;
        _server.Respond = Answer;
    }

    public string ServiceId { get; }
    public string Secret { get; }
    public string BaseAddress => _server.BaseAddress;
    public FakeHttpServer Server => _server;

    /// <summary>Shipments by <c>eksternReferanse</c> (the notice's id).</summary>
    public ConcurrentDictionary<string, Shipment> Shipments { get; } = new();

    /// <summary>How many requests came for each <c>eksternReferanse</c> (retries included).</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new();

    /// <summary>Each shipment's status by its id, as <c>GET …/{id}/status</c> answers: SENDT_DIGITALT or SENDT_PRINT until a test says otherwise.</summary>
    public ConcurrentDictionary<string, string> Statuses { get; } = new();

    /// <summary>How many status requests came for each shipment id.</summary>
    public ConcurrentDictionary<string, int> StatusRequests { get; } = new();

    /// <summary>Recipients with a digital mailbox; anyone else gets the letter on paper.</summary>
    public FakeSvarUt Digital(string identityNumber)
    {
        lock (_digital) _digital.Add(identityNumber);
        return this;
    }

    private FakeHttpServer.Reply Answer(FakeHttpServer.Request request)
    {
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ServiceId}:{Secret}"));
        if (request.Authorization == basic && request.Path.StartsWith(StatusPrefix, StringComparison.Ordinal) && request.Path.EndsWith("/status", StringComparison.Ordinal))
        {
            var id = request.Path[StatusPrefix.Length..^"/status".Length];
            StatusRequests.AddOrUpdate(id, 1, (_, n) => n + 1);
            return Statuses.TryGetValue(id, out var status)
                ? new(HttpStatusCode.OK, JsonSerializer.Serialize(new { forsendelsesId = new { id }, sisteStatusEndring = 1764064800000L, status }))
                : new(HttpStatusCode.NotFound, """{"errorMessage":"Fant ikke forsendelse"}""");
        }
        if (request.Path != SendPath || request.Authorization != basic)
        {
            return new(HttpStatusCode.Unauthorized, """{"errorMessage":"Ugyldig brukernavn eller passord"}""");
        }
        var (forsendelse, file) = Read(request);
        var recipient = forsendelse.GetProperty("mottaker").GetProperty("digitalAdresse").GetProperty("fodselsNummer").GetString() ?? "";
        if (recipient.Length != 11)
        {
            return new(HttpStatusCode.BadRequest, """{"errorMessage":"Ugyldig mottaker"}""");
        }
        var reference = forsendelse.GetProperty("eksternReferanse").GetString()!;
        Requests.AddOrUpdate(reference, 1, (_, n) => n + 1);
        bool printed;
        lock (_digital) printed = !_digital.Contains(recipient);
        var shipment = Shipments.GetOrAdd(reference, _ => new Shipment(Guid.NewGuid().ToString(), recipient, forsendelse.GetProperty("tittel").GetString() ?? "", printed,
            file is { Length: > 4 } && Encoding.ASCII.GetString(file, 0, 4) == "%PDF"));
        Statuses.TryAdd(shipment.Id, printed ? "SENDT_PRINT" : "SENDT_DIGITALT");
        return new(HttpStatusCode.OK, $$"""{"id":"{{shipment.Id}}"}""");
    }

    private static (JsonElement Forsendelse, byte[]? File) Read(FakeHttpServer.Request request)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.Raw!));
        JsonElement? forsendelse = null;
        byte[]? file = null;
        while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } section)
        {
            using var body = new MemoryStream();
            section.Body.CopyTo(body);
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            if (disposition.Name.Value?.Trim('"') == "forsendelse")
            {
                forsendelse = JsonDocument.Parse(body.ToArray()).RootElement.Clone();
            }
            else if (disposition.FileName.HasValue)
            {
                file = body.ToArray();
            }
        }
        return (forsendelse!.Value, file);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

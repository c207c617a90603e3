using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// KRR's Oppslagstjenesten REST (<c>POST /rest/v1/personer</c>) on loopback: answers for the persons it is given, only with a
/// Maskinporten bearer token, or the failures and delays a test sets.
/// </summary>
public sealed class FakeKrr : IAsyncDisposable
{
    public const string LookupPath = "/rest/v1/personer";
    private readonly FakeHttpServer _server = new();
    private readonly ConcurrentDictionary<string, object> _persons = new(StringComparer.Ordinal);

    public FakeKrr() => _server.Respond = Answer;

    public string BaseAddress => _server.BaseAddress;

    public FakeHttpServer Server => _server;

    /// <summary>Answers with <see cref="FailWith"/> the next so many lookups.</summary>
    public int Failures { get; set; }

    public HttpStatusCode FailWith { get; set; } = HttpStatusCode.ServiceUnavailable;

    /// <summary>How long each answer waits (a slow or stalled register).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>A person who is not reserved and can be notified, with a digital mailbox when <paramref name="mailbox"/> is given.</summary>
    public FakeKrr Digital(string id, string? mobile, string? email = null, string? mailbox = "digipost#1", string language = "nb")
    {
        _persons[id] = new
        {
            personidentifikator = id, reservasjon = "NEI", status = "AKTIV", varslingsstatus = "KAN_VARSLES", spraak = language,
            kontaktinformasjon = new { epostadresse = email, mobiltelefonnummer = mobile },
            digital_post = mailbox is null ? null : new { postkasseadresse = mailbox, postkasseleverandoeradresse = "984661185" },
        };
        return this;
    }

    /// <summary>A person reserved against digital contact: letters go on paper.</summary>
    public FakeKrr Reserved(string id)
    {
        _persons[id] = new { personidentifikator = id, reservasjon = "JA", status = "AKTIV", varslingsstatus = "KAN_IKKE_VARSLES" };
        return this;
    }

    private FakeHttpServer.Reply Answer(FakeHttpServer.Request request)
    {
        if (Failures > 0)
        {
            Failures--;
            return new(FailWith, """{"code":"KRR-503","message":"Tjenesten er midlertidig utilgjengelig"}""", Delay: Delay);
        }
        if (request.Path != LookupPath || request.Authorization is null || !request.Authorization.StartsWith("Bearer token-", StringComparison.Ordinal))
        {
            return new(HttpStatusCode.Unauthorized);
        }
        var asked = JsonDocument.Parse(request.Body).RootElement.GetProperty("personidentifikatorer").EnumerateArray().Select(e => e.GetString()!);
        var persons = asked.Select(id => _persons.TryGetValue(id, out var person) ? person : new { personidentifikator = id, status = "IKKE_REGISTRERT" });
        return new(HttpStatusCode.OK, JsonSerializer.Serialize(new { personer = persons }), Delay: Delay);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

using System.Net;
using System.Text.Json;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests.Registers;

/// <summary>
/// Folkeregisteret's bulk lookup (offentlig-med-hjemmel) on loopback: answers from the parental responsibilities and
/// family relations it is given, only with a Maskinporten bearer token, or the failures a test sets.
/// </summary>
public sealed class FakeFolkeregisteret : IAsyncDisposable
{
    public const string LookupPath = "/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/bulkoppslag";
    private readonly FakeHttpServer _server = new();
    private readonly List<(string Responsible, string Child, bool Current)> _responsibilities = [];
    private readonly List<(string Parent, string Child)> _relations = [];

    public FakeFolkeregisteret() => _server.Respond = Answer;

    public string BaseAddress => _server.BaseAddress;

    public FakeHttpServer Server => _server;

    /// <summary>Answers with this status the next so many lookups.</summary>
    public int Failures { get; set; }

    public HttpStatusCode FailWith { get; set; } = HttpStatusCode.ServiceUnavailable;

    /// <summary>How long each answer waits (a slow or stalled register).</summary>
    public TimeSpan Delay { get; set; }

    public FakeFolkeregisteret ParentalResponsibility(string responsible, string child, bool current = true)
    {
        _responsibilities.Add((responsible, child, current));
        _relations.Add((responsible, child));
        return this;
    }

    /// <summary>A parent in the register without parental responsibility.</summary>
    public FakeFolkeregisteret ParentOnly(string parent, string child)
    {
        _relations.Add((parent, child));
        return this;
    }

    private FakeHttpServer.Reply Answer(FakeHttpServer.Request request)
    {
        if (Failures > 0)
        {
            Failures--;
            return new(FailWith, Delay: Delay);
        }
        if (request.Path != LookupPath || request.Authorization is null || !request.Authorization.StartsWith("Bearer token-", StringComparison.Ordinal))
        {
            return new(HttpStatusCode.Unauthorized, """{"kode":"FREG-001","melding":"Mangler gyldig token"}""");
        }
        var asked = JsonDocument.Parse(request.Body).RootElement.GetProperty("foedselsEllerDNummer").EnumerateArray().Select(e => e.GetString()!);
        var lookups = asked.Select(id => new
        {
            foedselsEllerDNummer = id,
            person = new
            {
                foreldreansvar = _responsibilities.Where(r => r.Child == id)
                    .Select(r => new { ansvar = "felles", ansvarlig = r.Responsible, ansvarssubjekt = id, erGjeldende = r.Current }),
                familierelasjon = _relations.Where(r => r.Parent == id)
                    .Select(r => new { relatertPerson = r.Child, relatertPersonsRolle = "barn", minRolleForPerson = "far", erGjeldende = true })
                    .Concat(_relations.Where(r => r.Child == id)
                        .Select(r => new { relatertPerson = r.Parent, relatertPersonsRolle = "far", minRolleForPerson = "barn", erGjeldende = true })),
            },
        });
        return new(HttpStatusCode.OK, JsonSerializer.Serialize(new { oppslag = lookups }), Delay: Delay);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

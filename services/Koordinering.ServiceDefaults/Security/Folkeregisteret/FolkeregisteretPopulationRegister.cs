using System.Net.Http.Json;
using Koordinering.ServiceDefaults.Caching;

namespace Koordinering.ServiceDefaults.Security.Folkeregisteret;

/// <summary>
/// Guardians from Skatteetaten's Folkeregisteret (offentlig-med-hjemmel): the bulk lookup
/// <c>POST {base}/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/bulkoppslag?part=foreldreansvar&amp;part=familierelasjon</c>
/// with <c>{"foedselsEllerDNummer": [...]}</c>, so identity numbers travel in the body, never in a URL that
/// telemetry records. A Maskinporten token and the standard resilience handler are on the client; answers are
/// kept a short while. A register that does not answer denies (<see cref="PopulationRegisterUnavailableException"/>).
/// </summary>
public sealed class FolkeregisteretPopulationRegister(HttpClient http, TimedCache<FregPerson?> cache) : IPopulationRegister
{
    private const string Lookup = "folkeregisteret/offentlig-med-hjemmel/api/v1/personer/bulkoppslag?part=foreldreansvar&part=familierelasjon";

    public async Task<IReadOnlyList<string>> GuardiansOfAsync(string childIdentityNumber, CancellationToken cancellationToken) =>
        FolkeregisteretMapping.Guardians(childIdentityNumber, await PersonAsync(childIdentityNumber, cancellationToken));

    public async Task<bool> IsGuardianAsync(string guardianIdentityNumber, string childIdentityNumber, CancellationToken cancellationToken) =>
        (await GuardiansOfAsync(childIdentityNumber, cancellationToken)).Contains(guardianIdentityNumber, StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> ChildrenOfAsync(string guardianIdentityNumber, CancellationToken cancellationToken)
    {
        var children = new List<string>();
        foreach (var child in FolkeregisteretMapping.Children(await PersonAsync(guardianIdentityNumber, cancellationToken)))
        {
            if (await IsGuardianAsync(guardianIdentityNumber, child, cancellationToken))
            {
                children.Add(child);
            }
        }
        return children;
    }

    private async Task<FregPerson?> PersonAsync(string identityNumber, CancellationToken cancellationToken)
    {
        if (cache.TryGet(identityNumber, out var kept))
        {
            return kept;
        }
        FregBulkReply? reply;
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(Lookup, UriKind.Relative), new { foedselsEllerDNummer = new[] { identityNumber } }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new PopulationRegisterUnavailableException($"it answered {(int)response.StatusCode}");
            }
            reply = await response.Content.ReadFromJsonAsync<FregBulkReply>(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw new PopulationRegisterUnavailableException(ex.GetType().Name, ex);
        }
        var person = reply?.Lookups?.FirstOrDefault(l => l.IdentityNumber == identityNumber)?.Person;
        cache.Keep(identityNumber, person);
        return person;
    }
}

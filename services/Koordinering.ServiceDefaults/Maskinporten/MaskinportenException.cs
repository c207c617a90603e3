using System.Net;

namespace Koordinering.ServiceDefaults.Maskinporten;

/// <summary>Maskinporten refused or failed a token request; carries its status and OAuth error code, never the grant.</summary>
public sealed class MaskinportenException(HttpStatusCode status, string? error)
    : HttpRequestException($"Maskinporten answered {(int)status} ({error ?? "no error code"}) to a token request.", null, status);

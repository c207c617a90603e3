using System.Net.Http.Headers;

namespace Koordinering.ServiceDefaults.Maskinporten;

/// <summary>Puts a Maskinporten access token for one scope on every outgoing request of a named client.</summary>
public sealed class MaskinportenHandler(MaskinportenTokens tokens, string scope) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(scope, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}

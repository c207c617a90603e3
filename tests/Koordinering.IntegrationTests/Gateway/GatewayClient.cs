using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Koordinering.IntegrationTests.Gateway;

/// <summary>
/// The citizens' gateway as it calls a service: a plain HttpClient (no gRPC client), JSON in and
/// out, over HTTP/1.1 or HTTP/2 (exactly the version asked for), with or without a bearer token.
/// Over https it trusts the test gateway certificate alone.
/// </summary>
public sealed class GatewayClient(string baseAddress, Version version) : IDisposable
{
    private readonly HttpClient _http = new(Infrastructure.TestCertificate.Shared.Handler()) { BaseAddress = new Uri(baseAddress) };

    public Version Version { get; } = version;

    public Task<Reply> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token, null);

    public Task<Reply> PostAsync(string path, string? token, object body) => SendAsync(HttpMethod.Post, path, token, JsonSerializer.Serialize(body));

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? token, string? json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Version = Version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Reply(response.StatusCode, response.Version, response.Content.Headers.ContentType?.MediaType, text);
    }

    public void Dispose() => _http.Dispose();

    public sealed record Reply(HttpStatusCode Status, Version Version, string? MediaType, string Text)
    {
        public JsonNode Json => JsonNode.Parse(Text) ?? throw new InvalidOperationException("An empty JSON body.");

        /// <summary>The fields a google.rpc.BadRequest in the error's details names.</summary>
        public IReadOnlyList<string> FieldViolations => [.. (Json["details"]?.AsArray() ?? [])
            .Where(d => (string?)d?["@type"] == "type.googleapis.com/google.rpc.BadRequest")
            .SelectMany(d => d!["fieldViolations"]!.AsArray()).Select(v => (string)v!["field"]!)];

        public override string ToString() => $"{(int)Status} HTTP/{Version} {Text}";
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Koordinering.IntegrationTests.Infrastructure;

namespace Koordinering.IntegrationTests.Gateway;

/// <summary>
/// Each service serves the OpenAPI document of its JSON routes on the gateway port, and the copy
/// in docs/openapi/v1/ is what it serves: a proto change that moves a route fails here until the
/// copy is regenerated (KOORDINERING_UPDATE_OPENAPI=1 tools/test --filter FullyQualifiedName~GatewayDocument).
/// </summary>
[Collection(GatewayGroup.Name)]
public sealed class GatewayDocumentTests(GatewayHosts hosts)
{
    public static TheoryData<string, string[]> Routes => new()
    {
        { "application", ["/v1/applications", "/v1/applications/{applicationId}", "/v1/me/applications", "/v1/applications/{applicationId}/history",
            "/v1/applications/{applicationId}:withdraw", "/v1/applications/{applicationId}/appeals", "/v1/accessRecords"] },
        { "eligibility", ["/v1/accessRecords"] },
        { "plan", ["/v1/coordinations/{coordinationId}", "/v1/plans/{planId}", "/v1/plans/{planId}/calendar", "/v1/me/calendar",
            "/v1/coordinations/{coordinationId}/messages", "/v1/messages/{messageId}:edit", "/v1/me/conversations", "/v1/accessRecords"] },
        { "consent", ["/v1/consents", "/v1/consents/{consentId}", "/v1/consents/{consentId}:withdraw", "/v1/consents/{consentId}/parties/{partyId}:withdraw",
            "/v1/consents/{consentId}/history", "/v1/accessRecords"] },
        { "notification", ["/v1/notices", "/v1/notices/{noticeId}", "/v1/accessRecords"] },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_service_serves_the_document_of_exactly_its_json_routes_and_the_committed_copy_is_current(string service, string[] routes)
    {
        using var gateway = new GatewayClient(hosts.Gateways[service], HttpVersion.Version11);
        var served = await gateway.GetAsync("/openapi/v1.json", null);
        Assert.True(served.Status == HttpStatusCode.OK, served.ToString());
        var document = served.Json;
        Assert.Equal("v1", (string?)document["info"]!["version"]);
        Assert.Equal(routes.Order(StringComparer.Ordinal), document["paths"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(document["components"]!["securitySchemes"]!["bearer"]);

        var text = document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        var copy = Path.Combine(TestPostgres.RepoRoot, "docs", "openapi", "v1", $"{service}.json");
        if (Environment.GetEnvironmentVariable("KOORDINERING_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            await File.WriteAllTextAsync(copy, text, TestContext.Current.CancellationToken);
        }
        Assert.True(File.Exists(copy), $"{copy} is missing: run KOORDINERING_UPDATE_OPENAPI=1 tools/test --filter FullyQualifiedName~GatewayDocument");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(copy, TestContext.Current.CancellationToken)), document),
            $"{copy} is out of date with what the {service} service serves: run KOORDINERING_UPDATE_OPENAPI=1 tools/test --filter FullyQualifiedName~GatewayDocument and commit it");
    }
}

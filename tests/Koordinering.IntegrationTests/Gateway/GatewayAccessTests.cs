using System.Net;
using Koordinering.IntegrationTests.Infrastructure;
using Koordinering.UnitTests;

namespace Koordinering.IntegrationTests.Gateway;

/// <summary>
/// The JSON routes keep gRPC's rules: authentication (401), the caller policy and the assurance
/// level (403 saying why), ownership (404), input limits and validation (400 with the field
/// violations in a google.rpc.BadRequest), each over HTTP/1.1 and HTTP/2 with a plain HttpClient.
/// </summary>
[Collection(GatewayGroup.Name)]
public sealed class GatewayAccessTests(GatewayHosts hosts)
{
    public static TheoryData<string> Versions => ["1.1", "2.0"];

    private GatewayClient Client(string service, string version) => new(hosts.Gateways[service], Version.Parse(version));

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_citizen_submits_an_application_and_follows_it_and_another_citizen_cannot_see_it(string version)
    {
        using var gateway = Client("application", version);
        var person = IdentityNumbers.For(new DateOnly(1971, 2, version == "2.0" ? 4 : 3));
        var token = hosts.Citizen(person);

        var submitted = await gateway.PostAsync("/v1/applications", token, GatewayHosts.Application(person, $"gw-{version}"));
        Assert.True(submitted.Status == HttpStatusCode.OK, submitted.ToString());
        Assert.Equal(Version.Parse(version), submitted.Version);
        Assert.Equal("application/json", submitted.MediaType);
        var id = (string)submitted.Json["application"]!["applicationId"]!;
        Assert.Equal("APPLICATION_STATUS_RECEIVED", (string?)submitted.Json["application"]!["status"]);

        var read = await gateway.GetAsync($"/v1/applications/{id}", token);
        Assert.True(read.Status == HttpStatusCode.OK, read.ToString());
        Assert.Equal(person, (string?)read.Json["application"]!["personIdentityNumber"]);
        Assert.Equal(["REQUESTED_RIGHT_COORDINATOR", "REQUESTED_RIGHT_INDIVIDUAL_PLAN"], read.Json["application"]!["requestedRights"]!.AsArray().Select(r => (string)r!));

        var mine = await gateway.GetAsync("/v1/me/applications", token);
        Assert.Contains(id, mine.Json["applications"]!.AsArray().Select(a => (string)a!["applicationId"]!));
        var history = await gateway.GetAsync($"/v1/applications/{id}/history", token);
        Assert.Contains("submitted", history.Json["entries"]!.AsArray().Select(e => (string)e!["action"]!));

        // The same retry gets the first application, not a second one.
        var retried = await gateway.PostAsync("/v1/applications", token, GatewayHosts.Application(person, $"gw-{version}"));
        Assert.Equal(id, (string?)retried.Json["application"]!["applicationId"]);

        // Another citizen: the case does not exist for them, and their own list does not hold it.
        var stranger = hosts.Citizen(IdentityNumbers.For(new DateOnly(1966, 6, version == "2.0" ? 7 : 6)));
        var foreign = await gateway.GetAsync($"/v1/applications/{id}", stranger);
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.Equal(5, (int)foreign.Json["code"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync($"/v1/applications/{id}/history", stranger)).Status);
        Assert.DoesNotContain(id, (await gateway.GetAsync("/v1/me/applications", stranger)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guardian_applies_for_their_child_and_follows_the_case_and_another_adult_cannot()
    {
        using var gateway = Client("application", "2.0");
        var body = GatewayHosts.Application(GatewayHosts.Child, "gw-child");
        body["applicant"] = new Dictionary<string, object> { ["relation"] = "APPLICANT_RELATION_PARENT_OR_GUARDIAN" };
        body["requestedRights"] = new[] { "REQUESTED_RIGHT_CHILD_COORDINATOR" };
        var guardian = hosts.Citizen(GatewayHosts.Guardian);

        var stranger = hosts.Citizen(IdentityNumbers.For(new DateOnly(1980, 1, 20)));
        var refused = await gateway.PostAsync("/v1/applications", stranger, body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(7, (int)refused.Json["code"]!);

        var submitted = await gateway.PostAsync("/v1/applications", guardian, body);
        Assert.True(submitted.Status == HttpStatusCode.OK, submitted.ToString());
        var id = (string)submitted.Json["application"]!["applicationId"]!;
        Assert.Equal(GatewayHosts.Child, (string?)(await gateway.GetAsync($"/v1/applications/{id}", guardian)).Json["application"]!["personIdentityNumber"]);
        Assert.Contains(id, (await gateway.GetAsync("/v1/me/applications", guardian)).Json["applications"]!.AsArray().Select(a => (string)a!["applicationId"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync($"/v1/applications/{id}", stranger)).Status);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Without_a_token_a_route_answers_401_and_below_the_assurance_level_403_saying_why(string version)
    {
        using var gateway = Client("application", version);
        var person = IdentityNumbers.For(new DateOnly(1975, 3, 3));

        var anonymous = await gateway.GetAsync("/v1/me/applications", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.PostAsync("/v1/applications", null, GatewayHosts.Application(person, "gw-anon"))).Status);
        var forged = await gateway.GetAsync("/v1/me/applications", hosts.Tokens.Citizen(person)[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);

        var substantial = await gateway.GetAsync("/v1/me/applications", hosts.Tokens.Citizen(person, acr: "idporten-loa-substantial"));
        Assert.Equal(HttpStatusCode.Forbidden, substantial.Status);
        Assert.Equal(7, (int)substantial.Json["code"]!);
        Assert.Contains("idporten-loa-high", (string?)substantial.Json["message"], StringComparison.Ordinal);

        // A caseworker may not call a citizen's own list (RpcPolicies), on JSON as on gRPC.
        var caseworker = await gateway.GetAsync("/v1/me/applications", hosts.Tokens.Caseworker(GatewayHosts.Municipality));
        Assert.Equal(HttpStatusCode.Forbidden, caseworker.Status);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task An_invalid_request_answers_400_with_every_field_violation_and_nothing_internal(string version)
    {
        using var gateway = Client("application", version);
        var person = IdentityNumbers.For(new DateOnly(1977, 7, 7));
        var token = hosts.Citizen(person);

        var body = GatewayHosts.Application(person, "gw-invalid");
        body["municipalityNumber"] = "12";
        body["requestedRights"] = Array.Empty<string>();
        var invalid = await gateway.PostAsync("/v1/applications", token, body);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(3, (int)invalid.Json["code"]!);
        Assert.Contains("municipality_number", invalid.FieldViolations);
        Assert.Contains("requested_rights", invalid.FieldViolations);

        // The input limits hold on the JSON face too (the interceptor walks the transcoded message).
        body = GatewayHosts.Application(person, "gw-long");
        body["conditionDescription"] = new string('x', 20_001);
        var tooLong = await gateway.PostAsync("/v1/applications", token, body);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("condition_description", tooLong.FieldViolations);

        var notUuid = await gateway.GetAsync("/v1/applications/not-a-uuid", token);
        Assert.Equal(HttpStatusCode.BadRequest, notUuid.Status);
        Assert.Equal(["application_id"], notUuid.FieldViolations);

        // Broken JSON is InvalidArgument too, and the answer carries no stack trace or type name.
        var broken = await gateway.SendAsync(HttpMethod.Post, "/v1/applications", token, "{\"municipalityNumber\": ");
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.Equal(3, (int)broken.Json["code"]!);
        Assert.DoesNotContain(" at ", broken.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", broken.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(person, invalid.Text + tooLong.Text + broken.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_port_answers_only_the_json_routes_and_the_other_ports_never_answer_them()
    {
        var token = hosts.Citizen(IdentityNumbers.For(new DateOnly(1979, 9, 9)));
        var caseworker = hosts.Tokens.Caseworker(GatewayHosts.Municipality);
        using var gateway = Client("application", "2.0");
        using var gateway11 = Client("application", "1.1");

        // A non-citizen RPC, a citizen RPC without a route, health and reflection, as gRPC over HTTP/2 on the gateway port: 404, with a token or without.
        foreach (var path in new[] { "/koordinering.application.v1.ApplicationService/ListApplications", "/koordinering.application.v1.ApplicationService/GetApplication",
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "/grpc.health.v1.Health/Check" })
        {
            var grpc = await gateway.SendAsync(HttpMethod.Post, path, caseworker, "\0\0\0\0\0", "application/grpc");
            Assert.True(grpc.Status == HttpStatusCode.NotFound, $"{path}: {grpc}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await gateway11.GetAsync("/health/ready", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway11.PostAsync("/events/koordinering.application.submitted.v1", null, new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway11.GetAsync("/v1/nothing-here", token)).Status);

        // The JSON routes and the document on the gRPC (HTTP/2) and HTTP (HTTP/1.1) ports: 404.
        using var grpcPort = new GatewayClient($"http://127.0.0.1:{hosts.All.Application.GrpcPort}", HttpVersion.Version20);
        using var httpPort = new GatewayClient(hosts.All.Application.HttpAddress, HttpVersion.Version11);
        foreach (var other in new[] { grpcPort, httpPort })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/v1/me/applications", token)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync("/v1/applications", token, new { })).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/openapi/v1.json", null)).Status);
        }
        // ...while the same route on the gateway port answers.
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/v1/me/applications", token)).Status);
    }
}

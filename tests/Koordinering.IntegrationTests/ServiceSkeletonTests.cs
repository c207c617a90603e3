using System.Net;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Koordinering.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Koordinering.IntegrationTests;

/// <summary>
/// What every service must do from its first day, run once per service: migrate an empty
/// database by its own migrate mode, answer health and reflection, refuse callers without a
/// valid token, and answer bad ids and foreign records with the right status.
/// </summary>
public abstract class ServiceSkeletonTests<TEntryPoint, TContext>(ServiceFixture<TEntryPoint, TContext> fixture)
    where TEntryPoint : class
    where TContext : DbContext
{
    protected ServiceFixture<TEntryPoint, TContext> Fixture { get; } = fixture;

    /// <summary>The full name of the service's API, as reflection lists it.</summary>
    protected abstract string ApiName { get; }

    /// <summary>The request field that carries the id the Get call takes.</summary>
    protected abstract string IdField { get; }

    /// <summary>The topics the service subscribes to, besides its own dead-letter topic.</summary>
    protected virtual string[] SubscribedTopics => [];

    /// <summary>The service's name, the prefix of its dead-letter topic.</summary>
    protected abstract string ServiceName { get; }

    /// <summary>Calls the service's Get RPC for an id.</summary>
    protected abstract Task GetAsync(GrpcChannel channel, string id, Metadata headers);

    /// <summary>Stores one record of the service's main kind in a municipality.</summary>
    protected abstract Task SeedAsync(TContext db, Guid id, string municipalityNumber);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_mode_applies_every_migration_to_an_empty_database_and_leaves_no_model_change()
    {
        Assert.True(Fixture.MigrateExitCode == 0, Fixture.MigrateOutput);
        await Fixture.WithDbAsync(async db =>
        {
            var applied = await db.Database.GetAppliedMigrationsAsync(Ct);
            Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.NotEmpty(applied);
            Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures: add one.");
        });
    }

    [Fact]
    public async Task Migrate_mode_run_again_changes_nothing()
    {
        var (exitCode, output) = await ServiceFixture<TEntryPoint, TContext>.RunMigrateModeAsync(Fixture.ConnectionString);
        Assert.True(exitCode == 0, output);
        Assert.Contains("Applied 0 migration(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_health_answers_serving()
    {
        var reply = await new Health.HealthClient(Fixture.Host.Channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Ct);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Http_health_answers_ok(string path)
    {
        using var response = await Fixture.Host.Http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Reflection_lists_the_api()
    {
        var client = new ServerReflection.ServerReflectionClient(Fixture.Host.Channel);
        using var call = client.ServerReflectionInfo(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Ct);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains(ApiName, services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    /// <summary>The chart's pub/sub scopes let this service publish exactly the event types it owns and subscribe to exactly what it handles.</summary>
    [Fact]
    public void The_charts_pubsub_scopes_match_what_it_owns_and_handles()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var values = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(File.ReadAllText(Path.Combine(root, "charts/koordinering/values.yaml")));
        var service = (Dictionary<object, object>)((Dictionary<object, object>)values["services"])[ServiceName["koordinering-".Length..]];
        static string[] Topics(object list) => [.. ((List<object>)list).Select(t => t.ToString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(SubscribedTopics.Order(StringComparer.Ordinal), Topics(service["subscribes"]));
        var owned = typeof(Contracts.Events.IntegrationEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Contracts.Events.IntegrationEvent)) && !t.IsAbstract)
            .Select(Contracts.Events.EventTypes.Of).Where(t => Contracts.Events.EventTypes.ProducerOf(t) == ServiceName).Order(StringComparer.Ordinal);
        Assert.Equal(owned, Topics(service["publishes"]));
    }

    [Fact]
    public async Task Dapr_subscribe_lists_exactly_its_topics_routes_and_dead_letter_topics()
    {
        var json = await Fixture.Host.Http.GetStringAsync(new Uri("/dapr/subscribe", UriKind.Relative), Ct);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        // Dapr reads these names without regard to case; the SDK writes pubsubName.
        static string? Get(System.Text.Json.JsonElement e, string name) =>
            e.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: System.Text.Json.JsonValueKind.String } v ? v.GetString() : null;
        var listed = doc.RootElement.EnumerateArray().Select(e => (
            PubSub: Get(e, "pubsubname"),
            Topic: Get(e, "topic"),
            Route: (Get(e, "route") ?? (e.TryGetProperty("routes", out var routes) ? Get(routes, "default") : null))?.TrimStart('/'),
            DeadLetter: Get(e, "deadLetterTopic"))).OrderBy(x => x.Topic).ToList();

        var deadLetterTopic = $"{ServiceName}.deadletter";
        var expected = SubscribedTopics.Select(t => (PubSub: (string?)"pubsub", Topic: (string?)t, Route: (string?)$"events/{t}", DeadLetter: (string?)deadLetterTopic))
            .Append((PubSub: (string?)"pubsub", Topic: (string?)deadLetterTopic, Route: (string?)"events/dead-letter", DeadLetter: (string?)null))
            .OrderBy(x => x.Topic).ToList();
        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task A_call_without_a_token_is_unauthenticated()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => GetAsync(Fixture.Host.Channel, Guid.NewGuid().ToString(), []));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    public static TheoryData<string> BadTokens => ["forged", "expired", "wrong-issuer", "garbage", "citizen-without-pid", "employee-without-org", "system-without-client", "unknown-kind", "no-kind", "system-issuer-claims-citizen", "ten-year-citizen", "two-day-employee", "expired-beyond-skew"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_call_with_an_invalid_token_is_unauthenticated(string kind)
    {
        var tokens = Fixture.Tokens;
        var claims = new Dictionary<string, object> { ["actor_kind"] = "employee", ["sub"] = "x", ["org"] = "974760673", ["municipality"] = "0301", ["roles"] = "caseworker" };
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        var token = kind switch
        {
            "forged" => tokens.Mint(claims, signWith: otherKey),
            "expired" => tokens.Mint(claims, lifetime: TimeSpan.FromMinutes(-5)),
            "wrong-issuer" => tokens.Mint(claims, issuer: "someone-else"),
            "citizen-without-pid" => tokens.Mint(new() { ["actor_kind"] = "citizen", ["sub"] = "x", ["acr"] = "idporten-loa-high" }),
            "employee-without-org" => tokens.Mint(new() { ["actor_kind"] = "employee", ["sub"] = "x", ["municipality"] = "0301", ["roles"] = "caseworker" }),
            "system-without-client" => tokens.Mint(new() { ["actor_kind"] = "system", ["org"] = "991825827", ["scope"] = "koordinering:operations" }),
            "unknown-kind" => tokens.Mint(new() { ["actor_kind"] = "admin", ["sub"] = "x" }),
            "no-kind" => tokens.Mint(new() { ["sub"] = "x", ["municipality"] = "0301", ["roles"] = "caseworker" }),
            "system-issuer-claims-citizen" => tokens.Mint(new() { ["actor_kind"] = "citizen", ["pid"] = "15076500565", ["acr"] = "idporten-loa-high" }, issuer: TestTokens.SystemIssuer),
            // Validly signed, but living far longer than ID-porten or an employee IdP issues tokens for.
            "ten-year-citizen" => tokens.Mint(new() { ["actor_kind"] = "citizen", ["pid"] = "15076500565", ["acr"] = "idporten-loa-high" }, lifetime: TimeSpan.FromDays(3650)),
            "two-day-employee" => tokens.Mint(claims, lifetime: TimeSpan.FromDays(2)),
            // Expired 45 s ago: beyond the 30 s clock skew.
            "expired-beyond-skew" => tokens.Mint(claims, lifetime: TimeSpan.FromSeconds(-45)),
            _ => "not.a.token",
        };
        var ex = await Assert.ThrowsAsync<RpcException>(() => GetAsync(Fixture.Host.Channel, Guid.NewGuid().ToString(), ServiceHost<TEntryPoint>.Bearer(token)));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task A_token_from_an_issuer_of_one_kind_is_that_kind_without_saying_so()
    {
        var token = Fixture.Tokens.Mint(new() { ["client_id"] = "client-1", ["org"] = "991825827", ["scope"] = "koordinering:operations" }, issuer: TestTokens.SystemIssuer);
        var ex = await Assert.ThrowsAsync<RpcException>(() => GetAsync(Fixture.Host.Channel, Guid.NewGuid().ToString(), ServiceHost<TEntryPoint>.Bearer(token)));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode); // authenticated as a system client; the record is not there
    }

    [Fact]
    public async Task A_citizen_below_the_required_assurance_level_is_denied_and_told_why()
    {
        var headers = ServiceHost<TEntryPoint>.Bearer(Fixture.Tokens.Citizen("15076500565", acr: "idporten-loa-substantial"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => GetAsync(Fixture.Host.Channel, Guid.NewGuid().ToString(), headers));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("idporten-loa-high", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_and_the_service_stays_healthy()
    {
        var headers = ServiceHost<TEntryPoint>.Bearer(Fixture.Tokens.Caseworker("0301"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => GetAsync(Fixture.Host.Channel, new string('x', 2 * 1024 * 1024), headers));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        var health = await new Health.HealthClient(Fixture.Host.Channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Ct);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task A_malformed_id_is_an_invalid_argument_naming_the_field()
    {
        var headers = ServiceHost<TEntryPoint>.Bearer(Fixture.Tokens.Caseworker("0301"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => GetAsync(Fixture.Host.Channel, "not-a-uuid", headers));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var badRequest = ex.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(IdField, Assert.Single(badRequest.FieldViolations).Field);
    }

    [Fact]
    public async Task A_caseworker_reads_a_record_of_their_municipality_and_not_of_another()
    {
        var id = Guid.NewGuid();
        await Fixture.WithDbAsync(db => SeedAsync(db, id, "4601"));

        await GetAsync(Fixture.Host.Channel, id.ToString(), ServiceHost<TEntryPoint>.Bearer(Fixture.Tokens.Caseworker("4601")));

        var foreign = await Assert.ThrowsAsync<RpcException>(() =>
            GetAsync(Fixture.Host.Channel, id.ToString(), ServiceHost<TEntryPoint>.Bearer(Fixture.Tokens.Caseworker("0301"))));
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);

        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            GetAsync(Fixture.Host.Channel, Guid.NewGuid().ToString(), ServiceHost<TEntryPoint>.Bearer(Fixture.Tokens.Caseworker("4601"))));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(foreign.Status.Detail, missing.Status.Detail);
    }
}

using System.Diagnostics;
using Koordinering.IntegrationTests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Koordinering.IntegrationTests.Chart;

/// <summary>
/// The Helm chart, rendered with Helm's own engine pieces (Go text/template, sprig, Helm's include
/// and toYaml: tools/helm-render) since there is no helm binary here, and read back as Kubernetes
/// objects. Installing it needs a cluster; what it renders to is checked here.
/// </summary>
public sealed class ChartRenderTests
{
    private static readonly string[] Services = ["application", "eligibility", "plan", "consent", "notification"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_service_gets_a_deployment_a_service_and_a_migration_hook_job()
    {
        var objects = await RenderAsync();
        foreach (var service in Services)
        {
            var name = $"koordinering-{service}";
            var deployment = Single(objects, "Deployment", name);
            var pod = Map(deployment, "spec", "template");
            Assert.Equal("true", Str(pod, "metadata", "annotations", "dapr.io/enabled"));
            Assert.Equal(name, Str(pod, "metadata", "annotations", "dapr.io/app-id"));
            Assert.Equal("8081", Str(pod, "metadata", "annotations", "dapr.io/app-port"));
            Assert.Equal(Str(deployment, "spec", "selector", "matchLabels", "app.kubernetes.io/name"), Str(pod, "metadata", "labels", "app.kubernetes.io/name"));
            var container = (Dictionary<object, object>)List(pod, "spec", "containers").Single();
            Assert.Equal("/health/live", Str(container, "livenessProbe", "httpGet", "path"));
            Assert.Equal("/health/ready", Str(container, "readinessProbe", "httpGet", "path"));
            Assert.Equal("true", Str(container, "securityContext", "readOnlyRootFilesystem"));
            Assert.Equal("true", Str(pod, "spec", "securityContext", "runAsNonRoot"));

            var env = Env(container);
            Assert.Equal("http://0.0.0.0:8080", env["Kestrel__Endpoints__Grpc__Url"]);
            Assert.Equal("http://0.0.0.0:8081", env["Kestrel__Endpoints__Http__Url"]);
            Assert.Equal("Dapr", env["Eventing__Delivery"]);
            Assert.Contains($"Database=koordinering_{service}", env["ConnectionStrings__Database"], StringComparison.Ordinal);
            // Secrets are files from mounted Secrets, never values in the pod spec.
            Assert.DoesNotContain("Password", env["ConnectionStrings__Database"], StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("/var/run/secrets/koordinering/db/", env["Database__PasswordFile"], StringComparison.Ordinal);
            Assert.All(env.Keys, k => Assert.DoesNotContain("Local", k, StringComparison.Ordinal));
            Assert.Contains(List(pod, "spec", "volumes").Cast<Dictionary<object, object>>(),
                v => Str(v, "secret", "secretName") == $"koordinering-{service}-db");

            // Only gRPC is a cluster Service: the event port is for the pod's own sidecar, with the app token.
            var port = Single(objects, "Service", name);
            Assert.Equal(["8080"], List(port, "spec", "ports").Cast<Dictionary<object, object>>().Select(p => Str(p, "port")));
            Assert.Equal("koordinering-app-api-token", Str(pod, "metadata", "annotations", "dapr.io/app-token-secret"));
            Assert.Equal("/var/run/secrets/koordinering/app-token/token", env["Eventing__AppApiTokenFile"]);
            Assert.Contains(List(pod, "spec", "volumes").Cast<Dictionary<object, object>>(), v => Str(v, "secret", "secretName") == "koordinering-app-api-token");
            var policy = Single(objects, "NetworkPolicy", name);
            var ingress = List(policy, "spec", "ingress").Cast<Dictionary<object, object>>().ToList();
            Assert.Equal(["8080"], ingress.SelectMany(r => ((List<object>)r["ports"]).Cast<Dictionary<object, object>>()).Select(p => Str(p, "port")));

            // Migrations run as a step before install and upgrade, with the same configuration as the service.
            var job = Single(objects, "Job", $"{name}-migrate");
            Assert.Equal("pre-install,pre-upgrade", Str(job, "metadata", "annotations", "helm.sh/hook"));
            var migrate = (Dictionary<object, object>)List(job, "spec", "template", "spec", "containers").Single();
            Assert.Equal(["migrate"], List(migrate, "args").Select(a => a.ToString()));
            Assert.Equal(env, Env(migrate));
            Assert.Equal(Str(container, "image"), Str(migrate, "image"));
        }
        Assert.Equal(20, objects.Count); // per service: Deployment, Service, NetworkPolicy, migrate Job
    }

    [Fact]
    public async Task Names_ports_endpoints_issuers_and_tenancy_come_from_the_values()
    {
        var values = Path.Combine(Path.GetTempPath(), $"koordinering-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(values, """
            image: { registry: registry.kommune.example/koordinering, tag: "1.2.3" }
            ports: { grpc: 9090, http: 9091 }
            otlpEndpoint: http://otel-collector.observability:4317
            pubsub: { name: events, type: pubsub.kafka, metadata: [{ name: brokers, value: "kafka:9092" }] }
            authentication:
              issuers:
                - issuer: https://idporten.no
                  authority: https://idporten.no
                  audiences: [koordinering]
                  kinds: [citizen]
                - issuer: https://maskinporten.no/
                  audiences: [koordinering-api]
            access:
              systemClients:
                "974760673": ["0301", "5001"]
            """, Ct);
        try
        {
            var objects = await RenderAsync("-f", values, "--release", "oslo");
            var plan = Single(objects, "Deployment", "koordinering-plan");
            var container = (Dictionary<object, object>)List(plan, "spec", "template", "spec", "containers").Single();
            var env = Env(container);
            Assert.Equal("registry.kommune.example/koordinering/koordinering-plan:1.2.3", Str(container, "image"));
            Assert.Equal("http://0.0.0.0:9090", env["Kestrel__Endpoints__Grpc__Url"]);
            Assert.Equal("9091", Str(plan, "spec", "template", "metadata", "annotations", "dapr.io/app-port"));
            Assert.Equal("events", env["Eventing__PubSubName"]);
            Assert.Equal("http://otel-collector.observability:4317", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("https://idporten.no", env["Authentication__Issuers__1__Authority"]);
            Assert.Equal("citizen", env["Authentication__Issuers__1__Kinds__0"]);
            Assert.Equal("service", env["Authentication__Issuers__0__Kinds__0"]);
            Assert.Equal("koordinering-api", env["Authentication__Issuers__2__Audiences__0"]);
            Assert.Equal("0301", env["Access__SystemClients__974760673__0"]);
            Assert.Equal("5001", env["Access__SystemClients__974760673__1"]);
            Assert.Equal("oslo", Str(plan, "metadata", "labels", "app.kubernetes.io/instance"));

            // The Plan service's address for the Consent service is a rendered Service's name and gRPC port.
            var consent = new Uri(env["Services__Consent__Address"]);
            var service = Single(objects, "Service", consent.Host);
            Assert.Contains(List(service, "spec", "ports").Cast<Dictionary<object, object>>(), p => Str(p, "port") == consent.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) && Str(p, "name") == "grpc");

            var component = Single(objects, "Component", "events");
            Assert.Equal("pubsub.kafka", Str(component, "spec", "type"));
            var metadata = List(component, "spec", "metadata").Cast<Dictionary<object, object>>().ToDictionary(m => Str(m, "name")!, m => Str(m, "value")!);
            Assert.Equal("kafka:9092", metadata["brokers"]);
            // Only the owner publishes its events: the Notification service may publish nothing but its own dead letters.
            var publishing = metadata["publishingScopes"].Split(';').ToDictionary(p => p.Split('=')[0], p => p.Split('=')[1].Split(','));
            Assert.Equal(["koordinering-notification.deadletter"], publishing["koordinering-notification"]);
            Assert.Contains("koordinering.eligibility.decided.v1", publishing["koordinering-eligibility"]);
            Assert.All(publishing.Where(p => p.Key != "koordinering-eligibility"), p => Assert.DoesNotContain("koordinering.eligibility.decided.v1", p.Value));
            Assert.Contains("subscriptionScopes", metadata.Keys);
        }
        finally
        {
            File.Delete(values);
        }
    }

    private static async Task<List<Dictionary<object, object>>> RenderAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("go") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPostgres.RepoRoot };
        foreach (var a in new[] { "run", "tools/helm-render/main.go", "charts/koordinering" }.Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["GO111MODULE"] = "off";
        start.Environment["GOPATH"] = "/usr/share/gocode";
        start.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "koordinering-gocache");
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("Rendering the chart needs Go and sprig: apt-get install golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev (.ci/run does).");
            throw;
        }
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"helm-render failed: {await error}");

        var parser = new Parser(new StringReader(await output));
        var deserializer = new DeserializerBuilder().Build();
        var objects = new List<Dictionary<object, object>>();
        parser.Consume<StreamStart>();
        while (!parser.Accept<StreamEnd>(out _))
        {
            if (deserializer.Deserialize<Dictionary<object, object>?>(parser) is { Count: > 0 } document)
            {
                objects.Add(document);
            }
        }
        return objects;
    }

    private static Dictionary<object, object> Single(List<Dictionary<object, object>> objects, string kind, string name) =>
        Assert.Single(objects, o => Str(o, "kind") == kind && Str(o, "metadata", "name") == name);

    private static Dictionary<string, string> Env(Dictionary<object, object> container) =>
        List(container, "env").Cast<Dictionary<object, object>>().ToDictionary(e => Str(e, "name")!, e => Str(e, "value") ?? "");

    private static object? At(object node, params string[] path)
    {
        object? current = node;
        foreach (var key in path)
        {
            current = current is Dictionary<object, object> map && map.TryGetValue(key, out var next) ? next : null;
        }
        return current;
    }

    private static string? Str(object node, params string[] path) => At(node, path)?.ToString();

    private static Dictionary<object, object> Map(object node, params string[] path) =>
        Assert.IsType<Dictionary<object, object>>(At(node, path));

    private static List<object> List(object node, params string[] path) =>
        Assert.IsType<List<object>>(At(node, path));
}

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

            // The citizens' gateway has a Service of its own with the gateway port alone (closed by the policy until gateway.from names the gateway).
            var gatewayService = Single(objects, "Service", $"{name}-gateway");
            Assert.Equal(["8082"], List(gatewayService, "spec", "ports").Cast<Dictionary<object, object>>().Select(p => Str(p, "port")));
            Assert.Equal(Str(port, "spec", "selector", "app.kubernetes.io/name"), Str(gatewayService, "spec", "selector", "app.kubernetes.io/name"));
            Assert.Equal("http://0.0.0.0:8082", env["Kestrel__Endpoints__Gateway__Url"]);
            Assert.Contains(List(container, "ports").Cast<Dictionary<object, object>>(), p => Str(p, "name") == "gateway" && Str(p, "containerPort") == "8082");

            // Migrations run as a step before install and upgrade, with the same configuration as the service.
            var job = Single(objects, "Job", $"{name}-migrate");
            Assert.Equal("pre-install,pre-upgrade", Str(job, "metadata", "annotations", "helm.sh/hook"));
            var migrate = (Dictionary<object, object>)List(job, "spec", "template", "spec", "containers").Single();
            Assert.Equal(["migrate"], List(migrate, "args").Select(a => a.ToString()));
            Assert.Equal(env, Env(migrate));
            Assert.Equal(Str(container, "image"), Str(migrate, "image"));

            // The image's tag is the chart's appVersion; the pod mounts no token, so the sidecar must not start the Kubernetes secret store.
            Assert.Equal($"koordinering-{service}:{AppVersion()}", Str(container, "image"));
            Assert.Equal("false", Str(pod, "spec", "automountServiceAccountToken"));
            Assert.Equal("true", Str(pod, "metadata", "annotations", "dapr.io/disable-builtin-k8s-secret-store"));
            Assert.Equal(name, Str(pod, "spec", "serviceAccountName"));
            Assert.Equal("false", Str(Single(objects, "ServiceAccount", name), "automountServiceAccountToken"));
            foreach (var labelled in new[] { deployment, port, policy, job })
            {
                Assert.Equal("Helm", Str(labelled, "metadata", "labels", "app.kubernetes.io/managed-by"));
                Assert.StartsWith("koordinering-", Str(labelled, "metadata", "labels", "helm.sh/chart"), StringComparison.Ordinal);
                Assert.Equal("koordinering", Str(labelled, "metadata", "labels", "app.kubernetes.io/part-of"));
            }
            Assert.NotNull(At(migrate, "resources", "limits", "memory"));
        }
        // Per service: Deployment, Service, gateway Service, ServiceAccount, NetworkPolicy, migrate Job; and the
        // default-deny and common-egress policies, the app-token Secret, the pub/sub Component, the
        // Resiliency, the Dapr Configuration, the test Pod and its NetworkPolicy.
        Assert.Equal(5 * 6 + 8, objects.Count);
    }

    [Fact]
    public async Task Each_service_signs_with_its_own_key_and_a_callee_trusts_only_its_callers_public_keys()
    {
        var objects = await RenderAsync();
        foreach (var service in Services)
        {
            var pod = Map(Single(objects, "Deployment", $"koordinering-{service}"), "spec", "template", "spec");
            var env = Env((Dictionary<object, object>)List(pod, "containers").Single());
            Assert.Equal($"koordinering-services/{service}", env["ServiceIdentity__Issuer"]);
            var volumes = List(pod, "volumes").Cast<Dictionary<object, object>>().ToList();
            var identity = Assert.Single(volumes, v => Str(v, "name") == "identity");
            Assert.Equal($"koordinering-{service}-identity", Str(identity, "secret", "secretName"));
            Assert.Equal(["service.key.pem"], List(identity, "secret", "items").Cast<Dictionary<object, object>>().Select(i => Str(i, "key")));
            // No other private key reaches the pod: the callers' Secrets give their public key only.
            var callers = volumes.Where(v => Str(v, "name") == "callers").SelectMany(v => List(v, "projected", "sources").Cast<Dictionary<object, object>>()).ToList();
            Assert.All(callers, c => Assert.Equal(["service.pub.pem"], List(c, "secret", "items").Cast<Dictionary<object, object>>().Select(i => Str(i, "key"))));
            var trusted = env.Where(e => e.Key.EndsWith("__Kinds__0", StringComparison.Ordinal) && e.Value == "service")
                .Select(e => env[e.Key.Replace("__Kinds__0", "__Issuer", StringComparison.Ordinal)]).ToList();
            if (service == "consent")
            {
                Assert.Equal(["koordinering-services/plan"], trusted);
                Assert.Equal("koordinering-plan-identity", Str(callers.Single(), "secret", "name"));
            }
            else
            {
                Assert.Empty(trusted);
                Assert.Empty(callers);
            }
        }
    }

    [Fact]
    public async Task Each_deployment_runs_the_image_skaffold_built_for_it()
    {
        // What skaffold passes for setValueTemplates: every {{.IMAGE_REPO_<artifact>}} and
        // {{.IMAGE_TAG_<artifact>}} (the artifact's image name with - and / as _) replaced by that
        // artifact's repository (--default-repo prefixed) and its own tag.
        var skaffold = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(
            await File.ReadAllTextAsync(Path.Combine(TestPostgres.RepoRoot, "skaffold.yaml"), Ct));
        var artifacts = List(skaffold, "build", "artifacts").Cast<Dictionary<object, object>>().Select(a => Str(a, "image")!).ToList();
        var release = (Dictionary<object, object>)List(skaffold, "deploy", "helm", "releases").Single();
        var arguments = new List<string>();
        foreach (var (key, template) in Map(release, "setValueTemplates"))
        {
            var value = System.Text.RegularExpressions.Regex.Replace(template.ToString()!, @"\{\{\.IMAGE_(REPO|TAG)_([A-Za-z0-9_]+)\}\}", m =>
            {
                var artifact = Assert.Single(artifacts, a => a.Replace('-', '_').Replace('/', '_') == m.Groups[2].Value);
                return m.Groups[1].Value == "REPO" ? $"registry.dev.example/team/{artifact}" : $"dev-{artifact}-3f2a9c";
            });
            Assert.DoesNotContain("{{", value, StringComparison.Ordinal);
            arguments.AddRange(["--set", $"{key}={value}"]);
        }
        foreach (var file in List(release, "valuesFiles"))
        {
            arguments.AddRange(["-f", file.ToString()!]);
        }
        var objects = await RenderAsync([.. arguments]);
        Assert.Equal(5, artifacts.Count);
        foreach (var service in Services)
        {
            var expected = $"registry.dev.example/team/koordinering-{service}:dev-koordinering-{service}-3f2a9c";
            var deployment = (Dictionary<object, object>)List(Single(objects, "Deployment", $"koordinering-{service}"), "spec", "template", "spec", "containers").Single();
            var job = (Dictionary<object, object>)List(Single(objects, "Job", $"koordinering-{service}-migrate"), "spec", "template", "spec", "containers").Single();
            Assert.Equal(expected, Str(deployment, "image"));
            Assert.Equal(expected, Str(job, "image"));
        }
    }

    [Fact]
    public async Task A_secret_the_operator_must_provide_is_required_with_a_message()
    {
        var values = Path.Combine(Path.GetTempPath(), $"koordinering-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(values, "services: { plan: { database: { existingSecret: \"\" } } }\n", Ct);
        try
        {
            var error = await RenderFailureAsync("-f", values);
            Assert.Contains("services.plan.database.existingSecret: set the name of an existing Secret", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(values);
        }
    }

    [Fact]
    public async Task Names_ports_endpoints_issuers_and_tenancy_come_from_the_values()
    {
        var values = Path.Combine(Path.GetTempPath(), $"koordinering-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(values, """
            image: { registry: registry.kommune.example/koordinering, tag: "1.2.3" }
            ports: { grpc: 9090, http: 9091 }
            otlpEndpoint: http://otel-collector.observability:4317
            pubsub: { name: events, broker: kafka, kafka: { brokers: "kafka:9092", authType: none } }
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
            var plan = Single(objects, "Deployment", "oslo-koordinering-plan");
            var container = (Dictionary<object, object>)List(plan, "spec", "template", "spec", "containers").Single();
            var env = Env(container);
            Assert.Equal("registry.kommune.example/koordinering/koordinering-plan:1.2.3", Str(container, "image"));
            Assert.Equal("http://0.0.0.0:9090", env["Kestrel__Endpoints__Grpc__Url"]);
            Assert.Equal("9091", Str(plan, "spec", "template", "metadata", "annotations", "dapr.io/app-port"));
            Assert.Equal("events", env["Eventing__PubSubName"]);
            Assert.Equal("http://otel-collector.observability:4317", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            // Nobody calls the Plan service, so it trusts no service's identity: the configured issuers come first.
            Assert.Equal("https://idporten.no", env["Authentication__Issuers__0__Authority"]);
            Assert.Equal("citizen", env["Authentication__Issuers__0__Kinds__0"]);
            Assert.Equal("koordinering-api", env["Authentication__Issuers__1__Audiences__0"]);
            Assert.DoesNotContain(env.Values, v => v == "service");
            var consentEnv = Env((Dictionary<object, object>)List(Single(objects, "Deployment", "oslo-koordinering-consent"), "spec", "template", "spec", "containers").Single());
            Assert.Equal("service", consentEnv["Authentication__Issuers__0__Kinds__0"]);
            Assert.Equal("https://idporten.no", consentEnv["Authentication__Issuers__1__Issuer"]);
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
            Assert.Equal(["koordinering-notification.deadletter"], publishing["oslo-koordinering-notification"]);
            Assert.Contains("koordinering.eligibility.decided.v1", publishing["oslo-koordinering-eligibility"]);
            Assert.All(publishing.Where(p => p.Key != "oslo-koordinering-eligibility"), p => Assert.DoesNotContain("koordinering.eligibility.decided.v1", p.Value));
            Assert.Contains("oslo-koordinering-plan", List(component, "scopes").Select(o => o.ToString()));
            Assert.Contains("subscriptionScopes", metadata.Keys);
        }
        finally
        {
            File.Delete(values);
        }
    }

    private static string AppVersion() =>
        File.ReadAllLines(Path.Combine(TestPostgres.RepoRoot, "charts/koordinering/Chart.yaml"))
            .Single(l => l.StartsWith("appVersion:", StringComparison.Ordinal))["appVersion:".Length..].Trim().Trim('"');

    [Fact]
    public async Task The_gateway_port_is_open_only_to_the_configured_gateway_and_speaks_tls_with_grpc_tls()
    {
        var objects = await RenderAsync("-f", Path.Combine(TestPostgres.RepoRoot, "charts", "koordinering", "ci", "production-values.yaml"));
        foreach (var service in Services)
        {
            var name = $"koordinering-{service}";
            var rules = List(Single(objects, "NetworkPolicy", name), "spec", "ingress").Cast<Dictionary<object, object>>().ToList();
            var gatewayRule = Assert.Single(rules, r => ((List<object>)r["ports"]).Cast<Dictionary<object, object>>().Any(p => Str(p, "port") == "8082"));
            Assert.Equal(["8082"], ((List<object>)gatewayRule["ports"]).Cast<Dictionary<object, object>>().Select(p => Str(p, "port")));
            var peer = (Dictionary<object, object>)Assert.Single((List<object>)gatewayRule["from"]);
            Assert.Equal("citizens-gateway", Str(peer, "podSelector", "matchLabels", "app.kubernetes.io/name"));
            var env = Env((Dictionary<object, object>)List(Single(objects, "Deployment", name), "spec", "template", "spec", "containers").Single());
            Assert.Equal("https://0.0.0.0:8082", env["Kestrel__Endpoints__Gateway__Url"]);
            Assert.Equal("Http1AndHttp2", env["Kestrel__Endpoints__Gateway__Protocols"]);
            Assert.Equal("/var/run/secrets/koordinering/grpc-tls/tls.crt", env["Kestrel__Endpoints__Gateway__Certificate__Path"]);
            Assert.Equal("https", Str((Dictionary<object, object>)List(Single(objects, "Service", $"{name}-gateway"), "spec", "ports").Single(), "appProtocol"));
        }

        var values = Path.Combine(Path.GetTempPath(), $"koordinering-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(values, "gateway: { enabled: false, from: [] }\n", Ct);
        List<Dictionary<object, object>> off;
        try
        {
            off = await RenderAsync("-f", values);
        }
        finally
        {
            File.Delete(values);
        }
        Assert.DoesNotContain(off, o => Str(o, "kind") == "Service" && Str(o, "metadata", "name")?.EndsWith("-gateway", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task With_folkeregisteret_set_every_service_asks_it_for_guardians_and_by_default_none_does()
    {
        var objects = await RenderAsync("-f", Path.Combine(TestPostgres.RepoRoot, "charts", "koordinering", "ci", "production-values.yaml"));
        var byDefault = await RenderAsync();
        foreach (var service in Services)
        {
            var name = $"koordinering-{service}";
            var env = Env((Dictionary<object, object>)List(Single(objects, "Deployment", name), "spec", "template", "spec", "containers").Single());
            Assert.Equal("https://folkeregisteret.api.skatteetaten.no/", env["PopulationRegister__Folkeregisteret__BaseUrl"]);
            Assert.Equal("folkeregister:deling/offentligmedhjemmel", env["PopulationRegister__Folkeregisteret__Scope"]);
            Assert.Equal("11111111-2222-3333-4444-555555555555", env["Maskinporten__ClientId"]);
            var plain = Env((Dictionary<object, object>)List(Single(byDefault, "Deployment", name), "spec", "template", "spec", "containers").Single());
            Assert.False(plain.ContainsKey("PopulationRegister__Folkeregisteret__BaseUrl"));
        }
    }

    [Fact]
    public async Task With_fiks_io_set_the_notification_service_sends_its_archive_there_with_the_password_as_a_mounted_file_and_by_default_no_service_does()
    {
        var objects = await RenderAsync("-f", Path.Combine(TestPostgres.RepoRoot, "charts", "koordinering", "ci", "production-values.yaml"));
        var pod = Map(Single(objects, "Deployment", "koordinering-notification"), "spec", "template");
        var container = (Dictionary<object, object>)List(pod, "spec", "containers").Single();
        var env = Env(container);
        Assert.Equal("https://api.fiks.ks.no/", env["Archive__FiksIo__BaseUrl"]);
        Assert.Equal("6f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f", env["Archive__FiksIo__AccountId"]);
        Assert.Equal("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", env["Archive__FiksIo__RecipientAccountId"]);
        Assert.Equal("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", env["Archive__FiksIo__IntegrationId"]);
        Assert.Equal("ks:fiks", env["Archive__FiksIo__Scope"]);
        Assert.Equal("2.00:00:00", env["Archive__FiksIo__Ttl"]);
        Assert.Equal("/var/run/secrets/koordinering/fiks-io/password", env["Archive__FiksIo__IntegrationPasswordFile"]);
        Assert.DoesNotContain(env.Keys, k => k.Contains("Password", StringComparison.Ordinal) && !k.EndsWith("File", StringComparison.Ordinal));
        var volume = List(pod, "spec", "volumes").Cast<Dictionary<object, object>>().Single(v => Str(v, "name") == "fiks-io");
        Assert.Equal("koordinering-fiks-io", Str(volume, "secret", "secretName"));
        Assert.Contains(List(container, "volumeMounts").Cast<Dictionary<object, object>>(),
            m => Str(m, "name") == "fiks-io" && Str(m, "mountPath") == "/var/run/secrets/koordinering/fiks-io" && Str(m, "readOnly") == "true");
        var migrate = (Dictionary<object, object>)List(Single(objects, "Job", "koordinering-notification-migrate"), "spec", "template", "spec", "containers").Single();
        Assert.DoesNotContain(Env(migrate).Keys, k => k.StartsWith("Archive__", StringComparison.Ordinal));

        var byDefault = await RenderAsync();
        foreach (var service in Services)
        {
            var others = service == "notification" ? byDefault : objects;
            var deployment = Single(others, "Deployment", $"koordinering-{service}");
            Assert.DoesNotContain(Env((Dictionary<object, object>)List(deployment, "spec", "template", "spec", "containers").Single()).Keys,
                k => k.StartsWith("Archive__FiksIo__", StringComparison.Ordinal));
            Assert.DoesNotContain(List(deployment, "spec", "template", "spec", "volumes").Cast<Dictionary<object, object>>(), v => Str(v, "name") == "fiks-io");
        }

        var values = Path.Combine(Path.GetTempPath(), $"koordinering-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(values, "archive: { fiksIo: { baseUrl: https://api.fiks.ks.no/, accountId: '', recipientAccountId: '', integrationId: '', existingSecret: '', scope: ks:fiks, ttl: '2.00:00:00' } }\n", Ct);
        try
        {
            Assert.Contains("maskinporten.clientId", await RenderFailureAsync("-f", values), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(values);
        }
    }

    private static async Task<string> RenderFailureAsync(params string[] arguments)
    {
        var (code, _, error) = await RunRendererAsync(arguments);
        Assert.NotEqual(0, code);
        return error;
    }

    private static async Task<List<Dictionary<object, object>>> RenderAsync(params string[] arguments)
    {
        var (code, output, error) = await RunRendererAsync(arguments);
        Assert.True(code == 0, $"helm-render failed: {error}");
        var parser = new Parser(new StringReader(output));
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

    private static async Task<(int Code, string Output, string Error)> RunRendererAsync(string[] arguments)
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
        return (process.ExitCode, await output, await error);
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

    [Fact]
    public async Task With_svarut_set_the_notification_service_sends_letters_through_it_with_the_secret_mounted_as_a_file_and_by_default_nothing_does()
    {
        var objects = await RenderAsync("-f", Path.Combine(TestPostgres.RepoRoot, "charts", "koordinering", "ci", "production-values.yaml"));
        var byDefault = await RenderAsync();
        foreach (var service in Services)
        {
            var name = $"koordinering-{service}";
            var pod = Map(Single(objects, "Deployment", name), "spec", "template", "spec");
            var container = (Dictionary<object, object>)List(pod, "containers").Single();
            var env = Env(container);
            var volumes = List(pod, "volumes").Cast<Dictionary<object, object>>().ToList();
            var mounts = List(container, "volumeMounts").Cast<Dictionary<object, object>>().ToList();
            if (service == "notification")
            {
                Assert.Equal("https://svarut.ks.no/", env["Notification__SvarUt__BaseUrl"]);
                Assert.Equal("koordinering-avsender", env["Notification__SvarUt__ServiceId"]);
                Assert.Equal("/var/run/secrets/koordinering/svarut/secret", env["Notification__SvarUt__SecretFile"]);
                Assert.False(env.ContainsKey("Notification__SvarUt__Secret"));
                var secret = Assert.Single(volumes, v => Str(v, "name") == "svarut");
                Assert.Equal("koordinering-svarut", Str(secret, "secret", "secretName"));
                Assert.Equal(["secret"], List(secret, "secret", "items").Cast<Dictionary<object, object>>().Select(i => Str(i, "key")));
                Assert.Contains(mounts, m => Str(m, "name") == "svarut" && Str(m, "mountPath") == "/var/run/secrets/koordinering/svarut");
            }
            else
            {
                Assert.DoesNotContain(env.Keys, k => k.StartsWith("Notification__SvarUt__", StringComparison.Ordinal));
                Assert.DoesNotContain(volumes, v => Str(v, "name") == "svarut");
            }
            var plainPod = Map(Single(byDefault, "Deployment", name), "spec", "template", "spec");
            Assert.DoesNotContain(Env((Dictionary<object, object>)List(plainPod, "containers").Single()).Keys, k => k.StartsWith("Notification__SvarUt__", StringComparison.Ordinal));
            Assert.DoesNotContain(List(plainPod, "volumes").Cast<Dictionary<object, object>>(), v => Str(v, "name") == "svarut");
        }
        // The migrate Job needs no SvarUt.
        var migrate = Map(Single(objects, "Job", "koordinering-notification-migrate"), "spec", "template", "spec");
        Assert.DoesNotContain(List(migrate, "volumes").Cast<Dictionary<object, object>>(), v => Str(v, "name") == "svarut");
    }

    [Fact]
    public async Task Svarut_without_an_existing_secret_is_refused()
    {
        var values = Path.Combine(Path.GetTempPath(), $"koordinering-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(values, "svarUt: { baseUrl: https://svarut.ks.no/, serviceId: avsender, existingSecret: \"\" }\n", Ct);
        try
        {
            Assert.Contains("svarUt.existingSecret", await RenderFailureAsync("-f", values), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(values);
        }
    }
}

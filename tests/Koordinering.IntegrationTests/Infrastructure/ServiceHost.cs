using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// One service, started in this process on real Kestrel sockets (cleartext HTTP/2 for gRPC,
/// HTTP/1.1 for health, HTTP/1.1 and HTTP/2 over TLS for the gateway's JSON routes), on its own
/// freshly provisioned PostgreSQL database, trusting the
/// test issuer's key the way <c>tools/up</c> trusts the local key.
/// </summary>
public sealed class ServiceHost<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public ServiceHost(string connectionString, TestTokens tokens, Action<IServiceCollection>? configureServices = null, IDictionary<string, string?>? settings = null)
    {
        GrpcPort = TestPorts.Next();
        HttpPort = TestPorts.Next();
        GatewayPort = TestPorts.Next();
        _configureServices = configureServices;
        _settings = new()
        {
            ["ConnectionStrings:Database"] = connectionString,
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{GrpcPort}",
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{HttpPort}",
            // TLS, as with the chart's gateway.tlsSecret: HTTP/1.1 and HTTP/2 on one port (ALPN).
            ["Kestrel:Endpoints:Gateway:Url"] = $"https://127.0.0.1:{GatewayPort}",
            ["Kestrel:Endpoints:Gateway:Protocols"] = "Http1AndHttp2",
            ["Kestrel:Endpoints:Gateway:Certificate:Path"] = TestCertificate.Shared.CertificateFile,
            ["Kestrel:Endpoints:Gateway:Certificate:KeyPath"] = TestCertificate.Shared.KeyFile,
            ["Authentication:Local:Enabled"] = "true",
            ["Authentication:Local:PublicKeyFile"] = tokens.PublicKeyFile,
            // A Maskinporten-like issuer that speaks only for system clients.
            ["Authentication:Issuers:0:Issuer"] = TestTokens.SystemIssuer,
            ["Authentication:Issuers:0:Audiences:0"] = TestTokens.Audience,
            ["Authentication:Issuers:0:PublicKeyFile"] = tokens.PublicKeyFile,
            ["Authentication:Issuers:0:Kinds:0"] = "system",
            ["Eventing:Delivery"] = "Direct",
            ["Eventing:PollInterval"] = "00:00:00.200",
            ["Eventing:AppApiToken"] = AppApiToken,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel();
    }

    public int GrpcPort { get; }
    public int HttpPort { get; }

    /// <summary>The citizens' gateway's port: the JSON routes (HTTP/1.1 and HTTP/2) and their OpenAPI document.</summary>
    public int GatewayPort { get; }

    public string GatewayAddress => $"{(_plainGateway ? "http" : "https")}://127.0.0.1:{GatewayPort}";

    public GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
    private GrpcChannel? _channel;

    public string HttpAddress => $"http://127.0.0.1:{HttpPort}";

    /// <summary>The app API token every test host shares (tools/up makes one per platform): the sidecar's, and the direct relay's.</summary>
    public const string AppApiToken = "test-app-api-token-3f9c2a";

    /// <summary>The HTTP endpoint, as the Dapr sidecar calls it: with the app API token.</summary>
    public HttpClient Http => _http ??= new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), DefaultRequestHeaders = { { "dapr-api-token", AppApiToken } } };
    private HttpClient? _http;

    /// <summary>The gateway endpoint in cleartext HTTP/1.1, as tools/up runs it; only before <see cref="Start"/>.</summary>
    public ServiceHost<TEntryPoint> PlainGateway()
    {
        _settings.Remove("Kestrel:Endpoints:Gateway:Certificate:Path");
        _settings.Remove("Kestrel:Endpoints:Gateway:Certificate:KeyPath");
        _settings["Kestrel:Endpoints:Gateway:Url"] = $"http://127.0.0.1:{GatewayPort}";
        _settings["Kestrel:Endpoints:Gateway:Protocols"] = "Http1";
        _plainGateway = true;
        return this;
    }

    private bool _plainGateway;
    private string _environment = "Development";

    /// <summary>Runs the service in another environment (e.g. Production, where the local issuer is refused); only before <see cref="Start"/>.</summary>
    public ServiceHost<TEntryPoint> InEnvironment(string environment)
    {
        _environment = environment;
        return this;
    }

    /// <summary>A setting for the service; only before <see cref="Start"/>.</summary>
    public ServiceHost<TEntryPoint> Set(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public ServiceHost<TEntryPoint> Start()
    {
        StartServer();
        return this;
    }

    public static Metadata Bearer(string token) => new() { { "Authorization", $"Bearer {token}" } };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _channel?.Dispose();
            _http?.Dispose();
        }
        base.Dispose(disposing);
    }
}

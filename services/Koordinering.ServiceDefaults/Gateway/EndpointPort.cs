namespace Koordinering.ServiceDefaults.Gateway;

/// <summary>The port of a Kestrel endpoint URL (<c>http://0.0.0.0:8082</c>, <c>http://*:8082</c>, <c>http://+:8082</c>).</summary>
public static class EndpointPort
{
    public static int? Of(string? url) =>
        Uri.TryCreate(url?.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : null;
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Koordinering.Eventing;

/// <summary>
/// The token only the Dapr sidecar knows (Dapr's <c>APP_API_TOKEN</c>, set by the chart's
/// <c>dapr.io/app-token-secret</c>): the sidecar sends it as <c>dapr-api-token</c> on every call to
/// the app, and locally the direct transport does the same. Read from <c>APP_API_TOKEN</c>,
/// <c>Eventing:AppApiToken</c> or the file <c>Eventing:AppApiTokenFile</c>. Without one, no
/// delivery is accepted (fail closed).
/// </summary>
public sealed class AppApiToken
{
    public const string Header = "dapr-api-token";

    private readonly byte[]? _token;

    public AppApiToken(IConfiguration configuration)
    {
        var file = configuration["Eventing:AppApiTokenFile"];
        var value = configuration["APP_API_TOKEN"] ?? configuration["Eventing:AppApiToken"]
            ?? (string.IsNullOrEmpty(file) ? null : File.ReadAllText(file).Trim());
        _token = string.IsNullOrEmpty(value) ? null : Encoding.UTF8.GetBytes(value);
    }

    public bool Configured => _token is not null;

    /// <summary>The token to present to a subscriber (direct delivery plays the sidecar).</summary>
    public string? Value => _token is null ? null : Encoding.UTF8.GetString(_token);

    /// <summary>Compared in constant time; false when no token is configured.</summary>
    public bool Matches(string? presented) =>
        _token is not null && presented is not null
        && CryptographicOperations.FixedTimeEquals(_token, Encoding.UTF8.GetBytes(presented));
}

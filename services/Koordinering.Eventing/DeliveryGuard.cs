using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Koordinering.Eventing;

/// <summary>
/// The door the sidecar uses, and nobody else: every event route (<c>/events/*</c>, dead letters)
/// and <c>/dapr/subscribe</c> answer only on the HTTP endpoint (never the gRPC port), only with the
/// app API token, and only to a CloudEvent of bounded size. CloudEvent attributes forwarded as
/// headers are set by the CloudEvents middleware alone, never taken from the request.
/// </summary>
public sealed partial class DeliveryGuard(RequestDelegate next, AppApiToken token, IOptions<EventingOptions> options, IConfiguration configuration, ILogger<DeliveryGuard> logger)
{
    private readonly int? _httpPort = ServiceDefaults.Gateway.EndpointPort.Of(configuration["Kestrel:Endpoints:Http:Url"]);

    public static bool Guards(PathString path) =>
        path.StartsWithSegments("/events", StringComparison.Ordinal) || path.StartsWithSegments("/dapr", StringComparison.Ordinal);

    public async Task InvokeAsync(HttpContext http)
    {
        if (_httpPort is { } port && http.Connection.LocalPort != port)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!token.Matches(http.Request.Headers[AppApiToken.Header]))
        {
            LogRefused(logger, http.Request.Path.Value ?? "", "no valid app API token");
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (http.Request.ContentLength > options.Value.MaxDeliveryBytes)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = options.Value.MaxDeliveryBytes;
            }
            if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), CloudEvents.ContentType, StringComparison.OrdinalIgnoreCase))
            {
                LogRefused(logger, http.Request.Path.Value ?? "", "not a CloudEvent");
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return;
            }
        }
        foreach (var name in http.Request.Headers.Keys.Where(k => k.StartsWith("Cloudevent.", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            http.Request.Headers.Remove(name);
        }
        await next(http);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery to {Path} was refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string reason);
}

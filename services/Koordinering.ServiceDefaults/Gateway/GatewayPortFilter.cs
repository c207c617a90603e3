using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Koordinering.ServiceDefaults.Gateway;

/// <summary>
/// The citizens' gateway reaches a service on its own port (the <c>Gateway</c> Kestrel endpoint),
/// where only the JSON routes (gRPC JSON transcoding of the RPCs with a <c>google.api.http</c>
/// route) and their OpenAPI document answer: every other gRPC method, health, event route or
/// unknown path is 404 there. On the other ports the JSON routes and the document are 404, so the
/// gateway's Service is the one way in to them. Runs after routing and before authentication, so
/// a 404 is the same with or without a token. Without a gateway endpoint the JSON routes answer nowhere.
/// </summary>
public sealed class GatewayPortFilter(RequestDelegate next, IConfiguration configuration)
{
    public const string EndpointName = "Gateway";

    private readonly int? _port = EndpointPort.Of(configuration[$"Kestrel:Endpoints:{EndpointName}:Url"]);

    public Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        var forGateway = endpoint?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null
            || endpoint?.Metadata.GetMetadata<GatewayDocument>() is not null;
        var onGatewayPort = _port is { } port && http.Connection.LocalPort == port;
        if (forGateway != onGatewayPort)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next(http);
    }
}

namespace Koordinering.ServiceDefaults.Gateway;

/// <summary>Marks the OpenAPI document's endpoint: it answers on the gateway port, like the JSON routes it describes.</summary>
public sealed class GatewayDocument
{
    /// <summary>Where each service serves the OpenAPI document of its JSON routes; v1 goes with the protos' v1.</summary>
    public const string Path = "/openapi/v1.json";
}

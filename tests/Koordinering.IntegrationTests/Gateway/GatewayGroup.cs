namespace Koordinering.IntegrationTests.Gateway;

/// <summary>The gateway tests share one set of five services.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayGroup : ICollectionFixture<GatewayHosts>
{
    public const string Name = "gateway";
}

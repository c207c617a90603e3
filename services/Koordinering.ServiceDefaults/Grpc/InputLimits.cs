namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>
/// The bounds every request is held to, in one place: no repeated field, string or byte field may
/// exceed them, no enum may carry a value the contract does not name, and no timestamp may lie
/// outside a window a case could have. Each RPC's own validation adds the tighter limits of its fields.
/// </summary>
public static class InputLimits
{
    public const int MaxItems = 100;
    public const int MaxStringLength = 20_000;
    public const int MaxBytesLength = 64 * 1024;
    public const int MaxDepth = 8;

    /// <summary>The largest request body on any endpoint, gRPC or HTTP.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    public static readonly DateTimeOffset EarliestTime = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LatestTime = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

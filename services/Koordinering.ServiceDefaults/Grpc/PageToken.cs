using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>
/// Keyset page tokens over a stable order (a time, then an id): opaque to callers, and a page
/// stays right while rows are added.
/// </summary>
public static class PageToken
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static string Encode(DateTimeOffset at, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{id:N}"));

    public static (DateTimeOffset At, Guid Id)? Decode(string token, string field = "page_token")
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && Guid.TryParseExact(parts[1], "N", out var id))
            {
                return (new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
        }
        throw RpcErrors.InvalidArgument(field, "is not a token this service gave out");
    }

    public static int Size(int requested, string field = "page_size") => requested switch
    {
        0 => DefaultPageSize,
        < 0 or > MaxPageSize => throw RpcErrors.InvalidArgument(field, $"must be between 1 and {MaxPageSize}"),
        _ => requested,
    };
}

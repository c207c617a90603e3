namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>How an optional text field of a request is read: trimmed, and empty means not given.</summary>
public static class TextInput
{
    public static string? NullIfBlank(this string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

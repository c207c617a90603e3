namespace Koordinering.ServiceDefaults.Grpc;

/// <summary>The one way a request's text fields are checked: each broken rule is a field violation.</summary>
public static class FieldChecks
{
    /// <summary>The field must have text, and at most <paramref name="max"/> characters.</summary>
    public static void RequireText(this List<(string, string)> violations, string? value, string field, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            violations.Add((field, $"is required, at most {max} characters"));
        }
    }

    /// <summary>The field may be empty, and has at most <paramref name="max"/> characters.</summary>
    public static void LimitText(this List<(string, string)> violations, string? value, string field, int max)
    {
        if (value?.Length > max)
        {
            violations.Add((field, $"must be at most {max} characters"));
        }
    }

    /// <summary>Throws InvalidArgument with every violation found, if there is any.</summary>
    public static void ThrowIfAny(this List<(string, string)> violations)
    {
        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }
    }
}

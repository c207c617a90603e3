using System.Globalization;

namespace Koordinering.LoadKit;

public enum Bound
{
    AtLeast,
    AtMost,
}

/// <summary>A target: a limit the figure itself, or its ratio to the baseline, must reach or stay within.</summary>
public sealed record Target(Bound Bound, double Limit, bool OfRatio)
{
    public static Target RatioAtLeast(double limit) => new(Bound.AtLeast, limit, OfRatio: true);

    public static Target AtMost(double limit) => new(Bound.AtMost, limit, OfRatio: false);

    public bool Met(double? value) => value is { } v && !double.IsNaN(v) && (Bound == Bound.AtLeast ? v >= Limit : v <= Limit);

    public string Describe(string unit) => (Bound == Bound.AtLeast ? ">= " : "<= ")
        + (OfRatio ? Limit.ToString("0%", CultureInfo.InvariantCulture) + " of baseline" : Limit.ToString("0.##", CultureInfo.InvariantCulture) + " " + unit);
}

/// <summary>One measured figure, the baseline measured beside it (if any), its ratio to that baseline and its target (if any).</summary>
public sealed record Figure(string Name, double Value, string Unit, double? Baseline = null, Target? Target = null)
{
    public double? Ratio => Baseline is > 0 ? Value / Baseline : null;

    /// <summary>Null when the figure has no target; false when the target needs a ratio and there is no baseline.</summary>
    public bool? Passed => Target?.Met(Target.OfRatio ? Ratio : Value);
}

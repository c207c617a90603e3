namespace Koordinering.LoadKit;

/// <summary>Nearest-rank percentiles of latencies (the smallest value with at least p of the values at or below it).</summary>
public static class Percentiles
{
    /// <param name="sorted">The values in ascending order.</param>
    /// <param name="p">Between 0 and 1: 0.99 is the 99th percentile.</param>
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        if (sorted.Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

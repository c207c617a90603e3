using System.Xml.Linq;
using Koordinering.LoadKit;

namespace Koordinering.UnitTests;

/// <summary>The pure parts of tools/bench: percentiles, figures against their targets, and the plot.</summary>
public sealed class BenchFigureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_99th_percentile_of_a_hundred_values_is_the_99th_smallest() =>
        Assert.Equal(99, Percentiles.Of(Enumerable.Range(1, 100).Select(i => (double)i).ToList(), 0.99));

    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_value() =>
        Assert.Equal(3, Percentiles.Of([1, 2, 3, 4, 5], 0.5));

    [Fact]
    public void A_percentile_of_nothing_is_zero() =>
        Assert.Equal(0, Percentiles.Of([], 0.99));

    [Fact]
    public void A_percentile_of_one_value_is_that_value() =>
        Assert.Equal(7, Percentiles.Of([7], 0.01));

    [Fact]
    public void A_numbering_started_from_a_kept_position_names_no_one_twice()
    {
        var first = new PersonNumbers(3);
        var before = Enumerable.Range(0, 100).Select(_ => first.Next()).ToList();
        var next = PersonNumbers.From(first.Position);
        var after = Enumerable.Range(0, 100).Select(_ => next.Next()).ToList();
        Assert.Empty(before.Intersect(after));
    }

    [Fact]
    public void The_ratio_is_the_value_over_its_baseline() =>
        Assert.Equal(0.25, new Figure("submit", 500, "req/s", 2000).Ratio);

    [Fact]
    public void A_figure_without_a_baseline_has_no_ratio() =>
        Assert.Null(new Figure("ready", 1.2, "s").Ratio);

    [Fact]
    public void Half_the_baseline_meets_a_fifty_percent_target() =>
        Assert.True(new Figure("submit", 1000, "req/s", 2000, Target.RatioAtLeast(0.5)).Passed);

    [Fact]
    public void Less_than_half_the_baseline_fails_a_fifty_percent_target() =>
        Assert.False(new Figure("submit", 999, "req/s", 2000, Target.RatioAtLeast(0.5)).Passed);

    [Fact]
    public void A_ratio_target_fails_when_the_baseline_is_missing() =>
        Assert.False(new Figure("submit", 1000, "req/s", 0, Target.RatioAtLeast(0.5)).Passed);

    [Fact]
    public void A_ceiling_is_met_at_the_limit_and_failed_above_it()
    {
        Assert.True(new Figure("p99", 20, "ms", Target: Target.AtMost(20)).Passed);
        Assert.False(new Figure("p99", 20.1, "ms", Target: Target.AtMost(20)).Passed);
    }

    [Fact]
    public void A_figure_without_a_target_neither_passes_nor_fails() =>
        Assert.Null(new Figure("GetPlan", 1000, "req/s", 2000).Passed);

    [Fact]
    public void Targets_describe_themselves_for_the_table()
    {
        Assert.Equal(">= 50% of baseline", Target.RatioAtLeast(0.5).Describe("req/s"));
        Assert.Equal("<= 250 ms", Target.AtMost(250).Describe("ms"));
    }

    [Fact]
    public void The_plot_is_an_svg_document_that_parses_again()
    {
        var svg = SvgPlot.Render("caption & <machine>", [Lines(7), new BarPanel("event path", "ms", [("p50", 40), ("p99", 120)], Target: 250)]);
        var parsed = XDocument.Parse(svg.ToString());
        Assert.Equal(Svg + "svg", parsed.Root!.Name);
    }

    [Fact]
    public void Each_line_has_one_point_per_concurrency_level()
    {
        var svg = SvgPlot.Render("", [Lines(7)]);
        var lines = svg.Descendants(Svg + "polyline").Select(p => p.Attribute("points")!.Value.Split(' ')).ToList();
        Assert.Equal([7, 7], lines.Select(points => points.Length));
    }

    [Fact]
    public void Each_bar_is_one_rectangle_beside_the_background()
    {
        var svg = SvgPlot.Render("", [new BarPanel("event path", "ms", [("a", 1), ("b", 2), ("c", 3), ("d", 4)])]);
        Assert.Equal(1 + 4, svg.Descendants(Svg + "rect").Count());
    }

    [Fact]
    public void A_target_is_drawn_as_a_dashed_line()
    {
        var svg = SvgPlot.Render("", [Lines(7) with { Target = 20 }]);
        Assert.Single(svg.Descendants(Svg + "line"), l => l.Attribute("stroke-dasharray") is not null);
    }

    [Fact]
    public void The_panels_stand_side_by_side()
    {
        var svg = SvgPlot.Render("", [Lines(7), Lines(7), Lines(7)]);
        Assert.Equal("1200", svg.Root!.Attribute("width")!.Value);
    }

    [Fact]
    public void A_process_stat_line_gives_its_parent_and_its_user_and_system_ticks()
    {
        // A command name with a space and a parenthesis of its own: the fields count from the last ')'.
        var (parent, ticks) = ProcessCpu.ParseStat("4242 (postgres: w) x) S 17 4242 4242 0 -1 4194560 1200 0 3 0 250 75 0 0 20 0 1 0 5000 ");
        Assert.Equal(17, parent);
        Assert.Equal(325, ticks);
    }

    [Fact]
    public void The_machine_is_busy_in_everything_but_idle_and_waiting_for_the_disk() =>
        Assert.Equal(10 + 1 + 5 + 2 + 3 + 4, ProcessCpu.BusyTicks("cpu  10 1 5 1000 500 2 3 4 0 0"));

    private static LinePanel Lines(int levels)
    {
        var xs = Enumerable.Range(0, levels).Select(i => Math.Pow(2, i)).ToList();
        return new LinePanel("throughput", "callers", "req/s",
        [
            new Series("gRPC", "#00f", xs.Select(x => (x, x * 100)).ToList()),
            new Series("pgbench", "#888", xs.Select(x => (x, x * 300)).ToList()),
        ]);
    }
}

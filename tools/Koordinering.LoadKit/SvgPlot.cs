using System.Globalization;
using System.Xml.Linq;

namespace Koordinering.LoadKit;

/// <summary>A named line of (x, y) points.</summary>
public sealed record Series(string Name, string Colour, IReadOnlyList<(double X, double Y)> Points);

/// <summary>A chart of lines against a base-2 logarithmic x axis (concurrency 1..64), with an optional dashed target.</summary>
public sealed record LinePanel(string Title, string XLabel, string YLabel, IReadOnlyList<Series> Lines, double? Target = null);

/// <summary>A chart of bars, one a value, with an optional dashed target.</summary>
public sealed record BarPanel(string Title, string YLabel, IReadOnlyList<(string Label, double Value)> Bars, double? Target = null);

/// <summary>
/// Writes the bench's plot as a plain SVG document, panels side by side: built with XDocument so that
/// it is always well-formed, and with nothing but lines, rectangles and text so any browser shows it.
/// </summary>
public static class SvgPlot
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const double Width = 400, Height = 300, Left = 60, Right = 15, Top = 40, Bottom = 50;

    public static XDocument Render(string caption, IReadOnlyList<object> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var root = new XElement(Svg + "svg",
            new XAttribute("width", N(Width * panels.Count)), new XAttribute("height", N(Height + 30)),
            new XAttribute("viewBox", $"0 0 {N(Width * panels.Count)} {N(Height + 30)}"),
            new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", "11"),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "white")));
        for (var i = 0; i < panels.Count; i++)
        {
            var g = new XElement(Svg + "g", new XAttribute("transform", $"translate({N(i * Width)},0)"));
            switch (panels[i])
            {
                case LinePanel line:
                    DrawLines(g, line);
                    break;
                case BarPanel bar:
                    DrawBars(g, bar);
                    break;
                default:
                    throw new ArgumentException($"Not a panel: {panels[i]}", nameof(panels));
            }
            root.Add(g);
        }
        root.Add(Text(10, Height + 20, caption, "start", "#555"));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static void DrawLines(XElement g, LinePanel panel)
    {
        var all = panel.Lines.SelectMany(l => l.Points).ToList();
        var xMax = Math.Max(1, all.Count == 0 ? 64 : all.Max(p => p.X));
        var yMax = Nice(Math.Max(panel.Target ?? 0, all.Count == 0 ? 1 : all.Max(p => p.Y)));
        var log = Math.Log2(xMax);
        double X(double x) => Left + (log == 0 ? 0 : Math.Log2(Math.Max(1, x)) / log) * (Width - Left - Right);
        double Y(double y) => Top + (1 - y / yMax) * (Height - Top - Bottom);
        Frame(g, panel.Title, panel.YLabel, yMax, Y);
        for (var x = 1d; x <= xMax; x *= 2)
        {
            g.Add(Text(X(x), Height - Bottom + 14, N(x), "middle", "#333"));
        }
        g.Add(Text(Left + (Width - Left - Right) / 2, Height - Bottom + 30, panel.XLabel, "middle", "#333"));
        if (panel.Target is { } target)
        {
            g.Add(Dashed(Y(target), $"target {N(target)}"));
        }
        for (var i = 0; i < panel.Lines.Count; i++)
        {
            var series = panel.Lines[i];
            g.Add(new XElement(Svg + "polyline", new XAttribute("fill", "none"), new XAttribute("stroke", series.Colour), new XAttribute("stroke-width", "2"),
                new XAttribute("points", string.Join(' ', series.Points.Select(p => $"{N(X(p.X))},{N(Y(p.Y))}")))));
            g.Add(Text(Left + 8, Top + 12 + i * 14, series.Name, "start", series.Colour));
        }
    }

    private static void DrawBars(XElement g, BarPanel panel)
    {
        var yMax = Nice(Math.Max(panel.Target ?? 0, panel.Bars.Count == 0 ? 1 : panel.Bars.Max(b => b.Value)));
        double Y(double y) => Top + (1 - y / yMax) * (Height - Top - Bottom);
        Frame(g, panel.Title, panel.YLabel, yMax, Y);
        var slot = (Width - Left - Right) / Math.Max(1, panel.Bars.Count);
        for (var i = 0; i < panel.Bars.Count; i++)
        {
            var (label, value) = panel.Bars[i];
            var x = Left + i * slot + slot * 0.2;
            g.Add(new XElement(Svg + "rect", new XAttribute("x", N(x)), new XAttribute("y", N(Y(value))), new XAttribute("width", N(slot * 0.6)),
                new XAttribute("height", N(Height - Bottom - Y(value))), new XAttribute("fill", "#4878a8")));
            g.Add(Text(x + slot * 0.3, Y(value) - 3, N(value), "middle", "#333"));
            g.Add(Text(x + slot * 0.3, Height - Bottom + 14, label, "middle", "#333"));
        }
        if (panel.Target is { } target)
        {
            g.Add(Dashed(Y(target), $"target {N(target)}"));
        }
    }

    private static void Frame(XElement g, string title, string yLabel, double yMax, Func<double, double> y)
    {
        g.Add(Text(Width / 2, 20, title, "middle", "#000", bold: true));
        for (var i = 0; i <= 4; i++)
        {
            var v = yMax * i / 4;
            g.Add(new XElement(Svg + "line", new XAttribute("x1", N(Left)), new XAttribute("x2", N(Width - Right)), new XAttribute("y1", N(y(v))), new XAttribute("y2", N(y(v))),
                new XAttribute("stroke", i == 0 ? "#333" : "#ddd")));
            g.Add(Text(Left - 4, y(v) + 4, N(v), "end", "#333"));
        }
        g.Add(new XElement(Svg + "line", new XAttribute("x1", N(Left)), new XAttribute("x2", N(Left)), new XAttribute("y1", N(Top)), new XAttribute("y2", N(Height - Bottom)), new XAttribute("stroke", "#333")));
        g.Add(new XElement(Svg + "text", new XAttribute("transform", $"translate(14,{N((Top + Height - Bottom) / 2)}) rotate(-90)"), new XAttribute("text-anchor", "middle"), yLabel));
    }

    private static XElement Dashed(double y, string label) => new(Svg + "g",
        new XElement(Svg + "line", new XAttribute("x1", N(Left)), new XAttribute("x2", N(Width - Right)), new XAttribute("y1", N(y)), new XAttribute("y2", N(y)),
            new XAttribute("stroke", "#c33"), new XAttribute("stroke-dasharray", "5,4")),
        Text(Width - Right, y - 3, label, "end", "#c33"));

    private static XElement Text(double x, double y, string text, string anchor, string colour, bool bold = false) => new(Svg + "text",
        new XAttribute("x", N(x)), new XAttribute("y", N(y)), new XAttribute("text-anchor", anchor), new XAttribute("fill", colour),
        bold ? new XAttribute("font-weight", "bold") : null, text);

    /// <summary>The next round number above the value (1, 2 or 5 times a power of ten), so the axis reads well.</summary>
    private static double Nice(double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1d, 2, 5, 10 }.Select(m => m * power).First(m => m >= value);
    }

    private static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}

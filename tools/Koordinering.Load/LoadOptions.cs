using System.Globalization;

namespace Koordinering.Load;

/// <summary>The load generator's arguments.</summary>
public sealed record LoadOptions(Uri Address, string Token, int Rate, int Seconds, string Out, string Municipality, int Seed, int Grace)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        int Number(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new LoadOptions(new Uri(Required("address")), Required("token"), Number("rate", 20), Number("seconds", 30), Required("out"),
            values.GetValueOrDefault("municipality", "0301"), Number("seed", 0), Number("grace", 120));
    }
}

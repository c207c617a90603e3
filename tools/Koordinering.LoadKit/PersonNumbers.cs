namespace Koordinering.LoadKit;

/// <summary>
/// Valid synthetic fødselsnummer of adults born 1950–1989 (individual numbers 000–499), each once,
/// in a fixed order from the seed: two runs with different seeds name different people. A run that
/// keeps <see cref="Position"/> and starts the next one there (<see cref="From"/>) never names anyone twice.
/// </summary>
public sealed class PersonNumbers(int seed)
{
    private static readonly int[] K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    private long _next = (long)seed * 1_000_003;
    private readonly Lock _gate = new();

    public static PersonNumbers From(long position) => new(0) { _next = position };

    /// <summary>Where the next number is taken from.</summary>
    public long Position
    {
        get
        {
            lock (_gate)
            {
                return _next;
            }
        }
    }

    public string Next()
    {
        lock (_gate)
        {
            while (true)
            {
                var n = _next++;
                var individual = (int)(n % 500);
                var day = (int)(n / 500 % 28) + 1;
                var month = (int)(n / 500 / 28 % 12) + 1;
                var year = (int)(n / 500 / 28 / 12 % 40) + 50;
                if (Number($"{day:00}{month:00}{year:00}{individual:000}") is { } number)
                {
                    return number;
                }
            }
        }
    }

    private static string? Number(string nine)
    {
        var digits = nine.Select(c => c - '0').ToList();
        var k1 = (11 - digits.Select((d, i) => d * K1[i]).Sum() % 11) % 11;
        if (k1 == 10)
        {
            return null;
        }
        digits.Add(k1);
        var k2 = (11 - digits.Select((d, i) => d * K2[i]).Sum() % 11) % 11;
        return k2 == 10 ? null : nine + k1 + k2;
    }
}

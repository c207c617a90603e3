namespace Koordinering.UnitTests;

/// <summary>Makes valid identity numbers for tests, by the check-digit rules of docs/domain.md.</summary>
public static class IdentityNumbers
{
    private static readonly int[] K1Weights = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] K2Weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    /// <summary>
    /// A number from nine digits; <paramref name="remainder"/> 0 is the classic first check
    /// digit, 1–3 the variants allowed from 2032. Null where that check digit would be 10 or more.
    /// </summary>
    public static string? Make(string nineDigits, int remainder = 0)
    {
        var d = nineDigits.Select(c => c - '0').ToList();
        var s1 = d.Select((x, i) => x * K1Weights[i]).Sum() % 11;
        var k1 = (11 + remainder - s1) % 11;
        if (k1 > 9) return null;
        d.Add(k1);
        var s2 = d.Select((x, i) => x * K2Weights[i]).Sum() % 11;
        var k2 = s2 == 0 ? 0 : 11 - s2;
        if (k2 == 10) return null;
        d.Add(k2);
        return string.Concat(d);
    }

    /// <summary>A valid classic fødselsnummer for a birth date, trying individual numbers until the check digits work.</summary>
    public static string For(DateOnly birthDate)
    {
        var (from, to) = birthDate.Year switch
        {
            >= 2000 and <= 2039 => (500, 999),
            >= 1900 and <= 1999 => (0, 499),
            _ => throw new ArgumentOutOfRangeException(nameof(birthDate)),
        };
        for (var individual = from; individual <= to; individual++)
        {
            var number = Make($"{birthDate:ddMMyy}{individual:000}");
            if (number is not null) return number;
        }
        throw new InvalidOperationException("No valid number for that date.");
    }
}

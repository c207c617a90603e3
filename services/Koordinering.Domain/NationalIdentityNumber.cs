namespace Koordinering.Domain;

public enum IdentityNumberKind
{
    /// <summary>Fødselsnummer.</summary>
    BirthNumber = 1,

    /// <summary>D-nummer: the first digit is raised by 4 (day + 40).</summary>
    DNumber = 2,

    /// <summary>H-nummer (internal): the month is raised by 40.</summary>
    HNumber = 3,
}

/// <summary>
/// A Norwegian national identity number (fødselsnummer, D-number or H-number): 11 digits,
/// DDMMYY, three individual digits and two check digits. Numbers issued from 2032 may have a
/// first check digit computed with a remainder of 0–3 added (k1 = 11, 12, 13 or 14 minus the
/// weighted sum mod 11); both rules are accepted. The value never goes into a log, a trace or
/// an exception message: <see cref="ToString"/> masks it.
/// </summary>
public readonly record struct NationalIdentityNumber
{
    private static readonly int[] K1Weights = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    private static readonly int[] K2Weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    private NationalIdentityNumber(string value, IdentityNumberKind kind)
    {
        Value = value;
        Kind = kind;
    }

    public string Value { get; }
    public IdentityNumberKind Kind { get; }

    public static bool TryParse(string? text, out NationalIdentityNumber number)
    {
        number = default;
        if (text is null || text.Length != 11 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }
        var d = text.Select(c => c - '0').ToArray();
        if (!ChecksumsHold(d))
        {
            return false;
        }
        var day = d[0] * 10 + d[1];
        var month = d[2] * 10 + d[3];
        var kind = IdentityNumberKind.BirthNumber;
        if (day > 40)
        {
            day -= 40;
            kind = IdentityNumberKind.DNumber;
        }
        if (month > 40)
        {
            month -= 40;
            kind = kind == IdentityNumberKind.DNumber ? kind : IdentityNumberKind.HNumber;
        }
        // Day and month must make a date in some year (29 February only in leap years is not
        // checked, since the century cannot always be read from numbers issued from 2032).
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2000, month))
        {
            return false;
        }
        number = new NationalIdentityNumber(text, kind);
        return true;
    }

    /// <summary>
    /// The birth date where the number still tells the century (individual digits per the
    /// classic rules); null for numbers whose century cannot be read.
    /// </summary>
    public DateOnly? BirthDate
    {
        get
        {
            var day = int.Parse(Value.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture) % 40;
            var month = int.Parse(Value.AsSpan(2, 2), System.Globalization.CultureInfo.InvariantCulture) % 40;
            var year = int.Parse(Value.AsSpan(4, 2), System.Globalization.CultureInfo.InvariantCulture);
            var individual = int.Parse(Value.AsSpan(6, 3), System.Globalization.CultureInfo.InvariantCulture);
            int? century = individual switch
            {
                <= 499 => 1900,
                >= 500 and <= 749 when year >= 54 => 1800,
                >= 500 and <= 999 when year <= 39 => 2000,
                >= 900 and <= 999 when year >= 40 => 1900,
                _ => null,
            };
            if (century is null || day > DateTime.DaysInMonth(century.Value + year, month))
            {
                return null;
            }
            return new DateOnly(century.Value + year, month, day);
        }
    }

    private static bool ChecksumsHold(int[] d)
    {
        var sum1 = 0;
        for (var i = 0; i < 9; i++)
        {
            sum1 += K1Weights[i] * d[i];
        }
        // Classic rule: k1 = 11 − (sum mod 11), 11 → 0, 10 invalid. From 2032: k1 may also be
        // 12, 13 or 14 − (sum mod 11), i.e. (k1 + sum) mod 11 ∈ {0, 1, 2, 3}.
        if ((sum1 + d[9]) % 11 > 3)
        {
            return false;
        }
        var sum2 = 0;
        for (var i = 0; i < 10; i++)
        {
            sum2 += K2Weights[i] * d[i];
        }
        var k2 = 11 - sum2 % 11;
        if (k2 == 11)
        {
            k2 = 0;
        }
        return k2 != 10 && k2 == d[10];
    }

    public override string ToString() => "***********";
}

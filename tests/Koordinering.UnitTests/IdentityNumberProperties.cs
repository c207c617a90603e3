using FsCheck;
using FsCheck.Fluent;
using Koordinering.Domain;

namespace Koordinering.UnitTests;

/// <summary>Property tests: every generated valid number is accepted; every single-digit change of one is rejected.</summary>
public sealed class IdentityNumberProperties
{
    public enum Kind
    {
        BirthNumber,
        DNumber,
        From2032,
    }

    public sealed record Generated(string Number, Kind Kind);

    public static class Numbers
    {
        public static Arbitrary<Generated> Valid() => Gen.Sized(_ =>
            from kind in Gen.Elements(Kind.BirthNumber, Kind.DNumber, Kind.From2032)
            from day in Gen.Choose(1, 28)
            from month in Gen.Choose(1, 12)
            from year in Gen.Choose(0, 99)
            from individual in Gen.Choose(0, 999)
            from remainder in Gen.Choose(kind == Kind.From2032 ? 1 : 0, kind == Kind.From2032 ? 3 : 0)
            let nine = $"{day + (kind == Kind.DNumber ? 40 : 0):00}{month:00}{year:00}{individual:000}"
            let number = IdentityNumbers.Make(nine, remainder)
            where number is not null
            select new Generated(number!, kind)).ToArbitrary();
    }

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Every_valid_number_is_accepted() =>
        Prop.ForAll(Numbers.Valid(), generated =>
            NationalIdentityNumber.TryParse(generated.Number, out var parsed)
            && parsed.Kind == (generated.Kind == Kind.DNumber ? IdentityNumberKind.DNumber : IdentityNumberKind.BirthNumber)).Check(Config);

    [Fact]
    public void Every_single_digit_change_is_rejected() =>
        Prop.ForAll(Numbers.Valid(), NoSingleDigitChangeIsAccepted).Check(Config);

    private static bool NoSingleDigitChangeIsAccepted(Generated generated)
    {
        for (var position = 0; position < 11; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (generated.Number[position] == digit)
                {
                    continue;
                }
                var changed = string.Concat(generated.Number[..position], digit.ToString(), generated.Number[(position + 1)..]);
                if (NationalIdentityNumber.TryParse(changed, out _))
                {
                    return false;
                }
            }
        }
        return true;
    }
}

using System.Globalization;
using Koordinering.Domain;
using Koordinering.Notification.Texts;

namespace Koordinering.UnitTests;

/// <summary>
/// A letter's dates in bokmål and nynorsk, written out by the services themselves: they run with invariant
/// globalization (no ICU), where a Norwegian culture cannot even be created.
/// </summary>
public sealed class LetterDateTests
{
    [Theory]
    [InlineData(1, "januar")]
    [InlineData(2, "februar")]
    [InlineData(3, "mars")]
    [InlineData(4, "april")]
    [InlineData(5, "mai")]
    [InlineData(6, "juni")]
    [InlineData(7, "juli")]
    [InlineData(8, "august")]
    [InlineData(9, "september")]
    [InlineData(10, "oktober")]
    [InlineData(11, "november")]
    [InlineData(12, "desember")]
    public void Each_month_is_spelt_as_in_both_written_standards(int month, string name)
    {
        Assert.Equal($"5. {name} 2027", Templates.Date(new DateOnly(2027, month, 5), WrittenStandard.Nb));
        Assert.Equal($"5. {name} 2027", Templates.Date(new DateOnly(2027, month, 5), WrittenStandard.Nn));
    }

    [Fact]
    public void The_day_has_no_leading_zero_and_the_year_all_four_digits()
    {
        Assert.Equal("1. mars 2027", Templates.Date(new DateOnly(2027, 3, 1), WrittenStandard.Nb));
        Assert.Equal("31. desember 2026", Templates.Date(new DateOnly(2026, 12, 31), WrittenStandard.Nn));
    }

    [Fact]
    public void The_services_have_no_culture_data_to_lean_on()
    {
        Assert.True(CultureInfo.InvariantCulture.Equals(CultureInfo.CurrentCulture));
        Assert.Throws<CultureNotFoundException>(() => CultureInfo.GetCultureInfo("nb-NO"));
    }
}

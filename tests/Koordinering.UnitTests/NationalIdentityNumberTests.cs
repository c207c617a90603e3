using Koordinering.Domain;

namespace Koordinering.UnitTests;

public sealed class NationalIdentityNumberTests
{
    [Theory]
    [InlineData("15076500565")] // a published test fødselsnummer
    [InlineData("01010012356")]
    public void Known_valid_numbers_are_accepted(string text)
    {
        Assert.True(NationalIdentityNumber.TryParse(text, out var number));
        Assert.Equal(IdentityNumberKind.BirthNumber, number.Kind);
    }

    [Fact]
    public void A_number_made_by_the_rules_for_a_date_is_accepted_and_gives_that_birth_date()
    {
        var text = IdentityNumbers.For(new DateOnly(2012, 3, 14));
        Assert.True(NationalIdentityNumber.TryParse(text, out var number));
        Assert.Equal(new DateOnly(2012, 3, 14), number.BirthDate);
    }

    [Fact]
    public void A_d_number_has_forty_added_to_the_day()
    {
        var text = IdentityNumbers.Make("550590123") ?? IdentityNumbers.Make("550590124")!;
        Assert.True(NationalIdentityNumber.TryParse(text, out var number));
        Assert.Equal(IdentityNumberKind.DNumber, number.Kind);
        Assert.Equal(new DateOnly(1990, 5, 15), number.BirthDate);
    }

    [Fact]
    public void An_h_number_has_forty_added_to_the_month()
    {
        var text = Enumerable.Range(100, 200).Select(i => IdentityNumbers.Make($"1545{80}{i:000}")).First(n => n is not null)!;
        Assert.True(NationalIdentityNumber.TryParse(text, out var number));
        Assert.Equal(IdentityNumberKind.HNumber, number.Kind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Numbers_issued_from_2032_with_a_remainder_of_one_to_three_are_accepted(int remainder)
    {
        var text = Enumerable.Range(0, 999).Select(i => IdentityNumbers.Make($"010150{i:000}", remainder)).First(n => n is not null)!;
        Assert.True(NationalIdentityNumber.TryParse(text, out _));
    }

    [Fact]
    public void A_remainder_of_four_is_rejected()
    {
        var text = Enumerable.Range(0, 999).Select(i => IdentityNumbers.Make($"010150{i:000}", 4)).First(n => n is not null)!;
        Assert.False(NationalIdentityNumber.TryParse(text, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1507650056")]
    [InlineData("150765005655")]
    [InlineData("1507650056a")]
    [InlineData("15076500566")] // wrong second check digit
    [InlineData("32016512345")] // no 32nd day
    [InlineData("01136512345")] // no 13th month
    public void Malformed_numbers_are_rejected(string? text) =>
        Assert.False(NationalIdentityNumber.TryParse(text, out _));

    [Fact]
    public void Every_single_digit_change_of_a_valid_number_is_rejected()
    {
        var valid = IdentityNumbers.For(new DateOnly(1987, 11, 23));
        for (var position = 0; position < 11; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (valid[position] == digit) continue;
                var changed = string.Concat(valid[..position], digit.ToString(), valid[(position + 1)..]);
                Assert.False(NationalIdentityNumber.TryParse(changed, out _), $"position {position}");
            }
        }
    }

    [Fact]
    public void The_value_never_shows_in_its_text_form()
    {
        Assert.True(NationalIdentityNumber.TryParse("15076500565", out var number));
        Assert.DoesNotContain("150765", number.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("150765", $"{number}", StringComparison.Ordinal);
    }
}

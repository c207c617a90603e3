namespace Koordinering.Domain;

public static class Ages
{
    /// <summary>Whole years on a day: the birthday itself counts.</summary>
    public static int On(DateOnly born, DateOnly day)
    {
        var age = day.Year - born.Year;
        return born.AddYears(age) > day ? age - 1 : age;
    }
}

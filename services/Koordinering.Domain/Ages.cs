namespace Koordinering.Domain;

public static class Ages
{
    /// <summary>
    /// Whole years on a day: the birthday itself counts. A person born on 29 February completes a
    /// year on 1 March in a common year (the 28th is still the day before the anniversary).
    /// </summary>
    public static int On(DateOnly born, DateOnly day)
    {
        var age = day.Year - born.Year;
        return (day.Month, day.Day).CompareTo((born.Month, born.Day)) < 0 ? age - 1 : age;
    }
}

namespace MarketData.Client.Testing.Internal;

/// <summary>Fixed-rule exchange holidays and half days (weekends are handled by the caller).</summary>
internal static class TradingCalendar
{
    public static bool IsHoliday(string market, DateOnly day) => market switch
    {
        "US" => (day.Month, day.Day) is (1, 1) or (6, 19) or (7, 4) or (12, 25) || day == Thanksgiving(day.Year),
        "HK" => (day.Month, day.Day) is (1, 1) or (5, 1) or (7, 1) or (10, 1) or (12, 25) or (12, 26),
        _ => (day.Month == 1 && day.Day == 1) || (day.Month == 5 && day.Day <= 5) || (day.Month == 10 && day.Day <= 7),
    };

    public static bool IsHalfDay(string market, DateOnly day) => market switch
    {
        "US" => (day.Month, day.Day) is (7, 3) or (12, 24) || day == Thanksgiving(day.Year).AddDays(1),
        "HK" => (day.Month, day.Day) is (12, 24) or (12, 31),
        _ => false,
    };

    private static DateOnly Thanksgiving(int year)
    {
        var first = new DateOnly(year, 11, 1);
        var firstThursday = first.AddDays(((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7);
        return firstThursday.AddDays(21);
    }
}

namespace MarketData.Client.Testing.Internal;

/// <summary>Exchange holidays and half days by rule (weekends are handled by the caller).</summary>
internal static class TradingCalendar
{
    public static bool IsHoliday(string market, DateOnly day) => market switch
    {
        "US" => IsUsHoliday(day),
        "HK" => (day.Month, day.Day) is (1, 1) or (5, 1) or (7, 1) or (10, 1) or (12, 25) or (12, 26) || day == Easter(day.Year).AddDays(-2) || day == Easter(day.Year).AddDays(1),
        _ => (day.Month == 1 && day.Day == 1) || (day.Month == 5 && day.Day <= 5) || (day.Month == 10 && day.Day <= 7),
    };

    public static bool IsHalfDay(string market, DateOnly day) => market switch
    {
        "US" => (day.Month, day.Day) is (7, 3) or (12, 24) || day == Nth(day.Year, 11, DayOfWeek.Thursday, 4).AddDays(1),
        "HK" => (day.Month, day.Day) is (12, 24) or (12, 31),
        _ => false,
    };

    private static bool IsUsHoliday(DateOnly day)
    {
        var y = day.Year;
        return day == Observed(new DateOnly(y, 1, 1))
            || day == Nth(y, 1, DayOfWeek.Monday, 3) // Martin Luther King Jr. Day
            || day == Nth(y, 2, DayOfWeek.Monday, 3) // Washington's Birthday
            || day == Easter(y).AddDays(-2) // Good Friday
            || day == Last(y, 5, DayOfWeek.Monday) // Memorial Day
            || day == Observed(new DateOnly(y, 6, 19))
            || day == Observed(new DateOnly(y, 7, 4))
            || day == Nth(y, 9, DayOfWeek.Monday, 1) // Labor Day
            || day == Nth(y, 11, DayOfWeek.Thursday, 4) // Thanksgiving
            || day == Observed(new DateOnly(y, 12, 25));
    }

    /// <summary>A holiday on a Saturday is observed on the Friday before, one on a Sunday on the Monday after.</summary>
    private static DateOnly Observed(DateOnly day) => day.DayOfWeek switch
    {
        DayOfWeek.Saturday => day.AddDays(-1),
        DayOfWeek.Sunday => day.AddDays(1),
        _ => day,
    };

    private static DateOnly Nth(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays((((int)weekday - (int)first.DayOfWeek + 7) % 7) + (7 * (n - 1)));
    }

    private static DateOnly Last(int year, int month, DayOfWeek weekday)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)weekday + 7) % 7));
    }

    /// <summary>Easter Sunday (anonymous Gregorian algorithm).</summary>
    private static DateOnly Easter(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var dayOfMonth = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, dayOfMonth);
    }
}

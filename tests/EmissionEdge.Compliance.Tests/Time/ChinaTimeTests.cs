using EmissionEdge.Compliance.Time;

namespace EmissionEdge.Compliance.Tests.Time;

public sealed class ChinaTimeTests
{
    [Fact]
    public void Utc_1500_is_2300_of_the_same_local_day_and_utc_1600_starts_the_next_local_day()
    {
        Assert.Equal(new DateOnly(2026, 3, 15), ChinaTime.LocalDate(new DateTime(2026, 3, 15, 15, 59, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateOnly(2026, 3, 16), ChinaTime.LocalDate(new DateTime(2026, 3, 15, 16, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 3, 15, 16, 0, 0, DateTimeKind.Utc), ChinaTime.DayStartUtc(new DateOnly(2026, 3, 16)));
    }

    [Fact]
    public void A_utc_time_before_midnight_utc_on_the_last_of_the_month_is_already_the_next_local_month()
    {
        var utc = new DateTime(2026, 3, 31, 16, 30, 0, DateTimeKind.Utc); // 2026-04-01 00:30 local
        Assert.Equal(new DateOnly(2026, 4, 1), ChinaTime.LocalMonth(utc));
        Assert.Equal(new DateTime(2026, 3, 31, 16, 0, 0, DateTimeKind.Utc), ChinaTime.MonthStartUtc(new DateOnly(2026, 4, 1)));
    }

    [Fact]
    public void Formats_report_times_in_plus_0800()
    {
        Assert.Equal("2026-03-15T09:00:00+08:00", ChinaTime.Format(new DateTime(2026, 3, 15, 1, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("2026-03-16T00:00:00+08:00", ChinaTime.Format(new DateTime(2026, 3, 15, 16, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Hour_start_truncates_to_the_hour_and_refuses_non_utc()
    {
        Assert.Equal(new DateTime(2026, 3, 15, 1, 0, 0, DateTimeKind.Utc), ChinaTime.HourStartUtc(new DateTime(2026, 3, 15, 1, 59, 0, DateTimeKind.Utc)));
        Assert.Throws<ArgumentException>(() => ChinaTime.HourStartUtc(new DateTime(2026, 3, 15, 1, 0, 0, DateTimeKind.Local)));
    }
}

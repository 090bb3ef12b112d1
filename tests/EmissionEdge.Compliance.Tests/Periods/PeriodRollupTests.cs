using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Periods;
using EmissionEdge.Compliance.Profiles;
using static EmissionEdge.Compliance.Tests.Minutes;

namespace EmissionEdge.Compliance.Tests.Periods;

public sealed class PeriodRollupTests
{
    private static readonly UnitProfile Profile = new(Unit);

    /// <summary>The 24 hours of China-local 2026-03-16 (from 2026-03-15 16:00 UTC), the first <paramref name="valid"/> valid.</summary>
    private static List<HourResult> Day(int valid, double so2 = 20)
    {
        var dayStart = new DateTime(2026, 3, 15, 16, 0, 0, DateTimeKind.Utc);
        var hours = new List<HourResult>();
        for (var h = 0; h < 24; h++)
        {
            var start = dayStart.AddHours(h);
            var minutes = GasHour(so2 + h, o2: 6, hour: start);
            if (h >= valid)
            {
                minutes = minutes.Take(30).ToList();
            }

            hours.Add(HourAggregator.Aggregate(Profile, start, minutes));
        }

        return hours;
    }

    [Fact]
    public void Twenty_valid_hours_make_a_valid_day_and_nineteen_do_not()
    {
        var valid = PeriodRollup.Days(Profile, Day(20)).Single(d => d.Pollutant == Pollutant.SO2);
        Assert.True(valid.Valid);
        Assert.Equal(20, valid.ValidHours);
        Assert.Equal("2026-03-16", valid.Period);
        Assert.Equal(29.5m, valid.CorrectedAverage); // mean of 20..39

        var invalid = PeriodRollup.Days(Profile, Day(19)).Single(d => d.Pollutant == Pollutant.SO2);
        Assert.False(invalid.Valid);
        Assert.Equal(19, invalid.ValidHours);
        Assert.False(invalid.Exceeds);
    }

    [Fact]
    public void Hours_either_side_of_utc_midnight_fall_in_the_same_china_local_day()
    {
        // 15:00 UTC on the 15th is 23:00 local on the 15th; 16:00 UTC is 00:00 on the 16th; 23:00 UTC is 07:00 on the 16th
        var at = (int day, int hour) => new DateTime(2026, 3, day, hour, 0, 0, DateTimeKind.Utc);
        var hours = new[] { at(15, 15), at(15, 16), at(15, 23), at(16, 0) }
            .Select(start => HourAggregator.Aggregate(Profile, start, GasHour(20, 6, hour: start))).ToList();
        var days = PeriodRollup.Days(Profile, hours).Where(d => d.Pollutant == Pollutant.SO2).ToList();
        Assert.Equal(["2026-03-15", "2026-03-16"], days.Select(d => d.Period));
        Assert.Equal([1, 3], days.Select(d => d.ValidHours));
    }

    [Fact]
    public void Months_split_on_china_local_month_start_and_count_valid_days()
    {
        var hours = Day(20).Concat(Day(24).Select(h => h with { HourStartUtc = h.HourStartUtc.AddDays(16) })).ToList(); // 16 March and 1 April local
        var months = PeriodRollup.Months(Profile, hours).Where(m => m.Pollutant == Pollutant.SO2).ToList();
        Assert.Equal(["2026-03", "2026-04"], months.Select(m => m.Period));
        Assert.Equal(1, months[0].ValidDays);
        Assert.Equal(1, months[1].ValidDays);
        Assert.Equal(24, months[1].ValidHours);
    }
}

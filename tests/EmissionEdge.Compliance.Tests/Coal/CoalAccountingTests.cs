using EmissionEdge.Compliance.Coal;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using static EmissionEdge.Compliance.Tests.Minutes;

namespace EmissionEdge.Compliance.Tests.Coal;

public sealed class CoalAccountingTests
{
    [Fact]
    public void Worked_example_250000_t_at_20900_with_6e8_kWh_and_5_5_percent_aux_is_314_8()
    {
        var standard = CoalAccounting.StandardCoalTonnes(250_000, 20_900, 29_271);
        Assert.Equal(178_504.32, standard, 0.01);
        var rate = CoalAccounting.NetGcePerKwh(standard, 6.0e8 * (1 - 0.055));
        Assert.Equal(314.8224, rate!.Value, 1e-4);
    }

    [Fact]
    public void Net_rate_needs_positive_net_energy() =>
        Assert.Null(CoalAccounting.NetGcePerKwh(10, 0));

    /// <summary>
    /// The worked example spread over April 2026 (30 days × 24 h): 347.222… t/h raw coal (250 000 t), 833.333… MW gross
    /// (6.0e8 kWh), 45.8333… MW auxiliary (5.5 %).
    /// </summary>
    private static List<HourResult> ExampleMonth(UnitProfile profile)
    {
        var accumulator = new HourAccumulator();
        var hours = new List<HourResult>();
        var start = new DateTime(2026, 3, 31, 16, 0, 0, DateTimeKind.Utc); // 2026-04-01 00:00 local
        for (var h = 0; h < 30 * 24; h++)
        {
            var hour = start.AddHours(h);
            accumulator.Start(profile, hour);
            for (var m = 0; m < 60; m++)
            {
                accumulator.Add(new MinuteRecord(profile.Id, hour.AddMinutes(m))
                {
                    [Channel.CoalFeed] = V(250_000.0 / 720),
                    [Channel.GrossPower] = V(6.0e8 / 720 / 1000),
                    [Channel.AuxPower] = V(6.0e8 * 0.055 / 720 / 1000),
                });
            }

            hours.Add(accumulator.Complete());
        }

        return hours;
    }

    [Theory]
    [InlineData(UnitClass.Existing, 320, false)]
    [InlineData(UnitClass.New, 300, true)]
    public void The_example_month_from_minute_data_gives_314_8_passing_320_and_failing_300(UnitClass unitClass, int limit, bool exceeds)
    {
        var profile = new UnitProfile(Unit) { Class = unitClass, CoalLhvKjPerKg = 20_900 };
        var asOf = new DateTime(2026, 4, 30, 16, 0, 0, DateTimeKind.Utc); // 2026-05-01 00:00 local: April closed
        var periods = CoalAccounting.Periods(profile, ExampleMonth(profile), asOf);
        var april = Assert.Single(periods, p => p.Kind == CoalPeriodKind.Month);
        Assert.Equal("2026-04", april.Period);
        Assert.True(april.Closed);
        Assert.Equal(720, april.Hours);
        Assert.Equal(250_000, april.RawCoalTonnes, 1e-3);
        Assert.Equal(6.0e8, april.GrossKwh, 1);
        Assert.Equal(5.67e8, april.NetKwh, 1);
        Assert.Equal(314.8m, april.NetGcePerKwh);
        Assert.Equal(limit, april.Limit);
        Assert.Equal(exceeds, april.Exceeds);
    }

    [Fact]
    public void A_month_is_open_until_the_as_of_time_passes_its_china_local_end()
    {
        var profile = new UnitProfile(Unit) { CoalLhvKjPerKg = 20_900 };
        var hours = ExampleMonth(profile);
        var justBefore = new DateTime(2026, 4, 30, 15, 59, 0, DateTimeKind.Utc);
        Assert.False(CoalAccounting.Periods(profile, hours, justBefore).Single(p => p.Kind == CoalPeriodKind.Month).Closed);
    }

    [Fact]
    public void A_rate_equal_to_the_limit_fails_because_plans_require_below()
    {
        // 1 t raw at 29 271 kJ/kg = 1 t standard; 3125 kWh net → 320.0 g/kWh
        var profile = new UnitProfile(Unit) { CoalLhvKjPerKg = 29_271 };
        var hour = new HourResult
        {
            Unit = Unit,
            HourStartUtc = Hour,
            Coal = new CoalHour { RawCoalTonnes = 1, StandardCoalTonnes = 1, LhvKjPerKg = 29_271, GrossKwh = 3125, CoalMinutes = 60, GrossPowerMinutes = 60 },
        };
        var month = CoalAccounting.Periods(profile, [hour], Hour).Single(p => p.Kind == CoalPeriodKind.Month);
        Assert.Equal(320.0m, month.NetGcePerKwh);
        Assert.True(month.Exceeds);
    }

    [Fact]
    public void Each_hour_uses_the_lhv_of_its_china_local_day_and_the_rate_is_sum_over_sum()
    {
        // Two hours either side of local midnight (15:00 and 16:00 UTC on 2026-03-15):
        // day 15 default LHV 20 900, day 16 overridden to 25 000.
        var profile = new UnitProfile(Unit)
        {
            CoalLhvKjPerKg = 20_900,
            DailyCoalLhvKjPerKg = new Dictionary<DateOnly, double> { [new DateOnly(2026, 3, 16)] = 25_000 },
        };
        HourResult Hour(int utcHour, double coalTph, double grossMw)
        {
            var start = new DateTime(2026, 3, 15, utcHour, 0, 0, DateTimeKind.Utc);
            return HourAggregator.Aggregate(profile, start, Enumerable.Range(0, 60).Select(m => new MinuteRecord(Unit, start.AddMinutes(m))
            {
                [Channel.CoalFeed] = V(coalTph),
                [Channel.GrossPower] = V(grossMw),
            }));
        }

        var late = Hour(15, 300, 600);   // local 23:00 on the 15th
        var early = Hour(16, 100, 400);  // local 00:00 on the 16th
        Assert.Equal(300 * 20_900 / 29_271.0, late.Coal.StandardCoalTonnes!.Value, 1e-9);
        Assert.Equal(100 * 25_000 / 29_271.0, early.Coal.StandardCoalTonnes!.Value, 1e-9);

        var month = CoalAccounting.Periods(profile, [late, early], early.HourStartUtc.AddHours(1)).Single(p => p.Kind == CoalPeriodKind.Month);
        var expected = (300 * 20_900 + 100 * 25_000) / 29_271.0 * 1e6 / 1_000_000.0;
        Assert.Equal(expected, month.RawNetGcePerKwh!.Value, 1e-9);
        var meanOfRates = (late.Coal.StandardCoalTonnes.Value * 1e6 / 600_000 + early.Coal.StandardCoalTonnes.Value * 1e6 / 400_000) / 2;
        Assert.NotEqual(meanOfRates, month.RawNetGcePerKwh.Value, 1e-3);
    }

    [Fact]
    public void Rolling_twelve_months_sum_the_last_twelve_months_and_drop_older_ones()
    {
        var profile = new UnitProfile(Unit) { CoalLhvKjPerKg = 29_271 };
        HourResult In(int year, int month, double standardTonnes, double netKwh) => new()
        {
            Unit = Unit,
            HourStartUtc = ChinaTimeMonth(year, month),
            Coal = new CoalHour { RawCoalTonnes = standardTonnes, StandardCoalTonnes = standardTonnes, LhvKjPerKg = 29_271, GrossKwh = netKwh, CoalMinutes = 60, GrossPowerMinutes = 60 },
        };

        var hours = new[] { In(2025, 3, 1, 1000), In(2025, 4, 1, 3000), In(2026, 3, 2, 6000) };
        var periods = CoalAccounting.Periods(profile, hours, ChinaTimeMonth(2026, 4));
        var rolling = periods.Single(p => p.Kind == CoalPeriodKind.Rolling12Months && p.Period == "2025-04/2026-03");
        Assert.Equal(3e6 / 9000, rolling.RawNetGcePerKwh!.Value, 1e-9); // March 2025 is outside
        Assert.True(rolling.Closed);
    }

    [Fact]
    public void An_hour_burning_coal_without_lhv_leaves_the_period_without_rate()
    {
        var profile = new UnitProfile(Unit);
        var hour = HourAggregator.Aggregate(profile, Hour, Enumerable.Range(0, 60).Select(m => new MinuteRecord(Unit, Hour.AddMinutes(m))
        {
            [Channel.CoalFeed] = V(300),
            [Channel.GrossPower] = V(600),
        }));
        var month = CoalAccounting.Periods(profile, [hour], Hour.AddHours(1)).Single(p => p.Kind == CoalPeriodKind.Month);
        Assert.Equal(1, month.HoursWithoutLhv);
        Assert.Null(month.NetGcePerKwh);
        Assert.False(month.Exceeds);
    }

    private static DateTime ChinaTimeMonth(int year, int month) => EmissionEdge.Compliance.Time.ChinaTime.MonthStartUtc(new DateOnly(year, month, 1));
}

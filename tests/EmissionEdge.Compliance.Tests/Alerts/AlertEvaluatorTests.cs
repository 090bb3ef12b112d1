using EmissionEdge.Compliance.Alerts;
using EmissionEdge.Compliance.Coal;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Compliance.Time;
using static EmissionEdge.Compliance.Tests.Minutes;

namespace EmissionEdge.Compliance.Tests.Alerts;

public sealed class AlertEvaluatorTests
{
    private static readonly UnitProfile Profile = new(Unit);

    /// <summary>An hour <paramref name="offset"/> hours after <see cref="Minutes.Hour"/> with an SO2 result: a value (valid) or a flag (invalid).</summary>
    private static HourResult So2Hour(int offset, decimal? value, DataFlag invalidFlag = DataFlag.B) => new()
    {
        Unit = Unit,
        HourStartUtc = Hour.AddHours(offset),
        SO2 = new PollutantHour
        {
            Pollutant = Pollutant.SO2,
            Measured = true,
            Valid = value is not null,
            ValidMinutes = value is null ? 10 : 60,
            Flag = value is null ? invalidFlag : DataFlag.N,
            CorrectedAverage = value,
            Limit = 35m,
            Exceeds = value > 35m,
        },
    };

    private static IReadOnlyList<Alert> Evaluate(IReadOnlyList<HourResult> hours, DateTime? asOf = null, int gapHours = 4) =>
        AlertEvaluator.Evaluate(Profile, hours, [], asOf, new ComplianceOptions { DataGapHours = gapHours });

    [Fact]
    public void Exceedance_opens_at_the_first_exceeding_hour_and_closes_at_the_first_compliant_valid_hour()
    {
        var hours = new[] { So2Hour(0, 20), So2Hour(1, 40), So2Hour(2, 52.4m), So2Hour(3, 36), So2Hour(4, 35.0m), So2Hour(5, 20) };
        var alert = Assert.Single(Evaluate(hours));
        Assert.Equal(AlertKind.Exceedance, alert.Kind);
        Assert.Equal(Pollutant.SO2, alert.Pollutant);
        Assert.Equal(Hour.AddHours(1), alert.StartUtc);
        Assert.Equal(Hour.AddHours(4), alert.EndUtc); // 35.0 passes and closes it
        Assert.Equal(52.4m, alert.Peak);
        Assert.Equal(3, alert.Count);
        Assert.False(alert.IsOpen);
    }

    [Fact]
    public void An_exceedance_still_exceeding_at_the_last_hour_is_open()
    {
        var alert = Assert.Single(Evaluate([So2Hour(0, 20), So2Hour(1, 40)]));
        Assert.Null(alert.EndUtc);
        Assert.True(alert.IsOpen);
    }

    [Fact]
    public void Invalid_and_missing_hours_neither_close_nor_extend_an_exceedance()
    {
        // exceed, invalid (calibration), no data for hour 2, exceed again → still one alert; closes at hour 4
        var hours = new[] { So2Hour(0, 40), So2Hour(1, null, DataFlag.C), So2Hour(3, 41), So2Hour(4, 30) };
        var alert = Assert.Single(Evaluate(hours), a => a.Kind == AlertKind.Exceedance);
        Assert.Equal(Hour, alert.StartUtc);
        Assert.Equal(Hour.AddHours(4), alert.EndUtc);
        Assert.Equal(2, alert.Count);
        Assert.Equal(41m, alert.Peak);
    }

    [Fact]
    public void Two_separate_exceedances_get_two_ids_and_ids_are_stable_across_evaluations()
    {
        var first = Evaluate([So2Hour(0, 40), So2Hour(1, 20), So2Hour(2, 45)]);
        Assert.Equal(2, first.Count);
        Assert.NotEqual(first[0].Id, first[1].Id);
        Assert.Null(first[1].EndUtc);

        // one more hour arrives: the open alert closes, with the same id
        var later = Evaluate([So2Hour(0, 40), So2Hour(1, 20), So2Hour(2, 45), So2Hour(3, 10)]);
        Assert.Equal(first[1].Id, later[1].Id);
        Assert.Equal(Hour.AddHours(3), later[1].EndUtc);
        Assert.Equal(first[0], later[0]);
        Assert.Equal(AlertId.For(Unit, AlertKind.Exceedance, Pollutant.SO2, Hour.AddHours(2)), later[1].Id);
        Assert.Matches("^[0-9a-f]{32}$", later[1].Id);
    }

    [Fact]
    public void Alert_id_depends_on_unit_kind_pollutant_and_start_only()
    {
        var id = AlertId.For("U1", AlertKind.Exceedance, Pollutant.SO2, Hour);
        Assert.Equal(id, AlertId.For("U1", AlertKind.Exceedance, Pollutant.SO2, Hour));
        Assert.NotEqual(id, AlertId.For("U2", AlertKind.Exceedance, Pollutant.SO2, Hour));
        Assert.NotEqual(id, AlertId.For("U1", AlertKind.DataGap, Pollutant.SO2, Hour));
        Assert.NotEqual(id, AlertId.For("U1", AlertKind.Exceedance, Pollutant.NOx, Hour));
        Assert.NotEqual(id, AlertId.For("U1", AlertKind.Exceedance, Pollutant.SO2, Hour.AddHours(1)));
    }

    [Fact]
    public void Data_gap_opens_after_the_configured_number_of_hours_without_a_valid_hour()
    {
        var hours = new[] { So2Hour(0, 20), So2Hour(1, null, DataFlag.D), So2Hour(2, null, DataFlag.D), So2Hour(3, null, DataFlag.D) };
        Assert.Empty(Evaluate(hours, gapHours: 4)); // 3 hours: not yet
        var gap = Assert.Single(Evaluate(hours, gapHours: 3));
        Assert.Equal(AlertKind.DataGap, gap.Kind);
        Assert.Equal(Pollutant.SO2, gap.Pollutant);
        Assert.Equal(Hour.AddHours(1), gap.StartUtc);
        Assert.Null(gap.EndUtc);
        Assert.Null(gap.Peak);
    }

    [Fact]
    public void Hours_with_no_data_up_to_the_as_of_time_count_toward_a_gap_and_a_valid_hour_closes_it()
    {
        var open = Assert.Single(Evaluate([So2Hour(0, 20)], asOf: Hour.AddHours(5)));
        Assert.Equal(Hour.AddHours(1), open.StartUtc);
        Assert.Equal(4, open.Count);
        Assert.Null(open.EndUtc);

        var closed = Assert.Single(Evaluate([So2Hour(0, 20), So2Hour(6, 20)]));
        Assert.Equal(open.Id, closed.Id);
        Assert.Equal(Hour.AddHours(6), closed.EndUtc);
        Assert.Equal(5, closed.Count);
    }

    [Fact]
    public void Unit_stopped_F_hours_do_not_count_toward_a_gap_nor_break_it()
    {
        var stopped = Enumerable.Range(1, 10).Select(h => So2Hour(h, null, DataFlag.F));
        Assert.Empty(Evaluate([So2Hour(0, 20), .. stopped, So2Hour(11, 20)]));

        // 2 missing, 5 stopped, 2 missing: 4 gap hours in one run starting at hour 1
        HourResult[] mixed = [So2Hour(0, 20), So2Hour(1, null), So2Hour(2, null), .. Enumerable.Range(3, 5).Select(h => So2Hour(h, null, DataFlag.F)), So2Hour(8, null), So2Hour(9, null), So2Hour(10, 20)];
        var gap = Assert.Single(Evaluate(mixed));
        Assert.Equal(Hour.AddHours(1), gap.StartUtc);
        Assert.Equal(Hour.AddHours(10), gap.EndUtc);
        Assert.Equal(4, gap.Count);
    }

    [Fact]
    public void Hours_must_be_ordered_and_of_the_unit()
    {
        Assert.Throws<ArgumentException>(() => Evaluate([So2Hour(1, 20), So2Hour(0, 20)]));
        Assert.Throws<ArgumentException>(() => Evaluate([So2Hour(0, 20) with { Unit = "U2" }]));
    }

    private static CoalPeriodResult Month(int month, decimal rate, bool closed = true) => new()
    {
        Unit = Unit,
        Kind = CoalPeriodKind.Month,
        Period = $"2026-{month:00}",
        FirstMonth = new DateOnly(2026, month, 1),
        LastMonth = new DateOnly(2026, month, 1),
        StartUtc = ChinaTime.MonthStartUtc(new DateOnly(2026, month, 1)),
        EndUtc = ChinaTime.MonthStartUtc(new DateOnly(2026, month, 1).AddMonths(1)),
        Closed = closed,
        Hours = 720,
        HoursWithoutLhv = 0,
        RawCoalTonnes = 1,
        StandardCoalTonnes = 1,
        GrossKwh = 1,
        AuxKwh = 0,
        RawNetGcePerKwh = (double)rate,
        NetGcePerKwh = rate,
        Limit = 320m,
        Exceeds = rate >= 320m,
    };

    [Fact]
    public void Coal_alert_opens_on_a_closed_failing_month_and_closes_on_the_next_passing_month()
    {
        var alerts = AlertEvaluator.Evaluate(Profile, [], [Month(1, 314.8m), Month(2, 322.5m), Month(3, 325.1m), Month(4, 318m), Month(5, 330m, closed: false)]);
        var coal = Assert.Single(alerts);
        Assert.Equal(AlertKind.Coal, coal.Kind);
        Assert.Null(coal.Pollutant);
        Assert.Equal(ChinaTime.MonthStartUtc(new DateOnly(2026, 2, 1)), coal.StartUtc);
        Assert.Equal(ChinaTime.MonthStartUtc(new DateOnly(2026, 4, 1)), coal.EndUtc);
        Assert.Equal(325.1m, coal.Peak);
        Assert.Equal(2, coal.Count);
    }

    [Fact]
    public void An_open_month_never_raises_a_coal_alert()
    {
        Assert.Empty(AlertEvaluator.Evaluate(Profile, [], [Month(5, 340m, closed: false)]));
        Assert.Single(AlertEvaluator.Evaluate(Profile, [], [Month(5, 340m)]), a => a.IsOpen);
    }
}

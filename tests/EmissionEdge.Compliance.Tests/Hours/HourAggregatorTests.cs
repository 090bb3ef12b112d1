using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using static EmissionEdge.Compliance.Tests.Minutes;

namespace EmissionEdge.Compliance.Tests.Hours;

public sealed class HourAggregatorTests
{
    private static readonly UnitProfile Profile = new(Unit);

    private static HourResult Aggregate(IEnumerable<MinuteRecord> minutes, UnitProfile? profile = null, DateTime? hour = null) =>
        HourAggregator.Aggregate(profile ?? Profile, hour ?? Hour, minutes);

    [Fact]
    public void Averaging_order_correct_each_minute_then_average_gives_26_67_not_25_00()
    {
        // 30 min at 20 mg/m3 & 6 % O2 plus 30 min at 20 mg/m3 & 12 % O2 (domain.md §2).
        var minutes = Enumerable.Range(0, 60).Select(m => Gas(m, so2: 20, o2: m < 30 ? 6 : 12));
        var so2 = Aggregate(minutes).SO2;
        Assert.Equal(80.0 / 3.0, so2.RawCorrectedAverage!.Value, 1e-9);
        Assert.Equal(26.7m, so2.CorrectedAverage);
        Assert.Equal(20.0m, so2.Average);
        Assert.NotEqual(25.0m, so2.CorrectedAverage); // what correcting the hourly averages would give: 20 × 15 / (21 − 9)
    }

    [Fact]
    public void Forty_five_valid_minutes_make_a_valid_hour_and_forty_four_do_not()
    {
        static IEnumerable<MinuteRecord> WithValid(int valid) => Enumerable.Range(0, 60).Select(m =>
        {
            var record = Gas(m, so2: 20, o2: 6);
            if (m >= valid)
            {
                record[Channel.SO2] = V(20, DataFlag.C);
            }

            return record;
        });

        var valid = Aggregate(WithValid(45)).SO2;
        Assert.True(valid.Valid);
        Assert.Equal(45, valid.ValidMinutes);
        Assert.Equal(DataFlag.N, valid.Flag);

        var invalid = Aggregate(WithValid(44)).SO2;
        Assert.False(invalid.Valid);
        Assert.Equal(44, invalid.ValidMinutes);
        Assert.Equal(DataFlag.C, invalid.Flag);
        Assert.False(invalid.Exceeds);
    }

    [Fact]
    public void Forty_five_minutes_received_of_sixty_is_valid_and_the_missing_are_counted()
    {
        var so2 = Aggregate(Enumerable.Range(0, 45).Select(m => Gas(m, so2: 20, o2: 6))).SO2;
        Assert.True(so2.Valid);
        Assert.Equal(15, so2.MissingMinutes);
    }

    [Theory]
    [InlineData(35.0, false, "35.0")]
    [InlineData(35.04, false, "35.0")]
    [InlineData(35.05, false, "35.0")]  // rounds half-to-even to 35.0: passes, as printed
    [InlineData(35.06, true, "35.1")]
    [InlineData(35.15, true, "35.2")]
    public void So2_exactly_at_the_limit_passes_and_the_verdict_follows_the_reported_value(double so2, bool exceeds, string reported)
    {
        var result = Aggregate(GasHour(so2, o2: 6)).SO2;
        Assert.Equal(reported, result.CorrectedAverage!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(35m, result.Limit);
        Assert.Equal(exceeds, result.Exceeds);
    }

    [Theory]
    [InlineData(50.05, "50.0", false)]
    [InlineData(50.25, "50.2", true)]
    public void Nox_rounds_half_to_even_before_it_is_judged_against_50(double nox, string reported, bool exceeds)
    {
        var result = Aggregate(GasHour(so2: 10, o2: 6, nox: nox)).NOx;
        Assert.Equal(reported, result.CorrectedAverage!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(exceeds, result.Exceeds);
    }

    [Fact]
    public void Invalid_hour_carries_the_dominant_flag_with_missing_minutes_counting_as_B()
    {
        // 20 valid, 25 C, 15 missing → C
        var minutes = Enumerable.Range(0, 45).Select(m =>
        {
            var record = Gas(m, so2: 20, o2: 6);
            if (m >= 20)
            {
                record[Channel.SO2] = NoValue(DataFlag.C);
            }

            return record;
        });
        Assert.Equal(DataFlag.C, Aggregate(minutes).SO2.Flag);

        // 20 valid, 10 M, 30 missing → B
        var fewer = Enumerable.Range(0, 30).Select(m =>
        {
            var record = Gas(m, so2: 20, o2: 6);
            if (m >= 20)
            {
                record[Channel.SO2] = NoValue(DataFlag.M);
            }

            return record;
        });
        Assert.Equal(DataFlag.B, Aggregate(fewer).SO2.Flag);

        // 30 F (unit stopped, O2 at 20.9) and 30 M: tie goes to F
        var tie = Enumerable.Range(0, 60).Select(m =>
        {
            var record = Gas(m, so2: 20, o2: m < 30 ? 20.9 : 6);
            if (m >= 30)
            {
                record[Channel.SO2] = NoValue(DataFlag.M);
            }

            return record;
        });
        Assert.Equal(DataFlag.F, Aggregate(tie).SO2.Flag);
    }

    [Fact]
    public void A_valid_hour_with_an_over_range_minute_is_flagged_T_and_the_T_value_counts()
    {
        var minutes = GasHour(so2: 20, o2: 6);
        minutes[10][Channel.SO2] = V(620, DataFlag.T);
        var so2 = Aggregate(minutes).SO2;
        Assert.True(so2.Valid);
        Assert.Equal(DataFlag.T, so2.Flag);
        Assert.Equal(60, so2.ValidMinutes);
        Assert.Equal(30.0m, so2.CorrectedAverage); // (59 × 20 + 620) / 60
        Assert.False(so2.Exceeds);
    }

    [Fact]
    public void Duplicate_minutes_count_once_and_the_last_received_copy_wins()
    {
        var minutes = GasHour(so2: 20, o2: 6);
        minutes.Add(Gas(0, so2: 80, o2: 6)); // a re-sent minute 0 with a corrected value
        var result = Aggregate(minutes);
        Assert.Equal(60, result.MinutesReceived);
        Assert.Equal(60, result.SO2.ValidMinutes);
        Assert.Equal(21.0m, result.SO2.CorrectedAverage); // (59 × 20 + 80) / 60

        var identicalTwice = GasHour(so2: 20, o2: 6).Concat(GasHour(so2: 20, o2: 6));
        Assert.Equal(Aggregate(GasHour(so2: 20, o2: 6)), Aggregate(identicalTwice));
    }

    [Fact]
    public void A_late_minute_that_changes_a_published_hour_is_a_revision_and_a_repeated_one_is_not()
    {
        var received = GasHour(so2: 20, o2: 6).Take(50).ToList();
        var published = Aggregate(received);

        var again = Aggregate(received.Concat([received[3]]));
        Assert.False(again.IsRevisionOf(published));

        var late = Aggregate(received.Concat([Gas(55, so2: 800, o2: 6)])); // (50 × 20 + 800) / 51 = 35.29
        Assert.True(late.IsRevisionOf(published));
        Assert.Equal(51, late.SO2.ValidMinutes);
        Assert.True(late.SO2.Exceeds);
        Assert.False(published.SO2.Exceeds);
    }

    [Fact]
    public void A_minute_outside_the_hour_or_of_another_unit_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Aggregate([Gas(60, so2: 20, o2: 6)]));
        Assert.Throws<ArgumentException>(() => Aggregate([Gas(-1, so2: 20, o2: 6)]));
        Assert.Throws<ArgumentException>(() => Aggregate([Gas(0, so2: 20, o2: 6, unit: "U2")]));
        Assert.Throws<ArgumentException>(() => Aggregate([], hour: Hour.AddMinutes(30)));
    }

    [Fact]
    public void Mass_is_summed_over_the_valid_minutes_with_flow()
    {
        var minutes = GasHour(so2: 20, o2: 12);
        foreach (var minute in minutes.Take(50))
        {
            minute[Channel.Flow] = V(1.2e6);
        }

        var so2 = Aggregate(minutes).SO2;
        Assert.Equal(50, so2.MassMinutes);
        Assert.Equal(50 * 0.4, so2.MassKg!.Value, 1e-9); // 20 mg/m3 uncorrected × 1.2e6 m3/h × 1e-6 / 60 per minute
        Assert.Null(Aggregate(GasHour(so2: 20, o2: 6)).SO2.MassKg);
    }

    [Fact]
    public void An_unmeasured_pollutant_has_no_hour()
    {
        var minutes = Enumerable.Range(0, 60).Select(m => new MinuteRecord(Unit, Hour.AddMinutes(m)) { [Channel.SO2] = V(20), [Channel.O2] = V(6) });
        var result = Aggregate(minutes);
        Assert.True(result.SO2.Measured);
        Assert.False(result.Dust.Measured);
        Assert.False(result.NOx.Measured);
    }

    [Fact]
    public void The_limit_is_the_one_in_force_on_the_china_local_date_of_the_hour()
    {
        // 2026-06-30 16:00 UTC is 2026-07-01 00:00 local, when a stricter dust limit of 5 takes effect
        var profile = Profile with { Limits = [new PollutantLimit(Pollutant.Dust, 5m, new DateOnly(2026, 7, 1))] };
        var before = new DateTime(2026, 6, 30, 15, 0, 0, DateTimeKind.Utc);
        var after = new DateTime(2026, 6, 30, 16, 0, 0, DateTimeKind.Utc);
        var dustBefore = Aggregate(GasHour(so2: 20, o2: 6, hour: before, dust: 7), profile, before).Dust;
        var dustAfter = Aggregate(GasHour(so2: 20, o2: 6, hour: after, dust: 7), profile, after).Dust;
        Assert.Equal(10m, dustBefore.Limit);
        Assert.False(dustBefore.Exceeds);
        Assert.Equal(5m, dustAfter.Limit);
        Assert.True(dustAfter.Exceeds);
    }

    [Fact]
    public void Coal_and_energy_are_integrated_per_minute()
    {
        // 360 t/h for 60 min = 360 t; 600 MW gross = 600 000 kWh; 33 MW aux = 33 000 kWh
        var minutes = Enumerable.Range(0, 60).Select(m => new MinuteRecord(Unit, Hour.AddMinutes(m))
        {
            [Channel.CoalFeed] = V(360),
            [Channel.GrossPower] = V(600),
            [Channel.AuxPower] = V(33),
        });
        var coal = Aggregate(minutes, Profile with { CoalLhvKjPerKg = 20900 }).Coal;
        Assert.Equal(360, coal.RawCoalTonnes, 1e-9);
        Assert.Equal(600_000, coal.GrossKwh, 1e-6);
        Assert.Equal(33_000, coal.AuxKwh, 1e-6);
        Assert.Equal(567_000, coal.NetKwh, 1e-6);
        Assert.Equal(360 * 20900 / 29271.0, coal.StandardCoalTonnes!.Value, 1e-9);
        Assert.Equal(60, coal.CoalMinutes);
    }

    [Fact]
    public void The_accumulator_can_be_reused_for_the_next_hour_and_keeps_minutes_after_complete()
    {
        var accumulator = new HourAccumulator();
        accumulator.Start(Profile, Hour);
        foreach (var minute in GasHour(so2: 20, o2: 6).Take(44))
        {
            accumulator.Add(minute);
        }

        Assert.False(accumulator.Complete().SO2.Valid);
        accumulator.Add(Gas(50, so2: 20, o2: 6));
        Assert.True(accumulator.Complete().SO2.Valid);

        var next = Hour.AddHours(1);
        accumulator.Start(Profile, next);
        Assert.Equal(0, accumulator.MinutesReceived);
        accumulator.Add(Gas(0, so2: 20, o2: 6, hour: next));
        Assert.Equal(1, accumulator.Complete().SO2.ValidMinutes);
    }
}

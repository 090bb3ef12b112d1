using EmissionEdge.Compliance.Alerts;
using EmissionEdge.Compliance.Evaluation;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Hil.Tests.Rig;

namespace EmissionEdge.Hil.Tests;

/// <summary>A whole hour through the rig, then the received records through the compliance engine.</summary>
public sealed class ComplianceHourTests
{
    [Fact]
    public async Task An_hour_with_an_so2_excursion_is_an_exceedance_with_the_independently_worked_average()
    {
        await using var rig = await HilRig.StartAsync("exceedance");
        var records = await rig.MinutesAsync(60);
        Expect.Consecutive(records, rig.Start, 60);

        var report = ComplianceEvaluator.Evaluate([new UnitProfile("HIL-01")], records.Select(r => r.ToMinuteRecord()), asOfUtc: rig.Start.UtcDateTime.AddHours(1));
        var hour = Assert.Single(report.Hours, h => h.HourStartUtc == rig.Start.UtcDateTime);
        var so2 = hour.SO2;

        // What the analyzer showed at the 720 sampling instants (float32 on the wire), averaged per minute, then over the
        // hour; O2 is 6 %, so the correction factor (21 − 6)/(21 − 6) is 1.
        var sampled = Enumerable.Range(0, 60).Select(m => Enumerable.Range(0, 12)
            .Select(k => (double)(float)rig.Scenario.ValueAt("SO2", TimeSpan.FromSeconds((60 * m) + (5 * k)))!.Value).Average()).Average();
        Assert.Equal(44.98, sampled, 1); // README worked value: (20 × 34.9375 + 40 × 50)/60 = 44.979, plus noise of mean ≈ 0
        Assert.True(so2.Valid);
        Assert.Equal(60, so2.ValidMinutes);
        Assert.Equal(DataFlag.N, so2.Flag);
        Assert.Equal(sampled, so2.RawCorrectedAverage!.Value, 4);
        Assert.Equal(Math.Round((decimal)sampled, 1, MidpointRounding.ToEven), so2.CorrectedAverage);
        Assert.Equal(35m, so2.Limit);
        Assert.True(so2.Exceeds);
        Assert.False(hour.NOx.Exceeds); // NOx 30 ± 0.3 under 50

        var alert = Assert.Single(report.Alerts, a => a.Kind == AlertKind.Exceedance);
        Assert.Equal(Pollutant.SO2, alert.Pollutant);
        Assert.Equal(rig.Start.UtcDateTime, alert.StartUtc);
    }

    [Fact]
    public async Task An_hour_with_twenty_minutes_of_calibration_is_invalid_with_flag_c_and_its_span_gas_raises_nothing()
    {
        await using var rig = await HilRig.StartAsync("calibration-hour");
        var records = await rig.MinutesAsync(60);
        Expect.Consecutive(records, rig.Start, 60);
        Assert.Equal(20, records.Count(r => r["SO2"].Flag == 'C'));

        var report = ComplianceEvaluator.Evaluate([new UnitProfile("HIL-01")], records.Select(r => r.ToMinuteRecord()), asOfUtc: rig.Start.UtcDateTime.AddHours(1));
        var so2 = Assert.Single(report.Hours, h => h.HourStartUtc == rig.Start.UtcDateTime).SO2;

        Assert.False(so2.Valid);
        Assert.Equal(40, so2.ValidMinutes); // fewer than the 45 an hour needs
        Assert.Equal(DataFlag.C, so2.Flag);
        Assert.False(so2.Exceeds); // span gas of 80 mg/m3 was on the analyzer, flagged C: never judged
        Assert.DoesNotContain(report.Alerts, a => a.Kind == AlertKind.Exceedance);
    }
}

using EmissionEdge.Compliance.Alerts;
using EmissionEdge.Compliance.Evaluation;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using static EmissionEdge.Compliance.Tests.Minutes;

namespace EmissionEdge.Compliance.Tests.Evaluation;

public sealed class ComplianceEvaluatorTests
{
    [Fact]
    public void Evaluates_each_unit_hour_by_hour_and_matches_the_incremental_function()
    {
        var u1 = new UnitProfile("U1");
        var u2 = new UnitProfile("U2") { Class = UnitClass.New };
        var minutes = GasHour(20, 6, unit: "U1")
            .Concat(GasHour(40, 6, Hour.AddHours(1), unit: "U1"))
            .Concat(GasHour(10, 6, unit: "U2"))
            .ToList();

        var report = ComplianceEvaluator.Evaluate([u1, u2], minutes);
        Assert.Equal(Hour.AddHours(2), report.AsOfUtc);
        Assert.Equal([("U1", Hour), ("U1", Hour.AddHours(1)), ("U2", Hour)], report.Hours.Select(h => (h.Unit, h.HourStartUtc)));
        Assert.Equal(HourAggregator.Aggregate(u1, Hour.AddHours(1), minutes.Skip(60).Take(60)), report.Hours[1]);

        var exceedance = Assert.Single(report.Alerts, a => a.Kind == AlertKind.Exceedance);
        Assert.Equal("U1", exceedance.Unit);
        Assert.Null(exceedance.EndUtc);
        Assert.Equal(40.0m, exceedance.Peak);

        // U2 has no data in the second hour, which is under the gap threshold
        Assert.DoesNotContain(report.Alerts, a => a.Kind == AlertKind.DataGap);
    }

    [Fact]
    public void A_minute_of_an_unknown_unit_or_a_unit_defined_twice_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ComplianceEvaluator.Evaluate([new UnitProfile("U1")], GasHour(20, 6, unit: "U9")));
        Assert.Throws<ArgumentException>(() => ComplianceEvaluator.Evaluate([new UnitProfile("U1"), new UnitProfile("U1")], []));
    }

    [Fact]
    public void Minutes_of_one_hour_split_across_the_input_and_duplicated_give_the_same_hour()
    {
        var hour = GasHour(20, 6);
        hour[5][Channel.SO2] = V(90);
        var shuffled = hour.Skip(30).Concat(hour.Take(30)).Concat(hour.Take(10)).ToList();
        var a = ComplianceEvaluator.Evaluate([new UnitProfile(Unit)], hour);
        var b = ComplianceEvaluator.Evaluate([new UnitProfile(Unit)], shuffled);
        Assert.Equal(a.Hours, b.Hours);
    }
}

using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;

namespace EmissionEdge.Compliance.Tests.Profiles;

public sealed class UnitProfileTests
{
    [Fact]
    public void Defaults_are_the_ultra_low_limits_and_the_class_coal_limit()
    {
        var existing = new UnitProfile("U1");
        Assert.Equal(10m, existing.LimitOn(Pollutant.Dust, new DateOnly(2026, 1, 1)));
        Assert.Equal(35m, existing.LimitOn(Pollutant.SO2, new DateOnly(2026, 1, 1)));
        Assert.Equal(50m, existing.LimitOn(Pollutant.NOx, new DateOnly(2026, 1, 1)));
        Assert.Equal(320m, existing.EffectiveCoalLimit);
        Assert.Equal(300m, (existing with { Class = UnitClass.New }).EffectiveCoalLimit);
        Assert.Equal(310m, (existing with { Class = UnitClass.New, CoalLimit = 310m }).EffectiveCoalLimit);
        Assert.Equal(6.0, existing.O2ReferencePercent);
        Assert.Equal(29271.0, existing.StandardCoalKjPerKg);
        Assert.Equal(101325.0, existing.AmbientPressurePa);
        Assert.Equal(20.0, existing.O2CutOffPercent);
    }

    [Fact]
    public void A_limit_applies_from_its_date_and_the_latest_entry_wins()
    {
        var profile = new UnitProfile("U1")
        {
            Limits =
            [
                new PollutantLimit(Pollutant.Dust, 5m, new DateOnly(2026, 7, 1)),
                new PollutantLimit(Pollutant.Dust, 8m, new DateOnly(2026, 1, 1)),
            ],
        };
        Assert.Equal(10m, profile.LimitOn(Pollutant.Dust, new DateOnly(2025, 12, 31)));
        Assert.Equal(8m, profile.LimitOn(Pollutant.Dust, new DateOnly(2026, 6, 30)));
        Assert.Equal(5m, profile.LimitOn(Pollutant.Dust, new DateOnly(2026, 7, 1)));
        Assert.Equal(35m, profile.LimitOn(Pollutant.SO2, new DateOnly(2026, 7, 1)));
    }

    [Fact]
    public void Daily_lhv_overrides_the_default()
    {
        var profile = new UnitProfile("U1")
        {
            CoalLhvKjPerKg = 20900,
            DailyCoalLhvKjPerKg = new Dictionary<DateOnly, double> { [new DateOnly(2026, 3, 15)] = 21500 },
        };
        Assert.Equal(21500, profile.CoalLhvOn(new DateOnly(2026, 3, 15)));
        Assert.Equal(20900, profile.CoalLhvOn(new DateOnly(2026, 3, 16)));
        Assert.Null(new UnitProfile("U2").CoalLhvOn(new DateOnly(2026, 3, 16)));
    }

    [Fact]
    public void Validate_names_each_bad_field_and_value()
    {
        var profile = new UnitProfile("U1") { O2ReferencePercent = 21, O2CutOffPercent = 25, AmbientPressurePa = 0, CoalLhvKjPerKg = -1 };
        var problems = profile.Validate();
        Assert.Contains(problems, p => p.Contains("o2Reference") && p.Contains("21"));
        Assert.Contains(problems, p => p.Contains("o2CutOff") && p.Contains("25"));
        Assert.Contains(problems, p => p.Contains("ambientPressurePa") && p.Contains('0'));
        Assert.Contains(problems, p => p.Contains("coalLhvKjPerKg") && p.Contains("-1"));
        Assert.Throws<ArgumentException>(profile.EnsureValid);
    }
}

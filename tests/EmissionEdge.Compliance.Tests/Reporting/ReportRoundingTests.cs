using EmissionEdge.Compliance.Reporting;

namespace EmissionEdge.Compliance.Tests.Reporting;

public sealed class ReportRoundingTests
{
    [Theory]
    [InlineData(35.05, "35.0")]   // GB/T 8170: five, previous digit even → down
    [InlineData(50.25, "50.2")]
    [InlineData(35.15, "35.2")]   // five, previous digit odd → up
    [InlineData(35.051, "35.1")]  // more than half → up
    [InlineData(26.666666666666668, "26.7")]
    [InlineData(35, "35.0")]      // always one decimal
    [InlineData(-0.04, "0.0")]
    public void Rounds_half_to_even_to_one_decimal_in_decimal(double value, string expected) =>
        Assert.Equal(expected, ReportRounding.HalfEven(value).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_double_sum_landing_just_below_the_midpoint_still_rounds_as_the_decimal_value()
    {
        var average = (35.0 + 35.1) / 2; // 35.05 in double arithmetic is 35.049999999999997
        Assert.Equal(35.0m, ReportRounding.HalfEven(average));
        Assert.Equal(35.05m, ReportRounding.HalfEven(average, 2));
    }

    [Theory]
    [InlineData(2, 314.8224, "314.82")]
    [InlineData(0, 2.5, "2")]
    [InlineData(3, 1.0005, "1.000")]
    public void Decimals_are_a_parameter(int decimals, double value, string expected) =>
        Assert.Equal(expected, ReportRounding.HalfEven(value, decimals).ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Equal_to_the_limit_does_not_exceed_and_one_step_above_does() 
    {
        Assert.False(ReportRounding.Exceeds(35.0m, 35m));
        Assert.True(ReportRounding.Exceeds(35.1m, 35m));
    }

    [Fact]
    public void Refuses_non_finite_values() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportRounding.HalfEven(double.NaN));
}

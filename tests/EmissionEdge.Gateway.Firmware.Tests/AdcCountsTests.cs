using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Hardware;

namespace EmissionEdge.Gateway.Firmware.Tests;

/// <summary>The ESP32 ADC arithmetic of the app, against values worked by hand in current-loop-inputs.md.</summary>
public sealed class AdcCountsTests
{
    [Theory]
    [InlineData(36, 0)]
    [InlineData(37, 1)]
    [InlineData(38, 2)]
    [InlineData(39, 3)]
    [InlineData(32, 4)]
    [InlineData(33, 5)]
    [InlineData(34, 6)]
    [InlineData(35, 7)]
    [InlineData(4, -1)]   // ADC2_CH0: unusable with Wi-Fi
    [InlineData(25, -1)]  // ADC2_CH8
    public void Adc1_gpios_map_to_nanoFramework_logical_channels(int gpio, int channel) =>
        Assert.Equal(channel, AdcCounts.Adc1Channel(gpio));

    [Theory]
    [InlineData(496.0, 4.00)]   // 496 × 0.806 mV = 399.8 mV / 100 Ω
    [InlineData(2482.0, 20.00)] // 2482 × 0.806 mV = 2000.2 mV
    [InlineData(447.0, 3.60)]
    [InlineData(2606.0, 21.00)]
    public void Uncalibrated_counts_use_the_nominal_slope_of_0806_microvolts_per_count(double counts, double milliamps) =>
        Assert.Equal(milliamps, AdcCounts.Milliamps(counts, 100.0, null!), 2);

    [Fact]
    public void Nominal_slope_is_3300_millivolts_over_4095_counts() =>
        Assert.Equal(0.805861, AdcCounts.NominalMillivoltsPerCount, 6);

    [Theory]
    [InlineData(520.0, 4.0)]
    [InlineData(2520.0, 20.0)]
    [InlineData(1520.0, 12.0)]  // midpoint of the two calibration points
    [InlineData(470.0, 3.6)]    // 4 + 16 × (−50 / 2000)
    [InlineData(2645.0, 21.0)]  // 4 + 16 × (2125 / 2000)
    public void Calibrated_counts_follow_the_line_through_the_two_points(double counts, double milliamps) =>
        Assert.Equal(milliamps, AdcCounts.Milliamps(counts, 100.0, new AdcCalibration(520.0, 2520.0)), 9);

    [Fact]
    public void A_calibration_whose_20_mA_point_is_not_above_the_4_mA_point_is_ignored() =>
        Assert.Equal(4.0, AdcCounts.Milliamps(496.4, 100.0, new AdcCalibration(2000.0, 2000.0)), 2);

    [Fact]
    public void The_configured_calibration_reaches_the_pin_map_input_of_its_channel()
    {
        // Temp on ai-2 (0–300 °C) calibrated at 520 / 2520 counts; the other inputs keep the nominal slope.
        var text = File.ReadAllText(RepositoryPaths.Of("hardware/gateway-configs/reference.json"))
            .Replace("\"input\": \"ai-2\",", "\"input\": \"ai-2\", \"calibration\": { \"countsAt4mA\": 520, \"countsAt20mA\": 2520 },", StringComparison.Ordinal);
        var problems = new ProblemList();
        var config = GatewayConfigReader.Read(text, "reference.json", new RepositoryTextFiles("hardware/gateway-configs"), problems);
        Assert.True(problems.IsEmpty, problems.ToString());

        var calibrations = AdcCounts.CalibrationsByInput(config!);
        Assert.Equal(4, calibrations.Length);
        Assert.Equal((520.0, 2520.0), (calibrations[1]!.CountsAt4mA, calibrations[1]!.CountsAt20mA));
        Assert.Null(calibrations[0]);
        Assert.Null(calibrations[3]);

        // 1520 counts are 12.000 mA on the calibrated line: mid-range, 150 °C.
        var temp = config!.AnalogChannels[1];
        double milliamps = AdcCounts.Milliamps(1520.0, config.PinMap.AnalogInputs[1].ShuntOhms, calibrations[1]);
        Assert.Equal(12.0, milliamps, 9);
        Assert.Equal(150.0, EmissionEdge.Gateway.Core.Acquisition.CurrentLoop.Scale(milliamps, temp.RangeLow, temp.RangeHigh), 9);
    }
}

using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Compliance.Standardization;
using static EmissionEdge.Compliance.Tests.Minutes;

namespace EmissionEdge.Compliance.Tests.Standardization;

public sealed class MinuteStandardizerTests
{
    private const double Tolerance = 1e-9;

    private static StandardizedMinute So2(UnitProfile profile, MinuteRecord record) =>
        new MinuteStandardizer(profile).Standardize(record, Pollutant.SO2);

    [Fact]
    public void Dry_standard_reading_at_reference_o2_is_unchanged()
    {
        var minute = So2(new UnitProfile(Unit), Gas(0, so2: 20, o2: 6));
        Assert.True(minute.Counts);
        Assert.Equal(DataFlag.N, minute.Flag);
        Assert.Equal(20.0, minute.DryStandard, Tolerance);
        Assert.Equal(20.0, minute.Corrected, Tolerance);
    }

    [Fact]
    public void O2_correction_20_at_12_percent_is_33_33_at_6_percent()
    {
        // 20 × (21 − 6) / (21 − 12) = 33.333…
        var minute = So2(new UnitProfile(Unit), Gas(0, so2: 20, o2: 12));
        Assert.Equal(20.0, minute.DryStandard, Tolerance);
        Assert.Equal(100.0 / 3.0, minute.Corrected, Tolerance);
    }

    [Fact]
    public void O2_correction_uses_the_units_reference_o2()
    {
        // gas turbine, reference 15 %: 20 × (21 − 15) / (21 − 12) = 13.333…
        var minute = So2(new UnitProfile(Unit) { O2ReferencePercent = 15 }, Gas(0, so2: 20, o2: 12));
        Assert.Equal(40.0 / 3.0, minute.Corrected, Tolerance);
    }

    [Fact]
    public void Wet_reading_is_made_dry_with_the_h2o_channel()
    {
        // 20 / (1 − 0.10) = 22.222…
        var profile = new UnitProfile(Unit) { ChannelBasis = new Dictionary<Channel, MeasurementBasis> { [Channel.SO2] = new(Moisture.Wet, GasState.Standard) } };
        var record = Gas(0, so2: 20, o2: 6);
        record[Channel.H2O] = V(10);
        var minute = So2(profile, record);
        Assert.Equal(200.0 / 9.0, minute.DryStandard, Tolerance);
        Assert.Equal(200.0 / 9.0, minute.Corrected, Tolerance);
    }

    [Fact]
    public void Wet_o2_is_made_dry_before_correction()
    {
        // O2 wet 9 % with 10 % H2O → 10 % dry; 20 × 15 / 11 = 27.2727…
        var profile = new UnitProfile(Unit) { O2Moisture = Moisture.Wet };
        var record = Gas(0, so2: 20, o2: 9);
        record[Channel.H2O] = V(10);
        var minute = So2(profile, record);
        Assert.Equal(20.0, minute.DryStandard, Tolerance);
        Assert.Equal(300.0 / 11.0, minute.Corrected, Tolerance);
    }

    [Fact]
    public void Actual_state_reading_is_converted_with_temperature_static_pressure_and_ambient_pressure()
    {
        // 20 × 101325 / (101325 − 1000) × (273 + 127) / 273 = 29.59612…
        var profile = new UnitProfile(Unit) { ChannelBasis = new Dictionary<Channel, MeasurementBasis> { [Channel.SO2] = new(Moisture.Dry, GasState.Actual) } };
        var record = Gas(0, so2: 20, o2: 6);
        record[Channel.Temp] = V(127);
        record[Channel.Pressure] = V(-1.0);
        Assert.Equal(29.596120301328373, So2(profile, record).DryStandard, 1e-9);

        // a plant at altitude: Ba 90 000 Pa, Ps +0.5 kPa → 20 × 101325 / 90500 × 400 / 273
        var high = So2(profile with { AmbientPressurePa = 90000 }, record.WithReading(Channel.Pressure, V(0.5)));
        Assert.Equal(20.0 * 101325 / 90500 * 400 / 273, high.DryStandard, 1e-9);
    }

    [Fact]
    public void Wet_actual_reading_applies_both_conversions()
    {
        var profile = new UnitProfile(Unit) { ChannelBasis = new Dictionary<Channel, MeasurementBasis> { [Channel.SO2] = new(Moisture.Wet, GasState.Actual) } };
        var record = Gas(0, so2: 20, o2: 6);
        record[Channel.H2O] = V(10);
        record[Channel.Temp] = V(127);
        record[Channel.Pressure] = V(-1.0);
        Assert.Equal(29.596120301328373 / 0.9, So2(profile, record).DryStandard, 1e-9);
    }

    [Fact]
    public void Nox_is_derived_from_no_and_no2_with_the_molar_mass_factor_1_5332()
    {
        Assert.Equal(1.5332, MinuteStandardizer.NoToNo2Factor, 4);
        var record = At(0);
        record[Channel.NO] = V(20);
        record[Channel.NO2] = V(5);
        record[Channel.O2] = V(6);
        var minute = new MinuteStandardizer(new UnitProfile(Unit)).Standardize(record, Pollutant.NOx);
        Assert.True(minute.Counts);
        Assert.Equal(20 * 46.0055 / 30.0061 + 5, minute.DryStandard, Tolerance); // 35.6641
        Assert.Equal(35.66409830001233, minute.Corrected, 1e-9);
    }

    [Fact]
    public void Nox_from_no_alone_when_no2_is_not_measured_and_direct_nox_takes_precedence()
    {
        var standardizer = new MinuteStandardizer(new UnitProfile(Unit));
        var noOnly = At(0);
        noOnly[Channel.NO] = V(20);
        noOnly[Channel.O2] = V(6);
        Assert.Equal(20 * 46.0055 / 30.0061, standardizer.Standardize(noOnly, Pollutant.NOx).DryStandard, Tolerance);

        noOnly[Channel.NOx] = V(40);
        Assert.Equal(40, standardizer.Standardize(noOnly, Pollutant.NOx).DryStandard, Tolerance);
    }

    [Fact]
    public void Derived_nox_is_excluded_with_the_flag_of_an_invalid_no2()
    {
        var record = At(0);
        record[Channel.NO] = V(20);
        record[Channel.NO2] = NoValue(DataFlag.C);
        record[Channel.O2] = V(6);
        var minute = new MinuteStandardizer(new UnitProfile(Unit)).Standardize(record, Pollutant.NOx);
        Assert.False(minute.Counts);
        Assert.Equal(DataFlag.C, minute.Flag);
    }

    [Theory]
    [InlineData(21.0)]
    [InlineData(20.0)]   // exactly at the default cut-off
    [InlineData(20.9)]
    public void O2_at_or_above_the_cut_off_is_never_divided_by_and_the_minute_is_flagged_F(double o2)
    {
        var minute = So2(new UnitProfile(Unit), Gas(0, so2: 20, o2: o2));
        Assert.False(minute.Counts);
        Assert.Equal(DataFlag.F, minute.Flag);
        Assert.True(double.IsNaN(minute.Corrected));
    }

    [Fact]
    public void O2_just_below_the_cut_off_is_corrected_and_the_cut_off_is_a_profile_parameter()
    {
        var minute = So2(new UnitProfile(Unit), Gas(0, so2: 1, o2: 19.9));
        Assert.True(minute.Counts);
        Assert.Equal(15.0 / 1.1, minute.Corrected, 1e-9);

        var lowered = So2(new UnitProfile(Unit) { O2CutOffPercent = 19 }, Gas(0, so2: 1, o2: 19.5));
        Assert.Equal(DataFlag.F, lowered.Flag);
    }

    [Fact]
    public void Missing_o2_excludes_the_minute_with_D_and_an_o2_under_calibration_carries_C()
    {
        var noO2 = At(0);
        noO2[Channel.SO2] = V(20);
        Assert.Equal(DataFlag.D, So2(new UnitProfile(Unit), noO2).Flag);

        var calibrating = Gas(0, so2: 20, o2: 6);
        calibrating[Channel.O2] = V(6, DataFlag.C);
        var minute = So2(new UnitProfile(Unit), calibrating);
        Assert.False(minute.Counts);
        Assert.Equal(DataFlag.C, minute.Flag);
    }

    [Fact]
    public void Wet_channel_without_a_valid_h2o_carries_the_h2o_flag_or_D()
    {
        var profile = new UnitProfile(Unit) { ChannelBasis = new Dictionary<Channel, MeasurementBasis> { [Channel.SO2] = new(Moisture.Wet, GasState.Standard) } };
        Assert.Equal(DataFlag.D, So2(profile, Gas(0, so2: 20, o2: 6)).Flag); // H2O absent

        var maintenance = Gas(0, so2: 20, o2: 6);
        maintenance[Channel.H2O] = NoValue(DataFlag.M);
        Assert.Equal(DataFlag.M, So2(profile, maintenance).Flag);

        var saturated = Gas(0, so2: 20, o2: 6);
        saturated[Channel.H2O] = V(100);
        Assert.Equal(DataFlag.D, So2(profile, saturated).Flag); // 1 − Xsw = 0: never divided
    }

    [Fact]
    public void Actual_state_channel_without_temperature_or_pressure_is_excluded()
    {
        var profile = new UnitProfile(Unit) { ChannelBasis = new Dictionary<Channel, MeasurementBasis> { [Channel.SO2] = new(Moisture.Dry, GasState.Actual) } };
        var record = Gas(0, so2: 20, o2: 6);
        record[Channel.Temp] = V(120);
        Assert.Equal(DataFlag.D, So2(profile, record).Flag);
        record[Channel.Pressure] = NoValue(DataFlag.B);
        Assert.Equal(DataFlag.B, So2(profile, record).Flag);
    }

    [Fact]
    public void The_pollutants_own_flag_wins_and_T_counts()
    {
        var calibrating = Gas(0, so2: 20, o2: 6);
        calibrating[Channel.SO2] = V(80, DataFlag.C);
        Assert.Equal(DataFlag.C, So2(new UnitProfile(Unit), calibrating).Flag);

        var overRange = Gas(0, so2: 20, o2: 6);
        overRange[Channel.SO2] = V(400, DataFlag.T);
        var minute = So2(new UnitProfile(Unit), overRange);
        Assert.True(minute.Counts);
        Assert.Equal(DataFlag.T, minute.Flag);
        Assert.Equal(400, minute.Corrected, Tolerance);
    }

    [Fact]
    public void A_present_N_reading_without_value_is_D_and_an_absent_channel_is_absent()
    {
        var record = Gas(0, so2: 20, o2: 6);
        record[Channel.SO2] = NoValue(DataFlag.N);
        Assert.Equal(DataFlag.D, So2(new UnitProfile(Unit), record).Flag);

        var noSo2 = At(0);
        noSo2[Channel.O2] = V(6);
        Assert.False(So2(new UnitProfile(Unit), noSo2).IsPresent);
    }

    [Fact]
    public void Mass_per_minute_uses_the_dry_standard_flow()
    {
        // C 20 mg/m3 × 1.2e6 m3/h × 1e-6 / 60 = 0.4 kg in the minute
        var record = Gas(0, so2: 20, o2: 12);
        record[Channel.Flow] = V(1.2e6);
        Assert.Equal(0.4, So2(new UnitProfile(Unit), record).MassKg, 1e-12);

        // wet actual flow: 1.2e6 × (1 − 0.1) × (101325 − 1000)/101325 × 273/400
        var profile = new UnitProfile(Unit) { ChannelBasis = new Dictionary<Channel, MeasurementBasis> { [Channel.Flow] = new(Moisture.Wet, GasState.Actual) } };
        record[Channel.H2O] = V(10);
        record[Channel.Temp] = V(127);
        record[Channel.Pressure] = V(-1);
        var flow = 1.2e6 * 0.9 * 100325.0 / 101325.0 * 273.0 / 400.0;
        Assert.Equal(20 * flow * 1e-6 / 60, So2(profile, record).MassKg, 1e-12);
    }

    [Fact]
    public void Invalid_flow_leaves_the_concentration_counted_without_mass()
    {
        var record = Gas(0, so2: 20, o2: 6);
        record[Channel.Flow] = NoValue(DataFlag.D);
        var minute = So2(new UnitProfile(Unit), record);
        Assert.True(minute.Counts);
        Assert.False(minute.HasMass);
    }
}

internal static class MinuteRecordTestExtensions
{
    public static MinuteRecord WithReading(this MinuteRecord record, Channel channel, ChannelReading reading)
    {
        var copy = new MinuteRecord(record.Unit, record.MinuteUtc);
        foreach (var c in Channels.All)
        {
            copy[c] = record[c];
        }

        copy[channel] = reading;
        return copy;
    }
}
